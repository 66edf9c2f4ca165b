# Weights & Biases (PyPI wandb, pinned; WANDB_MODE=offline, no W&B server):
# ci-templates/platforms/wandb/log_gate.py logs a passing and a failing gate's reports to
# offline runs; the runs' transaction logs (what `wandb sync` would upload), read back by
# wandb_offline_run.py, hold the run (job type mlgate), the verdict and every number of
# the JSON report as the summary, and an artifact with every report. Without a JSON
# report it exits 2 and logs nothing.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_07_platforms/defines.sh
source "$suite/defines.sh"
bin=$(platform_venv wandb "wandb==0.31.0")
logger="$platforms/wandb/log_gate.py"
copy_example "$tmp/pass"
failing_example "$tmp/fail"
export WANDB_MODE=offline WANDB_DIR="$tmp" WANDB_CONFIG_DIR="$tmp/wandb-config" WANDB_CACHE_DIR="$tmp/wandb-cache" WANDB_DATA_DIR="$tmp/wandb-data"
cd "$tmp" || exit 1

for example in pass fail; do
  step "the $example example's gate, logged to an offline run"
  status=$("$bin/python" -c 'import sys; from mlgate_step import run_gate; print(run_gate(sys.argv[1], sys.argv[2]).exit_code)' "$tmp/$example/mlgate.yml" "$tmp/$example-reports" | tail -n 1)
  expect_status "$([ "$example" = pass ] && echo 0 || echo 1)" "$status" "mlgate check on the $example example"
  rm -rf "$tmp/wandb"
  status=$(status_of "$tmp/$example.out" "$bin/python" "$logger" "$tmp/$example-reports" --project loans --name "gate-$example")
  expect_status 0 "$status" "log_gate.py $example-reports --project loans"
  verdict=$([ "$example" = pass ] && echo passed || echo failed)
  expect_grep "^logged the gate ($verdict) to W&B run " "$tmp/$example.out" "it says what it logged"
  runlog=$(find "$tmp/wandb" -path '*/offline-run-*/run-*.wandb' | head -n 1)
  [ -n "$runlog" ] || die "no offline run log under $tmp/wandb"
  read_back "$tmp/$example.run" "the offline run's log" "$bin/python" "$suite/wandb_offline_run.py" "$runlog"
  expect_grep "^run: project loans, job_type mlgate, name gate-$example$" "$tmp/$example.run" "the run: project, job type, name"
  expect_grep "^summary: mlgate/status = \"$verdict\"$" "$tmp/$example.run" "summary mlgate/status = $verdict"
  expect_grep "^summary: model/roc_auc/value = 0.8111960132890366$" "$tmp/$example.run" "summary model/roc_auc/value: the report's number"
  expected=$("$bin/python" -c 'import json, sys; from mlgate_step import metrics; print(len(metrics(json.load(open(sys.argv[1])))))' "$tmp/$example-reports/report.json")
  logged=$(grep -c '^summary: .*/.*/' "$tmp/$example.run" || true)
  if [ "$logged" -eq "$expected" ] && [ "$expected" -gt 100 ]; then pass "every number of the report is in the summary ($logged)"; else fail "summary has $logged of the report's $expected numbers"; fi
  expect_grep "^artifact: mlgate-reports type mlgate-report metadata {\"status\":\"$verdict\"} files attestation.json junit.xml metrics.txt report.html report.json summary.md$" "$tmp/$example.run" "the artifact holds every report"
done

step "no JSON report: exit 2, nothing logged"
rm -rf "$tmp/wandb"
mkdir "$tmp/empty"
status=$(status_of "$tmp/empty.out" "$bin/python" "$logger" "$tmp/empty")
expect_status 2 "$status" "log_gate.py on a folder without report.json"
expect_grep "empty/report.json: error: no JSON report" "$tmp/empty.out" "it names the missing file"
if [ -e "$tmp/wandb" ]; then fail "a run was started"; else pass "no run was started"; fi
