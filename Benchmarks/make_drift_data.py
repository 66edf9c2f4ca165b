"""Writes two deterministic CSVs (reference, current) for the drift benchmark.

    python make_drift_data.py OUT_REF.csv OUT_CUR.csv ROWS

Eight columns, ROWS rows in each file:
  income   float (lognormal; shifted up in current)        drifts
  age      integer 18..79                                   unchanged
  tenure   integer counts, many ties (Poisson; mean 8 -> 9) drifts
  balance  float, ~5% missing (empty cells)                 unchanged
  score    float in [0, 1] (beta)                           unchanged
  region   string, 5 values; "central" vanishes, "islands" appears in current   drifts
  segment  string, 3 values                                 unchanged
  has_card 0/1 (62% -> 55% ones)                            drifts
Evidently infers income, age, tenure, balance, score as numerical and region, segment,
has_card as categorical (integer columns with <= 10 distinct values are categorical).
"""
import sys

import numpy as np

out_ref, out_cur, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])


def write(path, rng, current):
    n = rows
    income = np.exp(rng.normal(10.95 if current else 10.8, 0.35, n))
    age = rng.integers(18, 80, n)
    tenure = rng.poisson(9.0 if current else 8.0, n)
    balance = rng.gamma(2.0, 1500.0, n)
    balance_missing = rng.random(n) < 0.05
    score = rng.beta(2.0, 5.0, n)
    if current:
        region = rng.choice(np.array(["north", "south", "east", "west", "islands"]), n, p=[0.26, 0.25, 0.22, 0.2, 0.07])
    else:
        region = rng.choice(np.array(["north", "south", "east", "west", "central"]), n, p=[0.3, 0.25, 0.2, 0.2, 0.05])
    segment = rng.choice(np.array(["retail", "business", "private"]), n, p=[0.6, 0.3, 0.1])
    has_card = (rng.random(n) < (0.55 if current else 0.62)).astype(int)
    balance_text = np.char.mod("%.2f", balance).astype(object)
    balance_text[balance_missing] = ""
    chunk = 200_000
    with open(path, "w") as f:
        f.write("income,age,tenure,balance,score,region,segment,has_card\n")
        for start in range(0, n, chunk):
            end = min(n, start + chunk)
            lines = [
                "%.2f,%d,%d,%s,%.6f,%s,%s,%d\n" % r
                for r in zip(income[start:end], age[start:end], tenure[start:end], balance_text[start:end],
                             score[start:end], region[start:end], segment[start:end], has_card[start:end])
            ]
            f.writelines(lines)


write(out_ref, np.random.default_rng(20261124), False)
write(out_cur, np.random.default_rng(20261125), True)
