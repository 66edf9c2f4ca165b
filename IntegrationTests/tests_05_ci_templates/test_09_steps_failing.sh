# The failing project (rows min 1000) through the GitHub composite action's run: steps
# and both GitLab templates' mlgate-gate job (run_steps.py): exit 1 from the action's
# last step and the GitLab job, ::error annotations on mlgate.yml, status=failed.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_05_ci_templates/defines.sh
source "$suite/defines.sh"
make_project failing
run_steps failing
