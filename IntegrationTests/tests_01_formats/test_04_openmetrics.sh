# The example's OpenMetrics report, read by the OpenMetrics reference parser
# (prometheus-client's, installed into .build/ci-venv).
# shellcheck shell=bash
python="$(ci_venv prometheus-client=prometheus_client)/python"
"$(mlgate_bin)" check --config Examples/loans/mlgate.yml --openmetrics "$tmp/metrics.txt" >/dev/null
check "the OpenMetrics parser reads the example's metrics.txt" "$python" "$suite/openmetrics_parse.py" "$tmp/metrics.txt"
# A check whose name has '#', '%', spaces and quotes: GitLab's parser, which cuts lines at
# their first '#', must still read every sample, and the name must read back.
copy_example "$tmp/hash"
sed -i 's/^        name: rows$/        name: "rows #1 of 100% \\"all\\""/' "$tmp/hash/mlgate.yml"
grep -q 'name: "rows #1' "$tmp/hash/mlgate.yml" || die "the rows check in Examples/loans/mlgate.yml changed: update $suite/test_04_openmetrics.sh"
"$(mlgate_bin)" check --config "$tmp/hash/mlgate.yml" --openmetrics "$tmp/hash.txt" >/dev/null || true
check "a check named 'rows #1 of 100% \"all\"': both parsers read every sample" \
  "$python" "$suite/openmetrics_parse.py" "$tmp/hash.txt" 'rows #1 of 100% "all"'
