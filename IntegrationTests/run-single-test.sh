#!/usr/bin/env bash
# Runs one integration test: IntegrationTests/run-single-test.sh TEST TMP ROOT
# In its own bash, `set -euo pipefail`, from ROOT (the repository), with test_functions.sh
# sourced and `tmp` (a fresh folder of its own), `root`, `here` (IntegrationTests/) and
# `suite` (the test's folder) set. Fails when the
# test exits non-zero or when it counted a failed check (test_functions.sh: fail, check).
set -euo pipefail
test=$1
# shellcheck disable=SC2034 # used by the tests and test_functions.sh
tmp=$2
root=$(cd "$3" && pwd)
# shellcheck disable=SC2034
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck disable=SC2034
suite=$(cd "$(dirname "$test")" && pwd)
cd "$root"
export PYTHONDONTWRITEBYTECODE=1  # the suites' .py helpers import each other: no __pycache__ in the tree
# shellcheck source=IntegrationTests/test_functions.sh
source "$here/test_functions.sh"
# A command that stops the test (set -e) is named, with its line.
trap 'echo "FAIL - stopped: line $LINENO of ${BASH_SOURCE[0]##*/}: $BASH_COMMAND (exit $?)"' ERR
# shellcheck source=/dev/null
source "$test"
if [ "$g_failures" -ne 0 ]; then
  echo "$g_failures check(s) failed"
  exit 1
fi
