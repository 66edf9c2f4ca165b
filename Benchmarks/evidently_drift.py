"""Evidently's data drift, default settings, as a whole process: read both CSVs with pandas,
run Report([DataDriftPreset()]) over all columns, print JSON.

    python evidently_drift.py REFERENCE.csv CURRENT.csv [COLUMNS]

COLUMNS (comma-separated): only these columns are read and compared (pandas `usecols`).

Output: {"columns": {name: {"stattest": short name, "score": float, "drifted": bool}},
         "share_drifted": float}
Stattest short names: ks, chisquare, z, wasserstein, jensenshannon, psi (else Evidently's
display name). Needs evidently 0.7.x with pandas < 3.
"""
import json
import math
import sys
import warnings

import pandas as pd

warnings.simplefilter("ignore")
from evidently import Report  # noqa: E402
from evidently.presets import DataDriftPreset  # noqa: E402

SHORT = {
    "K-S p_value": "ks",
    "chi-square p_value": "chisquare",
    "Z-test p_value": "z",
    "Wasserstein distance (normed)": "wasserstein",
    "Jensen-Shannon distance": "jensenshannon",
    "PSI": "psi",
}


def number(x):
    x = float(x)
    return x if math.isfinite(x) else str(x)


COLUMNS = sys.argv[3].split(",") if len(sys.argv) > 3 else None


def read(path):
    if path.endswith(".parquet"):
        return pd.read_parquet(path, columns=COLUMNS)
    return pd.read_csv(path, usecols=COLUMNS)[COLUMNS] if COLUMNS else pd.read_csv(path)


reference = read(sys.argv[1])
current = read(sys.argv[2])
snapshot = Report([DataDriftPreset()], include_tests=True).run(current, reference)
result = snapshot.dict()
columns, share = {}, None
for metric in result["metrics"]:
    config = metric["config"]
    if config["type"].endswith("ValueDrift"):
        columns[config["column"]] = {"stattest": SHORT.get(config["method"], config["method"]),
                                     "score": number(metric["value"]), "drifted": None}
    elif config["type"].endswith("DriftedColumnsCount"):
        share = number(metric["value"]["share"])
for test in result["tests"]:
    if test["id"] == "drift":
        column = test["metric_config"]["params"]["column"]
        columns[column]["drifted"] = str(test["status"]).endswith("FAIL")
json.dump({"columns": columns, "share_drifted": share}, sys.stdout, indent=1)
sys.stdout.write("\n")
