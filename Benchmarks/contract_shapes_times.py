"""The medians of contract-shapes.sh's interleaved rounds of one shape: reads GNU time
lines "mlgate|polars SECONDS KB" and prints mlgate's seconds and peak MB, polars' seconds
and peak MB, polars / mlgate on the medians, and the lowest and highest single-round
ratios.

    contract_shapes_times.py TIMES
"""
import statistics, sys
runs = {"mlgate": [], "polars": []}
for line in open(sys.argv[1]):
    name, seconds, kb = line.split()
    runs[name].append((float(seconds), int(kb)))
m = statistics.median(s for s, _ in runs["mlgate"]); p = statistics.median(s for s, _ in runs["polars"])
ratios = [b[0] / a[0] for a, b in zip(runs["mlgate"], runs["polars"])]
print(f"{m:.2f} {max(k for _, k in runs['mlgate']) // 1024} {p:.2f} {max(k for _, k in runs['polars']) // 1024} "
      f"{p / m:.2f} {min(ratios):.2f} {max(ratios):.2f}")
