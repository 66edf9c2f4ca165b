"""Summarises the unseen-shapes benchmark (Benchmarks/shapes.sh) against issue #22's targets.

Usage: shapes_summary.py RESULTS.tsv

RESULTS.tsv: one line per run, `shape<TAB>work<TAB>tool<TAB>seconds<TAB>megabytes`, tool
`mlgate` (several interleaved rounds) or `peer` (the peer's median run). Prints a
Markdown table per shape and work: mlgate's median wall time, to the millisecond (and its
range over the rounds), its median peak RSS, the peer's time, the ratio and the target:
  metrics   >= 20 x scikit-learn
  fairness  >= 200 x fairlearn, per grouping
  drift     >= 50 x Evidently
  all four gates in one config  <= 0.5 s
and a last line counting the targets met.
"""
import collections
import statistics
import sys

TARGETS = {"metrics": ("scikit-learn", 20), "fairness": ("fairlearn", 200), "drift": ("Evidently", 50)}

runs = collections.defaultdict(list)
peers = {}
order = []
for line in open(sys.argv[1]):
    shape, work, tool, seconds, megabytes = line.rstrip("\n").split("\t")
    key = (shape, work)
    if key not in order:
        order.append(key)
    if tool == "peer":
        peers[key] = float(seconds)
    else:
        runs[key].append((float(seconds), float(megabytes)))

shapes = list(dict.fromkeys(shape for shape, _ in order))
order.sort(key=lambda key: shapes.index(key[0]))  # stable: the works stay in run order
print("| shape | work | mlgate (s): median (range) | mlgate peak RSS (MB) | peer (s) | ratio | target | |")
print("| --- | --- | ---: | ---: | ---: | ---: | --- | --- |")
met = total = 0
for shape, work in order:
    times = [s for s, _ in runs[(shape, work)]]
    median = statistics.median(times)
    rss = statistics.median(m for _, m in runs[(shape, work)])
    kind = work.split(" ")[0]
    # mlgate's times are to the millisecond (shapes.sh), the peers' GNU time's hundredths.
    cell = f"{median:.3f} ({min(times):.3f}–{max(times):.3f})"
    if kind in TARGETS:
        peer_name, target = TARGETS[kind]
        peer = peers[(shape, work)]
        ratio = peer / median
        ok = ratio >= target
        print(f"| {shape} | {work} | {cell} | {rss:.0f} | {peer_name} {peer:.2f} | {ratio:.1f}× | ≥ {target}× | {'met' if ok else 'not met'} |")
    else:
        ok = median <= 0.5
        print(f"| {shape} | {work} | {cell} | {rss:.0f} | — | — | ≤ 0.5 s | {'met' if ok else 'not met'} |")
    met += ok
    total += 1
print()
print(f"{met} of {total} targets met (medians of mlgate's rounds; each peer's median run).")
