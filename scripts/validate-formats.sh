#!/usr/bin/env bash
# Validates configs against the published JSON Schema (docs/mlgate.schema.json) with
# check-jsonschema, offline: the schema itself against the draft 2020-12 metaschema, the
# bundled example, the test fixtures that are valid configs, and the starter config that
# `mlgate init` writes; and checks that a config with an unknown key is rejected. Then
# the JSON report of the bundled example against docs/report.schema.json.
# Last, the example's OpenMetrics report with the OpenMetrics reference parser
# (prometheus-client's), installed beside check-jsonschema.
# Usage: scripts/validate-formats.sh [path/to/check-jsonschema] (mlgate must be built)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
checker=${1:-check-jsonschema}
schema=docs/mlgate.schema.json
mlgate=$(swift build --show-bin-path)/mlgate

"$checker" --check-metaschema "$schema"

valid=(Examples/*/mlgate.yml)
for name in passing failing missing-data drift-missing-column unterminated; do
  valid+=("Tests/MLGateTests/Fixtures/configs/$name.yml")
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$mlgate" init --directory "$work" >/dev/null
valid+=("$work/mlgate.yml")
"$checker" --schemafile "$schema" "${valid[@]}"

if "$checker" --schemafile "$schema" Tests/MLGateTests/Fixtures/configs/broken.yml >/dev/null 2>&1; then
  echo "FAIL: the schema accepted broken.yml (unknown key 'treshold')"
  exit 1
fi
echo "ok -- the schema rejects broken.yml"

"$checker" --check-metaschema docs/report.schema.json
"$mlgate" check --config Examples/loans/mlgate.yml --json "$work/report.json" >/dev/null
"$mlgate" check --config Tests/MLGateTests/Fixtures/configs/missing-data.yml --json "$work/error-report.json" >/dev/null || true
"$checker" --schemafile docs/report.schema.json "$work/report.json" "$work/error-report.json"

python=$(dirname "$(command -v "$checker")")/python
"$python" -c "import prometheus_client" 2>/dev/null || "$python" -m pip install -q --disable-pip-version-check prometheus-client
"$mlgate" check --config Examples/loans/mlgate.yml --openmetrics "$work/metrics.txt" >/dev/null
"$python" - "$work/metrics.txt" <<'PY'
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
families = list(text_string_to_metric_families(open(sys.argv[1]).read()))
samples = sum(len(family.samples) for family in families)
assert samples > 0, "no samples"
print(f"ok -- OpenMetrics parses: {len(families)} families, {samples} samples")
PY
