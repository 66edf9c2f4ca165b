#!/usr/bin/env python3
"""Golden Poisson probabilities for mlgate's bootstrap draws (PoissonDrawTests).

The bootstrap draws each distinct row Poisson(c) times, c the rows it stands for
(Sources/MLGate/Checks/Model/PoissonDraw.swift). The test draws 200,000 values for
each mean below and compares their frequencies with scipy's Poisson distribution by a
chi-square goodness-of-fit test. This script writes, into poisson.json beside it, for
each mean: bins of consecutive values (k_first, k_last, probability), each expected to
hold at least 100 of the draws, the first bin starting at 0 and the last one open
(its probability is scipy's survival function), and the chi-square critical value at
p = 1e-4 for the bins' degrees of freedom.

    python3 -m venv /tmp/golden-venv
    /tmp/golden-venv/bin/pip install scipy
    /tmp/golden-venv/bin/python make_golden.py
"""
import json
import os

import numpy as np
from scipy import stats

DRAWS = 200_000
MIN_EXPECTED = 100
MEANS = [0.25, 1, 2, 3.5, 9, 9.99, 10, 12.5, 40, 1000, 250_000, 30_000_000]

cases = []
for mean in MEANS:
    dist = stats.poisson(mean)
    need = MIN_EXPECTED / DRAWS
    spread = 12 * mean ** 0.5 + 40
    ks = np.arange(max(0, int(mean - spread)), int(mean + spread) + 1)
    pmf = dist.pmf(ks)
    cdf = dist.cdf(ks)
    # The first bin: 0 up to the first k whose cumulative probability reaches `need`.
    i = int(np.argmax(cdf >= need))
    bins = [[0, int(ks[i]), float(cdf[i])]]
    i += 1
    while True:
        # The next bin: consecutive values until their probability reaches `need`;
        # it ends the list when what is left after it would fall below `need`.
        j, probability = i, float(pmf[i])
        while probability < need:
            j += 1
            probability += float(pmf[j])
        if dist.sf(ks[j]) < need:
            break
        bins.append([int(ks[i]), int(ks[j]), probability])
        i = j + 1
    bins.append([int(ks[i]), None, float(dist.sf(ks[i] - 1))])
    cases.append({
        "mean": mean,
        "bins": bins,
        "critical": float(stats.chi2.isf(1e-4, len(bins) - 1)),
    })

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "poisson.json"), "w") as out:
    json.dump({"draws": DRAWS, "cases": cases}, out, indent=1)
    out.write("\n")
