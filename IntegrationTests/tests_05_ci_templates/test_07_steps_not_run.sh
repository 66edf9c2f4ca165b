# The steps of the GitHub workflows and GitLab jobs that the step tests do not run
# (they need GitHub or GitLab), each with its reason or stand-in.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_05_ci_templates/defines.sh
source "$suite/defines.sh"
run_steps skipped
