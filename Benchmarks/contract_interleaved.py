"""The interleaved rounds of the contract benchmark: medians and the polars / mlgate ratio.

Usage: contract_interleaved.py TIMES
TIMES has one line per timed run, "mlgate SECONDS" or "polars SECONDS", the two
alternating (mlgate first in each round). Prints five numbers: mlgate's median, polars's
median, the ratio of the medians (polars / mlgate), and the smallest and largest ratio
of a single round.
"""
import statistics
import sys

runs = {"mlgate": [], "polars": []}
with open(sys.argv[1]) as f:
    for line in f:
        name, seconds = line.split()
        runs[name].append(float(seconds))
ratios = [p / m for m, p in zip(runs["mlgate"], runs["polars"])]
print(f"{statistics.median(runs['mlgate']):.2f} {statistics.median(runs['polars']):.2f} "
      f"{statistics.median(runs['polars']) / statistics.median(runs['mlgate']):.2f} {min(ratios):.2f} {max(ratios):.2f}")
