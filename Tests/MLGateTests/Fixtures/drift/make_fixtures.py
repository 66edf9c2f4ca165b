#!/usr/bin/env python3
"""Writes the drift fixture CSVs in this folder (deterministic; numpy only).

Pairs (reference / current):
  tiny   8 / 7 rows      exact KS; Evidently types small int columns as categorical
  small  300 / 250 rows  reference <= 1000: Evidently auto = KS / chi-square / z-test
  large  2500 / 2000     reference > 1000: Evidently auto = Wasserstein(normed) / Jensen-Shannon

Columns (small and large):
  income    float, 2 decimals, shifted upwards in current
  age       integer 18..79, same distribution in both
  tenure    integer counts (many ties), mild shift
  balance   float, 2 decimals, ~5% missing (empty cells) in both, unchanged
  rating    float in {1.5, 2.5, 3.5, 4.5}: numeric with <= 5 distinct values
  region    string; "central" only in reference (vanished), "islands" only in current (new),
            ~3% missing
  has_card  0/1, proportion of 1 drops in current

Run:  .build/drift-venv/bin/python Tests/MLGateTests/Fixtures/drift/make_fixtures.py
"""
import csv
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ["income", "age", "tenure", "balance", "rating", "region", "has_card"]


def fmt2(x):
    return "%.2f" % x


def make(rng, n, current):
    income = np.exp(rng.normal(10.8 if not current else 10.95, 0.35, n))
    age = rng.integers(18, 80, n)
    tenure = rng.poisson(8.0 if not current else 8.8, n)
    balance = rng.gamma(2.0, 1500.0, n)
    balance_missing = rng.random(n) < 0.05
    rating_p = [0.15, 0.35, 0.35, 0.15] if not current else [0.12, 0.30, 0.38, 0.20]
    rating = rng.choice([1.5, 2.5, 3.5, 4.5], n, p=rating_p)
    if not current:
        regions, region_p = ["north", "south", "east", "west", "central"], [0.3, 0.25, 0.2, 0.2, 0.05]
    else:
        regions, region_p = ["north", "south", "east", "west", "islands"], [0.26, 0.25, 0.22, 0.2, 0.07]
    region = rng.choice(regions, n, p=region_p)
    region_missing = rng.random(n) < 0.03
    has_card = (rng.random(n) < (0.62 if not current else 0.52)).astype(int)
    rows = []
    for i in range(n):
        rows.append([
            fmt2(income[i]),
            str(int(age[i])),
            str(int(tenure[i])),
            "" if balance_missing[i] else fmt2(balance[i]),
            "%.1f" % rating[i],
            "" if region_missing[i] else str(region[i]),
            str(int(has_card[i])),
        ])
    return rows


def write(name, rows, columns=COLUMNS):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        w.writerows(rows)


def main():
    for label, n_ref, n_cur, seed in [("small", 300, 250, 20240601), ("large", 2500, 2000, 20240602)]:
        rng = np.random.default_rng(seed)
        write(f"{label}_reference.csv", make(rng, n_ref, False))
        write(f"{label}_current.csv", make(rng, n_cur, True))

    # tiny pair: hand-written; income has ties inside and across samples, tenure ties.
    tiny_cols = ["income", "age", "tenure", "region", "has_card"]
    tiny_ref = [
        ["41000.50", "23", "1", "north", "1"],
        ["52000.00", "35", "3", "south", "0"],
        ["38000.25", "41", "3", "north", "1"],
        ["61000.00", "29", "5", "east", "1"],
        ["52000.00", "52", "2", "south", "0"],
        ["45500.75", "47", "8", "north", "1"],
        ["39999.99", "33", "3", "east", "0"],
        ["70250.00", "60", "13", "south", "1"],
    ]
    tiny_cur = [
        ["52000.00", "24", "2", "north", "0"],
        ["66000.00", "36", "4", "west", "0"],
        ["71000.10", "44", "4", "north", "1"],
        ["58000.00", "31", "6", "west", "0"],
        ["45500.75", "55", "3", "south", "0"],
        ["80500.00", "49", "9", "north", "1"],
        ["66000.00", "38", "4", "west", "0"],
    ]
    write("tiny_reference.csv", tiny_ref, tiny_cols)
    write("tiny_current.csv", tiny_cur, tiny_cols)


if __name__ == "__main__":
    main()
