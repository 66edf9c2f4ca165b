"""The groups and aggregates `mlgate fairness` prints, computed with fairlearn 0.15 as a
whole process: read the CSV with pandas, a MetricFrame of the per-group rates over the
sensitive columns, and every aggregate function. Prints JSON shaped like mlgate's.

    python fairlearn_groups.py PREDICTIONS.csv sex,region
"""
import json
import sys
import warnings

import pandas as pd
from fairlearn import metrics as fm
from sklearn.metrics import accuracy_score, precision_score

warnings.simplefilter("ignore")
path, features = sys.argv[1], sys.argv[2].split(",")
frame = pd.read_csv(path)
y, p = frame["label"].to_numpy(), frame["prediction"].to_numpy()
sensitive = frame[features] if len(features) > 1 else frame[features[0]]
rates = {
    "selection_rate": fm.selection_rate, "true_positive_rate": fm.true_positive_rate,
    "false_positive_rate": fm.false_positive_rate, "false_negative_rate": fm.false_negative_rate,
    "true_negative_rate": fm.true_negative_rate, "precision": precision_score, "accuracy": accuracy_score,
}
mf = fm.MetricFrame(metrics=rates, y_true=y, y_pred=p, sensitive_features=sensitive)
aggregates = {}
for name in ["demographic_parity_difference", "demographic_parity_ratio",
             "equal_opportunity_difference", "equal_opportunity_ratio"]:
    aggregates[name] = {m: getattr(fm, name)(y, p, sensitive_features=sensitive, method=m)
                        for m in ["between_groups", "to_overall"]}
for name in ["equalized_odds_difference", "equalized_odds_ratio"]:
    aggregates[name] = {m: {a: getattr(fm, name)(y, p, sensitive_features=sensitive, method=m, agg=a)
                            for a in ["worst_case", "mean"]}
                        for m in ["between_groups", "to_overall"]}
groups = [{"group": [str(k) for k in (key if isinstance(key, tuple) else (key,))],
           "rates": {c: float(v) for c, v in row.items()}} for key, row in mf.by_group.iterrows()]
print(json.dumps({"groups": groups, "aggregates": aggregates}, indent=1))
