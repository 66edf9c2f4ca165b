# Promotion into a real MLflow tracking server (mlflow-server.sh: PyPI mlflow-skinny,
# SQLite, 127.0.0.1, started and stopped here): promote a signed gate's model, read back
# the registered model, version, tags and alias over REST, download the stored report,
# promote the same artifact again (no new version), judge the next candidate against
# `mlflow:URL#loans@champion`, and see every refusal refused.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_03_promotion/defines.sh
source "$suite/defines.sh"
trap '"$suite/mlflow-server.sh" stop >/dev/null 2>&1 || true' EXIT
signed_project "$tmp/project"
cd "$tmp/project" || exit 1

url=$("$suite/mlflow-server.sh" start)
echo "    $url"
promote() { "$mlgate" promote --attestation reports/attestation.json --artifact model/model.json --to "mlflow:$url" --model loans "$@"; }
status=$(MLGATE_VERIFY_KEY="$(cat signing.pub.pem)" status_of "$tmp/promote.out" promote --alias champion)
expect_status 0 "$status" "mlgate promote --to mlflow:$url"
expect_grep "registered as version 1" "$tmp/promote.out" "version 1 registered"
check "registry state read back over REST: version, tags, alias, stored report and model" \
  "$python" "$suite/mlflow_registry.py" promoted "$url" "$(sha256sum model/model.json | cut -d' ' -f1)" "$(sha256sum reports/report.json | cut -d' ' -f1)"
status=$(status_of "$tmp/again.out" promote --alias staging)
expect_status 0 "$status" "promoting the same artifact again"
expect_grep "already version 1" "$tmp/again.out" "no second version for the same artifact; the alias moves"

champion_loop "mlflow:$url" "no version of 'loans' has alias 'production'"

echo "== refusals reach nothing"
printf ' ' >>model/model.json
status=$(status_of "$tmp/changed.out" promote --alias champion)
expect_status 1 "$status" "a model changed after the gate"
expect_grep "nothing was promoted" "$tmp/changed.out" "refused"
"$mlgate" keygen -o other.pem >/dev/null
cp "$root/Examples/loans/model/model.json" model/model.json
status=$(MLGATE_VERIFY_KEY="$(cat other.pub.pem)" status_of "$tmp/foreign.out" promote --alias champion)
expect_status 1 "$status" "an attestation signed by another key"
check "still one version, champion on it" "$python" "$suite/mlflow_registry.py" versions "$url" 1
status=$(status_of "$tmp/down.out" "$mlgate" promote --attestation reports/attestation.json --artifact model/model.json --to "mlflow:http://127.0.0.1:9" --model loans)
expect_status 2 "$status" "a registry that cannot be reached"
