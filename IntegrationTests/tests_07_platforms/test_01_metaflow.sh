# Metaflow (PyPI metaflow, pinned; local metadata and datastore, `python flow.py run`):
# ci-templates/platforms/metaflow/gated_flow.py on the bundled example passes and deploys;
# with a tightened threshold (exit 1) and with its predictions missing (exit 2) the run
# fails at `gate` and never reaches `deploy`. Each time the gate step's artifacts, read
# back through Metaflow's Client API, hold the verdict and every report.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_07_platforms/defines.sh
source "$suite/defines.sh"
bin=$(platform_venv metaflow "metaflow==2.19.39")
flow="$platforms/metaflow/gated_flow.py"
copy_example "$tmp/pass"
failing_example "$tmp/fail"
copy_example "$tmp/broken"
rm "$tmp/broken/predictions.csv"
cd "$tmp" || exit 1
export METAFLOW_HOME="$tmp/metaflow-home"

run_flow() { # NAME: runs the flow on $tmp/NAME/mlgate.yml; reads the run back into NAME.run
  local status
  status=$(status_of "$tmp/$1.out" "$bin/python" "$flow" --no-pylint run --config "$1/mlgate.yml")
  read_back "$tmp/$1.run" "$1: the run (Client API)" "$bin/python" "$suite/metaflow_run.py" "$tmp/$1-reports"
  echo "$status"
}

step "a passing gate: the run goes on to deploy"
status=$(run_flow pass)
expect_status 0 "$status" "python gated_flow.py run (passing example)"
expect_grep "deploying the model gated by" "$tmp/pass.out" "the deploy step ran"
expect_grep "^run successful: True" "$tmp/pass.run" "the run succeeded"
expect_grep "^steps: deploy end gate start$" "$tmp/pass.run" "every step ran"
expect_grep "^gate_verdict: pass" "$tmp/pass.run" "artifact gate_verdict = pass"
expect_grep "^gate_report status: passed" "$tmp/pass.run" "artifact gate_report: the parsed JSON report"
expect_grep "^gate_metrics: .* roc_auc 0.81" "$tmp/pass.run" "artifact gate_metrics: the report's numbers"
expect_reports "$tmp/pass-reports" "artifact gate_reports holds every report"
check "the stored JSON report is the gate's (status passed)" grep -q '"status" *: *"passed"' "$tmp/pass-reports/report.json"

step "a failing gate (roc_auc min 0.99): the run stops at gate"
status=$(run_flow fail)
expect_status 1 "$status" "python gated_flow.py run (failing example)"
expect_grep "Step gate (task-id [0-9]*) failed" "$tmp/fail.out" "Metaflow reports the gate step failed"
expect_grep "^steps: gate start$" "$tmp/fail.run" "deploy never started"
expect_grep "^gate task successful: False" "$tmp/fail.run" "the gate task failed"
expect_grep "^gate_verdict: fail" "$tmp/fail.run" "artifact gate_verdict = fail"
expect_grep "^gate_exit_code: 1" "$tmp/fail.run" "artifact gate_exit_code = 1"
expect_grep "GateFailed: mlgate check: fail (exit 1)" "$tmp/fail.run" "the task's exception says why"
expect_grep "FAIL  roc_auc: roc_auc 0.8112 < 0.9900" "$tmp/fail.run" "and names the failed check"
expect_reports "$tmp/fail-reports" "the failing gate's reports are kept as artifacts"

step "a gate that cannot run (predictions.csv missing, exit 2): the run stops at gate"
status=$(run_flow broken)
expect_status 1 "$status" "python gated_flow.py run (missing predictions)"
expect_grep "^steps: gate start$" "$tmp/broken.run" "deploy never started"
expect_grep "^gate_exit_code: 2" "$tmp/broken.run" "artifact gate_exit_code = 2"
expect_grep "GateFailed: mlgate check: error (exit 2)" "$tmp/broken.run" "the task's exception says the gate could not run"
expect_grep "predictions.csv: error: file not found" "$tmp/broken.run" "and names the missing file"
