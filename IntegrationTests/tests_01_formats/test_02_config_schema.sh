# The published config JSON Schema (docs/mlgate.schema.json), with check-jsonschema,
# offline: the schema against the draft 2020-12 metaschema; the bundled examples, the test
# fixtures that are valid configs and the starter config `mlgate init` writes against it;
# and a config with an unknown key rejected.
# shellcheck shell=bash
checker="$(ci_venv check-jsonschema=bin/check-jsonschema)/check-jsonschema"
schema=docs/mlgate.schema.json
check "docs/mlgate.schema.json is a valid draft 2020-12 schema" "$checker" --check-metaschema "$schema"

valid=(Examples/*/mlgate.yml)
for name in passing failing missing-data drift-missing-column unterminated; do
  valid+=("Tests/MLGateTests/Fixtures/configs/$name.yml")
done
mkdir "$tmp/init"
"$(mlgate_bin)" init --directory "$tmp/init" >/dev/null
valid+=("$tmp/init/mlgate.yml")
check "the examples, ${#valid[@]} configs in all, are valid" "$checker" --schemafile "$schema" "${valid[@]}"

if "$checker" --schemafile "$schema" Tests/MLGateTests/Fixtures/configs/broken.yml >/dev/null 2>&1; then
  fail "the schema accepted broken.yml (unknown key 'treshold')"
else
  pass "the schema rejects broken.yml"
fi
