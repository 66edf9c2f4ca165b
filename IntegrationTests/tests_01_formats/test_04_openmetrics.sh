# The example's OpenMetrics report, read by the OpenMetrics reference parser
# (prometheus-client's, installed into .build/ci-venv).
# shellcheck shell=bash
python="$(ci_venv prometheus-client=prometheus_client)/python"
"$(mlgate_bin)" check --config Examples/loans/mlgate.yml --openmetrics "$tmp/metrics.txt" >/dev/null
check "the OpenMetrics parser reads the example's metrics.txt" "$python" "$suite/openmetrics_parse.py" "$tmp/metrics.txt"
