# Kubeflow Pipelines v2 (PyPI kfp, pinned): ci-templates/platforms/kubeflow/gated_pipeline.py
# compiles to pipeline YAML, and runs with KFP's local execution (kfp.local.SubprocessRunner,
# this venv's Python, no cluster or container). On the bundled example the pipeline
# succeeds through deploy, with mlgate-check's reports, HTML, Markdown and Metrics
# registered as its output artifacts; with a tightened threshold mlgate-require-pass fails
# the pipeline before deploy, and mlgate-check's reports are registered all the same.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_07_platforms/defines.sh
source "$suite/defines.sh"
bin=$(platform_venv kfp "kfp==2.17.3")
pipeline="$platforms/kubeflow/gated_pipeline.py"
copy_example "$tmp/pass"
failing_example "$tmp/fail"
cd "$tmp" || exit 1

step "the pipeline compiles to KFP's pipeline spec"
check "python gated_pipeline.py compile" "$bin/python" "$pipeline" compile "$tmp/gated_pipeline.yaml"
expect_grep "^# Name: gated-deploy" "$tmp/gated_pipeline.yaml" "the compiled pipeline is named"
expect_grep "from mlgate_step import metrics" "$tmp/gated_pipeline.yaml" "mlgate-check's code is in it"

run_pipeline() { # NAME: runs the pipeline locally on $tmp/NAME; its outputs into NAME.outputs
  local status
  status=$(status_of "$tmp/$1.out" "$bin/python" "$pipeline" local "$tmp/$1" mlgate.yml "$tmp/$1-root")
  read_back "$tmp/$1.outputs" "$1: the pipeline's outputs" "$bin/python" "$suite/kfp_outputs.py" "$tmp/$1-root"
  echo "$status"
}

step "a passing gate: the pipeline succeeds through deploy"
status=$(run_pipeline pass)
expect_status 0 "$status" "kfp.local run (passing example)"
expect_grep "Pipeline .*gated-deploy.* finished with status .*SUCCESS" "$tmp/pass.out" "KFP: the pipeline succeeded"
expect_grep "pipeline succeeded: deployed after gate pass" "$tmp/pass.out" "deploy ran and returned"
expect_grep "^task deploy: succeeded" "$tmp/pass.outputs" "the deploy task succeeded"
expect_grep "^verdict: pass" "$tmp/pass.outputs" "mlgate-check returned pass"
expect_grep '^artifact reports: .*/mlgate-check/reports {"exit_code": 0, "verdict": "pass"}' "$tmp/pass.outputs" "the reports artifact, with verdict metadata"
expect_grep "^artifact gate_metrics: .* [1-9][0-9]* metrics" "$tmp/pass.outputs" "the Metrics artifact holds the report's numbers"
expect_grep "^artifact html: " "$tmp/pass.outputs" "the HTML artifact"
expect_grep "^artifact summary: " "$tmp/pass.outputs" "the Markdown artifact"
expect_reports "$(echo "$tmp"/pass-root/*/mlgate-check/reports)" "every report is in the reports artifact"
check "the HTML artifact is the HTML report" cmp "$(echo "$tmp"/pass-root/*/mlgate-check/html)" "$(echo "$tmp"/pass-root/*/mlgate-check/reports/report.html)"

step "a failing gate (roc_auc min 0.99): the pipeline stops before deploy"
status=$(run_pipeline fail)
expect_status 1 "$status" "kfp.local run (failing example)"
expect_grep "Task .*mlgate-require-pass.* finished with status .*FAILURE" "$tmp/fail.out" "KFP: mlgate-require-pass failed"
expect_grep "RuntimeError: mlgate: the gate did not pass (verdict: fail)" "$tmp/fail.out" "it says why"
expect_grep "FAIL  roc_auc: roc_auc 0.8112 < 0.9900" "$tmp/fail.out" "mlgate-check's log names the failed check"
if grep -q "^task deploy" "$tmp/fail.outputs"; then fail "deploy ran after a failing gate"; else pass "deploy never ran"; fi
expect_grep '^artifact reports: .*{"exit_code": 1, "verdict": "fail"}' "$tmp/fail.outputs" "the failing gate's reports are registered, verdict fail"
expect_reports "$(echo "$tmp"/fail-root/*/mlgate-check/reports)" "every report is in the reports artifact"
