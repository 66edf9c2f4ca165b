"""Summarises the shared-scan benchmark's rounds against its two targets.

Usage: shared_scan_summary.py LOGDIR ROUNDS

LOGDIR holds one `/usr/bin/time -v` output per run, named CONFIG-ROUND.time, CONFIG one
of all (the four gates in one config), data, model, fairness, drift (one gate each).
Per config, the medians over the rounds of the wall time and of the peak RSS. Prints
two Markdown tables separated by a blank line: the processes, and the targets:
  whole config's time   <= 1.5 x the slowest single gate's time
  whole config's peak RSS <= 1.2 x the largest single gate's peak RSS
"""
import os
import re
import statistics
import sys

logdir, rounds = sys.argv[1], int(sys.argv[2])
GATES = ["data", "model", "fairness", "drift"]
LABELS = {"all": "all four gates, one config", "data": "data gate alone", "model": "model gate alone",
          "fairness": "fairness gate alone", "drift": "drift gate alone"}


def parse(path):
    text = open(path).read()
    clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    seconds = 0.0
    for part in clock.split(":"):
        seconds = seconds * 60 + float(part)
    kilobytes = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return seconds, kilobytes / 1024


medians = {}
for config in ["all"] + GATES:
    runs = [parse(os.path.join(logdir, f"{config}-{r}.time")) for r in range(1, rounds + 1)]
    medians[config] = (statistics.median(s for s, _ in runs), statistics.median(m for _, m in runs))

whole_time, whole_rss = medians["all"]
slowest = max(GATES, key=lambda g: medians[g][0])
largest = max(GATES, key=lambda g: medians[g][1])
time_ratio = whole_time / medians[slowest][0]
rss_ratio = whole_rss / medians[largest][1]


def verdict(ratio, target):
    return "met" if ratio <= target else "not met"


print("| process | wall time (s) | peak RSS (MB) |")
print("| --- | ---: | ---: |")
for config in ["all"] + GATES:
    seconds, megabytes = medians[config]
    print(f"| {LABELS[config]} | {seconds:.2f} | {megabytes:.0f} |")
print()
print("| measure | value | target |")
print("| --- | ---: | --- |")
print(f"| whole config: wall time | {whole_time:.2f} s | |")
print(f"| whole config: peak RSS | {whole_rss:.0f} MB | |")
print(f"| slowest single gate ({slowest}): wall time | {medians[slowest][0]:.2f} s | |")
print(f"| largest single gate ({largest}): peak RSS | {medians[largest][1]:.0f} MB | |")
print(f"| whole / slowest single gate, time | {time_ratio:.2f}× | ≤ 1.5×: {verdict(time_ratio, 1.5)} |")
print(f"| whole / largest single gate, peak RSS | {rss_ratio:.2f}× | ≤ 1.2×: {verdict(rss_ratio, 1.2)} |")
print()
print(f"Medians of {rounds} interleaved rounds; the four gates alone take "
      f"{sum(medians[g][0] for g in GATES):.2f} s one after another.")
