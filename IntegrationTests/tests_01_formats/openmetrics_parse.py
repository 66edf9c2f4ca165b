"""Parses an OpenMetrics text file with prometheus-client's reference parser, and as
GitLab's metrics report parser reads it.

Usage: openmetrics_parse.py METRICS_FILE [LABEL_VALUE]
Exits non-zero (the parser's exception) when the file is not valid OpenMetrics, or when
it holds no sample; prints the number of metric families and samples otherwise.

GitLab (Gitlab::Ci::Parsers::Metrics::Generic) is not an OpenMetrics parser: for each
non-blank line it removes everything from the first `#` (`line.gsub(/#.*$/, '')`), splits
the rest as a shell would (`shellsplit`), and keeps the first word as the metric's name
(labels included, their quotes removed) and the second as its value; an unmatched quote
fails the whole report. This emulates it with shlex (POSIX), and checks that every sample
survives it whole. With LABEL_VALUE, that value (a gate, check or column name) must come
back out of the reference parser's labels, percent-decoded (mlgate writes `%` and `#`
as `%25` and `%23`).
"""
import shlex
import sys
from urllib.parse import unquote

from prometheus_client.openmetrics.parser import text_string_to_metric_families

text = open(sys.argv[1]).read()
families = list(text_string_to_metric_families(text))
samples = sum(len(family.samples) for family in families)
assert samples > 0, "no samples"
print(f"ok -- OpenMetrics parses: {len(families)} families, {samples} samples")

gitlab = {}
for line in text.splitlines():
    if not line.strip():
        continue
    words = shlex.split(line.split("#", 1)[0])   # raises on an unmatched quote, as GitLab does
    if len(words) >= 2:
        gitlab[words[0]] = words[1]
    if not line.startswith("#"):
        assert len(words) == 2, f"GitLab's parser would cut this sample: {line!r} -> {words!r}"
assert len(gitlab) == samples, f"GitLab's parser reads {len(gitlab)} metrics of {samples}"
print(f"ok -- as GitLab's metrics parser reads it: {len(gitlab)} metrics, every sample whole")

if len(sys.argv) > 2:
    values = {unquote(v) for family in families for sample in family.samples for v in sample.labels.values()}
    assert sys.argv[2] in values, f"{sys.argv[2]!r} is not among the label values"
    print(f"ok -- the label value {sys.argv[2]!r} reads back (percent-decoded)")
