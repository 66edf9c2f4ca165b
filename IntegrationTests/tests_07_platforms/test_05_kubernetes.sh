# Kubernetes: ci-templates/platforms/kubernetes/mlgate-job.yaml is valid against the
# Kubernetes 1.37 JSON schemas (strict: no unknown field), which PyPI kubernetes-validate
# ships, offline; mlgate-argo-workflow.yaml against the schema of Argo Workflows as hera
# (PyPI) ships it (argo_validate.py). Each validator rejects broken copies (a misspelt
# field; a wrong type or a missing required field). The mlgate container's arguments of
# both manifests, run here with the volumes replaced by folders, pass the bundled example
# with every report in the reports folder and fail (exit 1) the tightened one.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_07_platforms/defines.sh
source "$suite/defines.sh"
bin=$(platform_venv kubernetes "kubernetes-validate==1.37.0" "hera==7.1.0")
manifests="$platforms/kubernetes"
job="$manifests/mlgate-job.yaml"
workflow="$manifests/mlgate-argo-workflow.yaml"

step "the manifests against the official schemas, offline"
check "mlgate-job.yaml: valid Kubernetes 1.37 batch/v1 Job (kubernetes-validate --strict)" \
  "$bin/kubernetes-validate" --strict --kubernetes-version 1.37.0 "$job"
check "mlgate-argo-workflow.yaml: valid Argo Workflow" "$bin/python" "$suite/argo_validate.py" "$workflow"
sed 's/^  backoffLimit: 0$/  backofLimit: 0/' "$job" >"$tmp/misspelt-job.yaml"
sed 's/^              readOnly: true$/              readOnly: "yes"/' "$job" >"$tmp/mistyped-job.yaml"
for broken in misspelt mistyped; do
  status=$(status_of "$tmp/$broken-job.out" "$bin/kubernetes-validate" --strict --kubernetes-version 1.37.0 "$tmp/$broken-job.yaml")
  expect_status 1 "$status" "kubernetes-validate rejects the $broken Job"
done
expect_grep "'backofLimit' was unexpected" "$tmp/misspelt-job.out" "naming the unknown field"
expect_grep "'yes' is not of type 'boolean'" "$tmp/mistyped-job.out" "naming the wrong type"
sed 's/^  entrypoint: gated-deploy$/  entrypiont: gated-deploy/' "$workflow" >"$tmp/misspelt-workflow.yaml"
sed 's/^            mountPath: \/project$/            mountPth: \/project/' "$workflow" >"$tmp/incomplete-workflow.yaml"
for broken in misspelt incomplete; do
  status=$(status_of "$tmp/$broken-workflow.out" "$bin/python" "$suite/argo_validate.py" "$tmp/$broken-workflow.yaml")
  expect_status 1 "$status" "argo_validate.py rejects the $broken Workflow"
done
expect_grep "fields the schema does not have: \$.spec.entrypiont" "$tmp/misspelt-workflow.out" "naming the unknown field"
expect_grep "^spec.templates.1.container.volumeMounts.0.mountPath$" "$tmp/incomplete-workflow.out" "naming the missing required field"

step "the mlgate container's arguments, run here"
copy_example "$tmp/pass"
failing_example "$tmp/fail"
for manifest in "$job" "$workflow"; do
  name=$(basename "$manifest" .yaml)
  for example in pass fail; do
    mapfile -t arguments < <("$bin/python" "$suite/manifest_args.py" "$manifest" "$tmp/$example" "$tmp/$name-$example-reports")
    status=$(status_of "$tmp/$name-$example.out" "$mlgate" "${arguments[@]}")
    if [ "$example" = pass ]; then
      expect_status 0 "$status" "$name: mlgate ${arguments[*]:0:3} … (passing example)"
    else
      expect_status 1 "$status" "$name: the failing example fails the container"
    fi
  done
  expect_reports "$(dirname "$(find "$tmp/$name-pass-reports" -name report.json)")" "$name: every report in the reports volume"
  expect_reports "$(dirname "$(find "$tmp/$name-fail-reports" -name report.json)")" "$name: the failing gate's reports in the reports volume"
done
if [ -e "$tmp/pass/reports" ]; then fail "a report was written into the (read-only) project volume"; else pass "nothing written into the project volume"; fi
