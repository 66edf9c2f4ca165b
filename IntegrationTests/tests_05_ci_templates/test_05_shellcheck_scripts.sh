# Runs shellcheck on the repository's own shell: .ci/run, Fuzz/, scripts/, Benchmarks/, the integration test
# runner and helpers, and every test (the tests are sourced by run-single-test.sh, which
# sets tmp, root, here and suite: SC2154, "referenced but not assigned", is off for them).
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_05_ci_templates/defines.sh
source "$suite/defines.sh"
lint_tools
check "shellcheck: .ci/run Fuzz/*.sh scripts/*.sh Benchmarks/*.sh IntegrationTests/*.sh" \
  "$bin/shellcheck" -x -s bash .ci/run Fuzz/*.sh scripts/*.sh Benchmarks/*.sh IntegrationTests/*.sh IntegrationTests/tests_*/*-server.sh
check "shellcheck: IntegrationTests/tests_*/{test_*,defines}.sh" \
  "$bin/shellcheck" -x -s bash -e SC2154 IntegrationTests/tests_*/test_*.sh IntegrationTests/tests_*/defines.sh
