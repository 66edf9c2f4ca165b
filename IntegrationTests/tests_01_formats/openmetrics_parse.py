"""Parses an OpenMetrics text file with prometheus-client's reference parser.

Usage: openmetrics_parse.py METRICS_FILE
Exits non-zero (the parser's exception) when the file is not valid OpenMetrics, or when
it holds no sample; prints the number of metric families and samples otherwise.
"""
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families

with open(sys.argv[1]) as f:
    families = list(text_string_to_metric_families(f.read()))
samples = sum(len(family.samples) for family in families)
assert samples > 0, "no samples"
print(f"ok -- OpenMetrics parses: {len(families)} families, {samples} samples")
