# The merge-request comment as the templates post it (run_steps.py comment): both GitLab
# templates' mlgate-gate with the note on, and mlgate-comment.yml's `mlgate comment`,
# against fake_forge.py, a local stand-in for GitHub's and GitLab's APIs: the comment is
# created, then updated in place (one comment, found again by its marker); a refused note
# (403) leaves the gate's verdict alone; a refused GitHub comment (422) fails only the
# comment step, with GitHub's message; no token in any log.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_05_ci_templates/defines.sh
source "$suite/defines.sh"
make_project passing
run_steps comment
