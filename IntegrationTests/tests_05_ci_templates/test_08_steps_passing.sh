# The passing project (config Examples/loans/mlgate.yml) through the GitHub composite
# action's run: steps and both GitLab templates' mlgate-gate job (run_steps.py): exit 0,
# the five reports, the Markdown in the step summary, status=passed in the outputs.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_05_ci_templates/defines.sh
source "$suite/defines.sh"
make_project passing
run_steps passing
