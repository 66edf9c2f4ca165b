# The broken project (an unknown key) through the GitHub composite action's run: steps
# and both GitLab templates' mlgate-gate job (run_steps.py): exit 2, no reports,
# status=error.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_05_ci_templates/defines.sh
source "$suite/defines.sh"
make_project broken
run_steps broken
