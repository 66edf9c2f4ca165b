# MLRun (PyPI mlrun, pinned; function.run(local=True), no MLRun service):
# ci-templates/platforms/mlrun/mlgate_function.py on the bundled example completes the
# mlgate_check run (results: verdict, exit code, the report's numbers; artifacts: every
# report) and then the deploy run; with a tightened threshold the mlgate_check run fails
# with the gate's error and deploy is never run, the reports being written all the same.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_07_platforms/defines.sh
source "$suite/defines.sh"
bin=$(platform_venv mlrun "mlrun==1.12.1")
function_file="$platforms/mlrun/mlgate_function.py"
copy_example "$tmp/pass"
failing_example "$tmp/fail"
cd "$tmp" || exit 1
unset MLRUN_DBPATH  # no MLRun service: the local runs record nothing anywhere

step "a passing gate: the mlgate_check run completes, then deploy"
status=$(status_of "$tmp/pass.out" "$bin/python" "$function_file" "$tmp/pass/mlgate.yml" "$tmp/pass-artifacts")
expect_status 0 "$status" "python mlgate_function.py (passing example)"
expect_grep "^mlgate_check: state completed" "$tmp/pass.out" "the mlgate_check run completed"
expect_grep "^mlgate_check: result verdict = pass" "$tmp/pass.out" "result verdict = pass"
expect_grep "^mlgate_check: result exit_code = 0" "$tmp/pass.out" "result exit_code = 0"
for name in json junit markdown openmetrics html attest; do
  expect_grep "^mlgate_check: artifact mlgate-$name = store://artifacts/" "$tmp/pass.out" "artifact mlgate-$name logged"
done
expect_reports "$tmp/pass-artifacts/mlgate-reports" "every report is in the artifact path"
expect_grep "^deploy: state completed" "$tmp/pass.out" "the deploy run completed"
expect_grep "^deploy: result deployed = $tmp/pass/mlgate.yml" "$tmp/pass.out" "deploy ran on the gated config"

step "a failing gate (roc_auc min 0.99): the mlgate_check run fails, deploy is not run"
status=$(status_of "$tmp/fail.out" "$bin/python" "$function_file" "$tmp/fail/mlgate.yml" "$tmp/fail-artifacts")
expect_status 1 "$status" "python mlgate_function.py (failing example)"
expect_grep "\[error\] Exec error - mlgate check: fail (exit 1)" "$tmp/fail.out" "MLRun: the run's handler failed with the gate's error"
expect_grep "FAIL  roc_auc: roc_auc 0.8112 < 0.9900" "$tmp/fail.out" "naming the failed check"
expect_grep "^mlgate_check: run did not complete; the steps after it were not run" "$tmp/fail.out" "the run did not complete"
if grep -q "^deploy:" "$tmp/fail.out"; then fail "deploy ran after a failing gate"; else pass "deploy never ran"; fi
expect_reports "$tmp/fail-artifacts/mlgate-reports" "the failing gate's reports are in the artifact path"
