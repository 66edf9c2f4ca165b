# The workflows' own run: steps, with a stand-in `gh` on PATH (run_steps.py workflows):
# mlgate-gate.yml's pull-request number and its comparison with the base branch's last
# successful run; mlgate-comment.yml's permissions (no checkout of anything), the
# download of the gate run's reports, and its check of the pull request (a number, whose
# head is the gated commit; anything else stops the comment).
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_05_ci_templates/defines.sh
source "$suite/defines.sh"
make_project passing
run_steps workflows
