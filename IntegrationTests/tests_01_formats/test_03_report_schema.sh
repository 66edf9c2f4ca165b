# The JSON report schema (docs/report.schema.json): valid against its metaschema, and the
# bundled example's report and the report of a config error both valid against it.
# shellcheck shell=bash
checker="$(ci_venv check-jsonschema=bin/check-jsonschema)/check-jsonschema"
mlgate=$(mlgate_bin)
check "docs/report.schema.json is a valid schema" "$checker" --check-metaschema docs/report.schema.json
"$mlgate" check --config Examples/loans/mlgate.yml --json "$tmp/report.json" >/dev/null
"$mlgate" check --config Tests/MLGateTests/Fixtures/configs/missing-data.yml --json "$tmp/error-report.json" >/dev/null || true
check "the example's report and an error report are valid" "$checker" --schemafile docs/report.schema.json "$tmp/report.json" "$tmp/error-report.json"
