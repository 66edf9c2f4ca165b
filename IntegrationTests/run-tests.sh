#!/usr/bin/env bash
# Runs mlgate's integration tests: every IntegrationTests/tests_NN_*/test_NN_*.sh, suite
# by suite, each test in its own bash with a fresh temporary folder (run-single-test.sh,
# test_functions.sh). Prints one line per test (ok/FAIL and its time; a failed test's
# output after it), one line per suite, a table of the suites' times, and last a line
# `N passed, N failed` alone. Exits 1 if any test failed.
#
#   IntegrationTests/run-tests.sh [-f REGEX] [-p] [-v] [-d] [-l]
#     -f REGEX  only the tests whose "tests_NN_suite/test_NN_name.sh" matches (grep -E);
#               e.g. -f formats, -f 'tests_0[13]', -f 'static|html'
#     -p        two lanes: the suites marked cpu-heavy (a file `cpu-heavy` in the suite's
#               folder says why) one after another, the other suites beside them
#     -v        print each test's output as it runs (ignored with -p)
#     -d        keep the temporary folders and print where they are
#     -l        list the tests that would run, and exit
#
# mlgate (debug) is built once before the suites and passed on as MLGATE (or, when MLGATE
# is set, that executable is used). What the suites install goes into .build/ (venvs:
# ci-venv, mlflow-venv, moto-venv, venv-NAME for each ML platform's SDK) or comes from apt.
set -euo pipefail
shopt -s nullglob

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
filter=. lanes=false verbose=false debug=false list=false
while getopts "f:pvdlh" opt; do
  case $opt in
    f) filter=$OPTARG ;;
    p) lanes=true ;;
    v) verbose=true ;;
    d) debug=true ;;
    l) list=true ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
if $lanes; then verbose=false; fi

selected() { # suite: the suite's tests that match the filter
  local t
  for t in "$here/$1"/test_*.sh; do
    if grep -Eq -- "$filter" <<<"$1/${t##*/}"; then printf '%s\n' "$t"; fi
  done
}
suites=() total=0
for dir in "$here"/tests_*/; do
  suite=$(basename "$dir")
  count=$(selected "$suite" | wc -l)
  [ "$count" -gt 0 ] || continue
  suites+=("$suite")
  total=$((total + count))
done
if $list; then
  for suite in "${suites[@]}"; do selected "$suite" | sed "s|^$here/||"; done
  exit 0
fi
[ "$total" -gt 0 ] || { echo "no test matches -f '$filter'" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mlgate-integration.XXXXXX")
results=$work/results
: >"$results"
finish() {
  if $debug; then echo "debug: kept $work" >&2; else rm -rf "$work"; fi
}
trap finish EXIT

# Lines of the two lanes never interleave: every print takes the lock.
say() { flock "$work/print.lock" cat; }

run_test() { # suite test
  local suite=$1 test=$2 name out dir start seconds status=0
  name="$suite/${test##*/}"
  out=$(mktemp "$work/out.XXXXXX")
  dir=$(mktemp -d "$work/tmp.XXXXXX")
  start=$SECONDS
  if $verbose; then
    echo "-- $name"
    "$here/run-single-test.sh" "$test" "$dir" "$root" </dev/null 2>&1 | tee "$out" || status=$?
  else
    "$here/run-single-test.sh" "$test" "$dir" "$root" </dev/null >"$out" 2>&1 || status=$?
  fi
  seconds=$((SECONDS - start))
  if [ "$status" -eq 0 ]; then
    echo "ok $name $seconds" >>"$results"
    printf 'ok     %-60s %5d s\n' "$name" "$seconds" | say
  else
    echo "failed $name $seconds" >>"$results"
    {
      printf 'FAIL   %-60s %5d s  (exit %d)\n' "$name" "$seconds" "$status"
      if ! $verbose; then
        echo "--- output of $name ---"
        tail -n 200 "$out"
        echo "--- end of $name ---"
      fi
    } | say
  fi
  if ! $debug; then rm -rf "$out" "$dir"; fi
}

run_suite() { # suite
  local suite=$1 start test
  start=$SECONDS
  echo "Running suite $suite" | say
  while read -r test; do run_test "$suite" "$test"; done < <(selected "$suite")
  echo "suite $suite $((SECONDS - start))" >>"$results"
  echo "Suite $suite done in $((SECONDS - start)) s" | say
}

start=$SECONDS
if [ -n "${MLGATE:-}" ]; then
  echo "mlgate: $MLGATE (from MLGATE; not built)"
else
  echo "Building mlgate (debug): swift build --product mlgate"
  if ! (cd "$root" && swift build --product mlgate >"$work/build.log" 2>&1); then
    tail -n 50 "$work/build.log"
    echo "the build failed: no test ran"
    echo "0 passed, $total failed"
    exit 1
  fi
  MLGATE="$(cd "$root" && swift build --show-bin-path)/mlgate"
  echo "built in $((SECONDS - start)) s: $MLGATE"
fi
export MLGATE

if $lanes; then
  heavy=() light=()
  for suite in "${suites[@]}"; do
    if [ -f "$here/$suite/cpu-heavy" ]; then heavy+=("$suite"); else light+=("$suite"); fi
  done
  echo "lane 1 (CPU-heavy, one after another): ${heavy[*]:-none}"
  echo "lane 2 (beside it): ${light[*]:-none}"
  ( for suite in "${light[@]}"; do run_suite "$suite"; done ) &
  lane=$!
  for suite in "${heavy[@]}"; do run_suite "$suite"; done
  wait "$lane"
else
  for suite in "${suites[@]}"; do run_suite "$suite"; done
fi

passed=$(grep -c '^ok ' "$results" || true)
failed=$(grep -c '^failed ' "$results" || true)
echo
echo "suite                              tests   failed   time"
for suite in "${suites[@]}"; do
  tests=$(grep -Ec "^(ok|failed) $suite/" "$results" || true)
  bad=$(grep -c "^failed $suite/" "$results" || true)
  seconds=$(awk -v s="$suite" '$1 == "suite" && $2 == s { print $3 }' "$results")
  printf '%-34s %5d %8d %6s s\n' "$suite" "$tests" "$bad" "$seconds"
done
printf '%-34s %5d %8d %6d s\n' "all (wall time)" "$((passed + failed))" "$failed" "$((SECONDS - start))"
if [ "$failed" -gt 0 ]; then
  echo "failed:"
  awk '$1 == "failed" { print "  " $2 }' "$results"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
