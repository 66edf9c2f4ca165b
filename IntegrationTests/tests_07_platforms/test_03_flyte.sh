# Flyte (PyPI flytekit, pinned; `pyflyte run` executes locally, no cluster):
# ci-templates/platforms/flyte/gated_workflow.py on the bundled example runs through
# deploy, mlgate_check's outputs being the reports folder and the verdict, its Flyte Deck
# the HTML report; with a tightened threshold mlgate_require_pass fails the workflow
# before deploy, after mlgate_check has returned the failing gate's reports.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_07_platforms/defines.sh
source "$suite/defines.sh"
bin=$(platform_venv flyte "flytekit==1.16.31")
workflow="$platforms/flyte/gated_workflow.py"
copy_example "$tmp/pass"
failing_example "$tmp/fail"
cd "$tmp" || exit 1
export FLYTE_SDK_LOGGING_LEVEL=20  # INFO: the tasks' inputs and where the deck went

run_workflow() { # NAME: pyflyte run on $tmp/NAME; flytekit's local files under $tmp/NAME-flyte
  local status
  mkdir -p "$tmp/$1-flyte"
  status=$(TMPDIR="$tmp/$1-flyte" status_of "$tmp/$1.out" "$bin/pyflyte" run "$workflow" gated_deploy --source "$tmp/$1")
  # flytekit's log lines are wrapped at 80 columns: NAME.flat has them on one line
  tr -s ' \n' '  ' <"$tmp/$1.out" >"$tmp/$1.flat"
  echo "$status"
}
# in_run NAME FILE: the one FILE (a path pattern) flytekit's local run NAME left
in_run() { find "$tmp/$1-flyte" -path "$2" | head -n 1; }

step "a passing gate: the workflow runs through deploy"
status=$(run_workflow pass)
expect_status 0 "$status" "pyflyte run gated_workflow.py gated_deploy (passing example)"
expect_grep "Invoking gated_workflow.mlgate_require_pass with inputs: {'verdict': 'pass'}" "$tmp/pass.flat" "mlgate_check's verdict output is pass"
expect_grep "^deployed after gate pass; reports: $tmp/pass-flyte/.*/mlgate-reports$" "$tmp/pass.out" "deploy ran, given mlgate_check's reports folder"
reports=$(sed -n 's/^deployed after gate pass; reports: //p' "$tmp/pass.out")
expect_reports "$reports" "the reports output holds every report"
deck=$(in_run pass '*/deck.html')
if [ -n "$deck" ] && grep -q "<title>mlgate: gate passed — $tmp/pass/mlgate.yml</title>" "$deck"; then
  pass "mlgate_check's Flyte Deck is the HTML report"
else
  fail "no Flyte Deck with the HTML report under $tmp/pass-flyte (deck: ${deck:-none})"
fi

step "a failing gate (roc_auc min 0.99): the workflow stops before deploy"
status=$(run_workflow fail)
expect_status 1 "$status" "pyflyte run gated_workflow.py gated_deploy (failing example)"
expect_grep "Invoking gated_workflow.mlgate_require_pass with inputs: {'verdict': 'fail'}" "$tmp/fail.flat" "mlgate_check returned fail"
expect_grep "Error encountered while executing" "$tmp/fail.out" "flytekit: a task failed"
expect_grep "mlgate: the gate did not pass (verdict: fail)" "$tmp/fail.out" "mlgate_require_pass failed, saying why"
expect_grep "FAIL  roc_auc: roc_auc 0.8112 < 0.9900" "$tmp/fail.out" "mlgate_check's log names the failed check"
if grep -q "deployed after gate\|Invoking gated_workflow.deploy" "$tmp/fail.flat"; then fail "deploy ran after a failing gate"; else pass "deploy never ran"; fi
report=$(in_run fail '*/mlgate-reports/report.json')
expect_reports "$(dirname "${report:-$tmp/fail-flyte/none/x}")" "mlgate_check's reports output of the failing gate holds every report"
deck=$(in_run fail '*/deck.html')
if [ -n "$deck" ] && grep -q "<title>mlgate: gate failed — $tmp/fail/mlgate.yml</title>" "$deck"; then
  pass "the failing gate's Flyte Deck is its HTML report"
else
  fail "no Flyte Deck with the failing gate's HTML report (deck: ${deck:-none})"
fi
