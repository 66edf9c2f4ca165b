#!/usr/bin/env bash
# Helpers shared by every integration test, sourced by run-single-test.sh before the test
# itself. A test runs in `set -euo pipefail` with these variables set:
#   root  the repository (the package mlgate is built from)
#   tmp   a fresh temporary folder of its own, removed afterwards (kept with -d)
#   here  IntegrationTests/
#   suite the test's own folder (its .py helpers live there)
# A failed `check`/`fail` is counted and the test goes on (so that one run names every
# problem); run-single-test.sh fails the test if any was counted. `die` stops at once.
# shellcheck shell=bash
# shellcheck disable=SC2154 # tmp and root: set by run-single-test.sh

g_failures=0

pass() { echo "ok   - $*"; }
fail() { echo "FAIL - $*"; g_failures=$((g_failures + 1)); }
die() { echo "FAIL - $*"; exit 1; }
step() { printf '\n== %s\n' "$*"; }
indent() { sed 's/^/    | /' "$@"; }

# check DESCRIPTION COMMAND...: passes when the command exits 0 (its output is shown when not).
check() {
  local what=$1 log
  shift
  log=$(mktemp "$tmp/check.XXXXXX")
  if "$@" >"$log" 2>&1; then pass "$what"; else fail "$what"; indent "$log" | tail -n 25; fi
}

# expect_status EXPECTED ACTUAL DESCRIPTION
expect_status() {
  if [ "$1" = "$2" ]; then pass "$3 (exit $2)"; else fail "$3: expected exit $1, got $2"; fi
}

# expect_grep PATTERN FILE DESCRIPTION: the file's lines are shown when the pattern is not in it.
expect_grep() {
  if grep -q -- "$1" "$2"; then pass "$3"; else fail "$3: /$1/ not in $2:"; indent "$2" | tail -n 25; fi
}

# status_of OUT COMMAND...: runs the command with stdout and stderr into OUT; prints its
# exit status (never stops the test).
status_of() {
  local out=$1 status=0
  shift
  "$@" >"$out" 2>&1 || status=$?
  echo "$status"
}

# mlgate_bin: the debug mlgate of this checkout, built once (run-tests.sh builds it before
# the suites and exports MLGATE).
mlgate_bin() {
  if [ -z "${MLGATE:-}" ]; then
    (cd "$root" && swift build --product mlgate >&2)
    MLGATE="$(cd "$root" && swift build --show-bin-path)/mlgate"
    export MLGATE
  fi
  printf '%s\n' "$MLGATE"
}

# copy_example DEST: the bundled example's config, data, schema and model, not its reports.
copy_example() {
  mkdir -p "$1"
  cp "$root"/Examples/loans/mlgate.yml "$root"/Examples/loans/*.csv "$root"/Examples/loans/*.schema.json "$1/"
  cp -R "$root/Examples/loans/model" "$1/"
}

# xmllint_junit FILE: valid against the JUnit XSD the unit tests use.
xmllint_junit() {
  xmllint --noout --schema "$root/Tests/MLGateTests/Fixtures/junit.xsd" "$1"
}

# ci_venv PACKAGE=MODULE...: makes .build/ci-venv (once) and installs each PyPI package
# whose module (or, for a tool, bin/ executable) is missing; prints the venv's bin/.
# Suites may run at the same time (run-tests.sh -p): the venv is changed under a lock.
ci_venv() {
  local venv="$root/.build/ci-venv" spec package module need=()
  mkdir -p "$root/.build"
  (
    flock 9
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    for spec in "$@"; do
      package=${spec%%=*} module=${spec#*=}
      case "$module" in
        bin/*) [ -x "$venv/$module" ] || need+=("$package") ;;
        *) "$venv/bin/python" -c "import $module" 2>/dev/null || need+=("$package") ;;
      esac
    done
    if [ ${#need[@]} -gt 0 ]; then
      echo "installing into .build/ci-venv: ${need[*]}" >&2
      "$venv/bin/pip" install -q --disable-pip-version-check "${need[@]}" >&2
    fi
  ) 9>"$root/.build/ci-venv.lock"
  printf '%s\n' "$venv/bin"
}

# python_with PACKAGE=MODULE: python3 when it imports MODULE, else .build/ci-venv's python
# with PACKAGE installed.
python_with() {
  if python3 -c "import ${1#*=}" 2>/dev/null; then
    echo python3
  else
    echo "$(ci_venv "$1")/python"
  fi
}

# chromium_screenshot PAGE PNG WIDTH HEIGHT: headless Chromium (Debian's, installed with
# apt-get when missing) draws the local file PAGE into PNG at WIDTH×HEIGHT; passes, or
# prints the end of Chromium's log and stops the test.
chromium_screenshot() {
  local page=$1 png=$2 width=$3 height=$4 browser
  browser=$(command -v chromium || command -v chromium-browser || true)
  if [ -z "$browser" ]; then
    echo "chromium is missing; installing it with apt-get"
    apt-get install -y chromium >/dev/null || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
    browser=$(command -v chromium)
  fi
  if timeout 90 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$tmp/chromium-profile" --screenshot="$png" --window-size="$width,$height" \
    "file://$page" >"$tmp/chromium.log" 2>&1 && [ -f "$png" ]; then
    pass "chromium drew $(basename "$page")"
  else
    indent "$tmp/chromium.log" | tail -n 40
    die "chromium failed or wrote no screenshot"
  fi
}
