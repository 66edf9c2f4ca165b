#!/usr/bin/env python3
"""Generate deterministic dataset-profile fixtures and pandas golden statistics.

Writes, next to this script:
  data.csv          ~300 rows, fixed seed (Python `random`, no numpy RNG)
  golden.json       pandas statistics for data.csv
  edge.csv          small CSV with edge cases (all-empty, non-numeric cell, negatives)
  golden_edge.json  pandas statistics for edge.csv (same schema)

Definitions (see README.md):
  * missing   = empty cell only. read_csv(keep_default_na=False, na_values=[""]);
                "NA", "n/a", "null", ... are NOT missing.
  * missing_fraction = Series.isna().mean()            (every column)
  * min/max/mean      = Series.min()/max()/mean()      (numeric columns, NaN skipped)
  * std               = Series.std(ddof=1)             (NaN when < 2 values)
  * sum               = Series.sum(min_count=1)        (NaN without values)
  * quantiles         = Series.quantile(q, interpolation="linear")
  * distinct_count    = nunique() of the column read with dtype=str (empty excluded)
  * numeric column    = pandas inferred a numeric dtype; otherwise "not_numeric": true
Floats are written with Python's repr (shortest round-trip); NaN -> null.

Usage:  python3 make_golden.py   (needs pandas + numpy, see README.md)
"""
import csv
import json
import math
import os
import random
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20240611
N_ROWS = 300
QUANTILES = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0]
Q_KEYS = ["0", "0.1", "0.25", "0.5", "0.75", "0.9", "0.99", "1"]
READ_KW = dict(keep_default_na=False, na_values=[""])


# ---------------------------------------------------------------- generation
def gen_data_rows():
    rng = random.Random(SEED)
    regions = ["north", "south", "east", "west", "central"]
    sparse_row = rng.randrange(N_ROWS)
    rows = []
    for i in range(N_ROWS):
        # age: int, ~5% empty
        age = "" if rng.random() < 0.05 else str(rng.randint(18, 90))
        # income: ~10% empty, many decimals, some ~1e6, some tiny
        r = rng.random()
        if r < 0.10:
            income = ""
        elif r < 0.15:
            income = repr(rng.uniform(0.9e6, 1.1e6))          # large ~1e6
        elif r < 0.20:
            income = repr(rng.uniform(1e-9, 1e-6))            # tiny (exp notation)
        else:
            income = repr(rng.lognormvariate(10.5, 0.6))      # typical, many decimals
        # score: float in [0, 1]
        score = repr(rng.random())
        # region: 5 values, ~6% empty
        region = "" if rng.random() < 0.06 else rng.choice(regions)
        sparse = repr(rng.uniform(-50.0, 50.0)) if i == sparse_row else ""
        rows.append([str(i + 1), age, income, score, region, "7", sparse])
    header = ["id", "age", "income", "score", "region", "constant", "sparse"]
    return header, rows


def gen_edge_rows():
    header = ["id", "all_empty", "mixed", "negative"]
    mixed = ["1.5", "2.25", "n/a", "", "4", "-0.5", "3.125", "", "10", "7.75"]
    negative = ["-1.5", "-1000000.25", "-0.001", "", "-42", "3.5", "-7.125",
                "-1e-05", "0", "-2.75"]
    rows = [[str(i + 1), "", mixed[i], negative[i]] for i in range(10)]
    return header, rows


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


# ---------------------------------------------------------------- statistics
def num(x):
    """Python float (repr-exact in JSON) or None for NaN."""
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def column_stats(df, df_str, name):
    s = df[name]
    out = {"missing_fraction": num(s.isna().mean())}
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        out["min"] = num(s.min())
        out["max"] = num(s.max())
        out["mean"] = num(s.mean())
        out["std"] = num(s.std(ddof=1))
        # min_count=1: a column without numbers has no sum (NaN), as SQL's SUM is NULL.
        out["sum"] = num(s.sum(min_count=1))
        out["quantiles"] = {
            k: num(s.quantile(q, interpolation="linear"))
            for k, q in zip(Q_KEYS, QUANTILES)
        }
    else:
        out["not_numeric"] = True
    out["distinct_count"] = int(df_str[name].nunique(dropna=True))
    return out


def check_exact_parse(path, df, header, rows):
    """Guard: pandas' float parser must agree bit-for-bit with Python float()."""
    for j, name in enumerate(header):
        s = df[name]
        if not pd.api.types.is_numeric_dtype(s):
            continue
        for i, row in enumerate(rows):
            cell = row[j]
            got = s.iloc[i]
            if cell == "":
                assert pd.isna(got), (path, name, i)
            else:
                assert float(got) == float(cell), (path, name, i, cell, got)


def profile(csv_path, header, rows):
    df = pd.read_csv(csv_path, **READ_KW)
    df_str = pd.read_csv(csv_path, dtype=str, **READ_KW)
    assert list(df.columns) == header and len(df) == len(rows)
    check_exact_parse(csv_path, df, header, rows)
    return {
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "rows": len(df),
        "columns": {name: column_stats(df, df_str, name) for name in header},
    }


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, allow_nan=False)
        f.write("\n")


def main():
    for fname, gen, gname in [
        ("data.csv", gen_data_rows, "golden.json"),
        ("edge.csv", gen_edge_rows, "golden_edge.json"),
    ]:
        header, rows = gen()
        csv_path = os.path.join(HERE, fname)
        write_csv(csv_path, header, rows)
        write_json(os.path.join(HERE, gname), profile(csv_path, header, rows))
        print(f"wrote {fname} ({len(rows)} rows) and {gname}", file=sys.stderr)


if __name__ == "__main__":
    main()
