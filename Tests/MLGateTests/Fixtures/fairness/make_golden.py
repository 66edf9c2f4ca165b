#!/usr/bin/env python3
"""Generate golden fairness fixtures for mlgate's Swift tests.

Writes, into the folder that holds this script:
  * one CSV per case (``<case>.csv``), and
  * ``golden.json`` with the values fairlearn / scikit-learn / statsmodels
    compute for each case, plus AIF360-style reference-group metrics
    computed by hand in numpy.

How to run (no network needed besides PyPI for the install; the script
itself is deterministic: seeded numpy RNG, fixed case list):

    python3 -m venv /tmp/fair-venv
    /tmp/fair-venv/bin/pip install fairlearn==0.15.0 scikit-learn==1.9.1 pandas statsmodels
    /tmp/fair-venv/bin/python make_golden.py

The script refuses to run with any fairlearn other than 0.15.0 or any
scikit-learn other than 1.9.1.

CSV layout (comma separated, header row, LF line ends):
  * binary:     label,prediction,score,sex,race[,weight]
                label/prediction are 0/1 (positive = 1), score = P(label 1)
                (not used by any metric here), sex in {F, M}, race in {a, b, c}
  * regression: label,prediction,sex
Floats are written with ``repr()`` so they round-trip exactly.  Everything is
computed from the CSV text as read back (not from the in-memory arrays), so the
golden values are exactly what a reader of the file should get.

See README.md for the definitions (AIF360 reference-group metrics, the
four-fifths rule, Wilson intervals) and for every place where fairlearn turns
a 0/0 rate into 0.
"""

import csv
import functools
import io
import json
import math
import os
import sys
import warnings

import fairlearn
import numpy as np
import pandas as pd
import scipy
from scipy import stats as scipy_stats
import sklearn
import statsmodels
from fairlearn import metrics as FM
from sklearn import metrics as SKM
from statsmodels.stats.proportion import proportion_confint

FAIRLEARN_VERSION = "0.15.0"
SKLEARN_VERSION = "1.9.1"
HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20250302

WILSON_ALPHA = 0.05
# statsmodels uses scipy.stats.norm.isf(alpha / 2); checked in main().
WILSON_Z = 1.9599639845400545

FEATURE_SETS = [["sex"], ["race"], ["sex", "race"]]
# AIF360-style reference ("privileged") group per feature set.
REFERENCE = {("sex",): ["M"], ("race",): ["a"], ("sex", "race"): ["M", "a"]}

RATE_METRICS = ["selection_rate", "true_positive_rate", "false_positive_rate",
                "false_negative_rate", "true_negative_rate", "precision",
                "accuracy"]


# --------------------------------------------------------------------------
# CSV helpers


def fmt(v):
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return str(v)


def write_csv(name, header, columns):
    n = len(columns[0])
    assert all(len(c) == n for c in columns), name
    buf = io.StringIO()
    buf.write(",".join(header) + "\n")
    for i in range(n):
        buf.write(",".join(fmt(c[i]) for c in columns) + "\n")
    with open(os.path.join(HERE, name + ".csv"), "w", newline="\n") as f:
        f.write(buf.getvalue())


def read_csv(name, task):
    with open(os.path.join(HERE, name + ".csv"), newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    cols = {h: [r[i] for r in body] for i, h in enumerate(header)}
    if task == "binary":
        out = {
            "label": np.array([int(v) for v in cols["label"]]),
            "prediction": np.array([int(v) for v in cols["prediction"]]),
            "score": np.array([float(v) for v in cols["score"]]),
            "sex": [str(v) for v in cols["sex"]],
            "race": [str(v) for v in cols["race"]],
        }
    else:
        out = {
            "label": np.array([float(v) for v in cols["label"]]),
            "prediction": np.array([float(v) for v in cols["prediction"]]),
            "sex": [str(v) for v in cols["sex"]],
        }
    out["weight"] = (np.array([float(v) for v in cols["weight"]])
                     if "weight" in cols else None)
    return out


# --------------------------------------------------------------------------
# Data generation (all from one seeded generator, cases in fixed order)

rng = np.random.default_rng(SEED)
CASES = {}  # name -> spec


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


SEX_P = [0.35, 0.65]            # F, M  (unbalanced)
RACE_P = [0.55, 0.30, 0.15]     # a, b, c
LABEL_BASE = {"F": 0.30, "M": 0.45}
LABEL_RACE = {"a": 0.10, "b": 0.0, "c": -0.10}
SHIFT_SEX = {"F": -0.35, "M": 0.30}
SHIFT_RACE = {"a": 0.15, "b": 0.0, "c": -0.40}


def make_groups(n, races=("a", "b", "c"), race_p=RACE_P):
    sex = rng.choice(np.array(["F", "M"]), size=n, p=SEX_P)
    race = rng.choice(np.array(list(races)), size=n, p=race_p)
    p_pos = np.array([LABEL_BASE[s] + LABEL_RACE[r] for s, r in zip(sex, race)])
    y = (rng.uniform(0.0, 1.0, size=n) < p_pos).astype(int)
    shift = np.array([SHIFT_SEX[s] + SHIFT_RACE[r] for s, r in zip(sex, race)])
    logit = 1.3 * (2 * y - 1) + shift + rng.normal(0.0, 1.3, size=n)
    score = sigmoid(logit)
    pred = (score >= 0.5).astype(int)
    return y, pred, score, [str(s) for s in sex], [str(r) for r in race]


def binary_case(name, y, pred, score, sex, race, w=None):
    header = ["label", "prediction", "score", "sex", "race"]
    cols = [[int(v) for v in y], [int(v) for v in pred],
            [float(s) for s in score], list(sex), list(race)]
    if w is not None:
        header.append("weight")
        cols.append([float(x) for x in w])
    write_csv(name, header, cols)
    CASES[name] = dict(task="binary", weighted=w is not None)


def make_cases():
    y, pred, score, sex, race = make_groups(300)
    binary_case("groups_basic", y, pred, score, sex, race)

    y, pred, score, sex, race = make_groups(300)
    w = rng.uniform(0.1, 3.0, size=300)
    binary_case("groups_weighted", y, pred, score, sex, race, w=w)

    # (F, c) has no label-1 rows: its TPR / FNR denominators are 0.
    # (M, b) has no predicted positives: its precision is 0/0.
    y, pred, score, sex, race = make_groups(200)
    sex_a, race_a = np.array(sex), np.array(race)
    fc = (sex_a == "F") & (race_a == "c")
    mb = (sex_a == "M") & (race_a == "b")
    y[fc] = 0
    # two false positives in (F, c) so its FPR / precision are not trivial
    fc_rows = np.flatnonzero(fc)[:2]
    score[fc_rows] = rng.uniform(0.55, 0.9, size=2)
    pred[fc_rows] = 1
    score[mb] = rng.uniform(0.05, 0.45, size=int(mb.sum()))
    pred[mb] = 0
    assert fc.sum() >= 5 and pred[fc].sum() >= 1, "(F, c) too small"
    assert y[mb].sum() >= 1, "(M, b) needs label-1 rows"
    binary_case("group_without_positives", y, pred, score, sex, race)

    # race c has exactly 3 rows, as (sex, label, prediction):
    # (F, 1, 1), (M, 0, 0), (F, 1, 0).  So (F, c) has no label-0 rows
    # (FPR / TNR are 0/0) and (M, c) is one label-0 row (TPR / FNR and
    # precision are 0/0).
    y, pred, score, sex, race = make_groups(147, races=("a", "b"), race_p=[0.6, 0.4])
    y = np.concatenate([y, [1, 0, 1]])
    pred = np.concatenate([pred, [1, 0, 0]])
    score = np.concatenate([score, [0.81, 0.22, 0.37]])
    sex = sex + ["F", "M", "F"]
    race = race + ["c", "c", "c"]
    perm = rng.permutation(150)
    binary_case("single_small_group", y[perm], pred[perm], score[perm],
                [sex[i] for i in perm], [race[i] for i in perm])

    # regression
    n = 120
    sex = rng.choice(np.array(["F", "M"]), size=n, p=[0.4, 0.6])
    yr = rng.normal(50.0, 10.0, size=n)
    bias = np.where(sex == "F", -2.0, 1.0)
    sd = np.where(sex == "F", 4.0, 3.0)
    pr = yr + bias + rng.normal(0.0, 1.0, size=n) * sd
    write_csv("regression_groups", ["label", "prediction", "sex"],
              [[float(v) for v in yr], [float(v) for v in pr], [str(s) for s in sex]])
    CASES["regression_groups"] = dict(task="regression", weighted=False)


# --------------------------------------------------------------------------
# Helpers


def clean(v):
    if v is None:
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    v = float(v)
    if math.isnan(v):
        return None
    if math.isinf(v):
        raise ValueError("infinite value cannot be stored in JSON")
    return v


def div(a, b):
    """AIF360-style ratio; 0/0 -> nan (AIF360 divides numpy floats)."""
    a, b = float(a), float(b)
    if b == 0.0:
        if a == 0.0:
            return float("nan")
        raise ValueError("x/0 with x != 0")
    return a / b


def record(fn, entry):
    try:
        entry["value"] = clean(fn())
    except Exception as e:  # record what the library does
        entry["value"] = None
        entry["error"] = str(e)
    return entry


def key_list(idx):
    return [str(v) for v in idx] if isinstance(idx, tuple) else [str(idx)]


def sensitive_arg(d, features):
    if len(features) == 1:
        return pd.Series(d[features[0]], name=features[0])
    return pd.DataFrame({f: d[f] for f in features})


def group_masks(d, features, keys):
    m = np.ones(len(d["label"]), dtype=bool)
    for f, k in zip(features, keys):
        m &= np.array(d[f]) == k
    return m


def wilson(k, n):
    lo, hi = proportion_confint(k, n, alpha=WILSON_ALPHA, method="wilson")
    # cross-check against the closed formula (see README)
    if n > 0:
        z = WILSON_Z
        q = k / n
        den = 1 + z * z / n
        c = (q + z * z / (2 * n)) / den
        h = z * math.sqrt(q * (1 - q) / n + z * z / (4 * n * n)) / den
        assert abs(min(max(c - h, 0.0), 1.0) - lo) < 1e-12
        assert abs(min(max(c + h, 0.0), 1.0) - hi) < 1e-12
    return {"k": int(k), "n": int(n), "lower": clean(lo), "upper": clean(hi)}


# --------------------------------------------------------------------------
# Binary cases

precision_nan = functools.partial(SKM.precision_score, zero_division=np.nan)


def metric_frame(y, p, sf, w):
    fns = {
        "count": FM.count,
        "selection_rate": FM.selection_rate,
        "true_positive_rate": FM.true_positive_rate,
        "false_positive_rate": FM.false_positive_rate,
        "false_negative_rate": FM.false_negative_rate,
        "true_negative_rate": FM.true_negative_rate,
        "precision": precision_nan,
        "accuracy": SKM.accuracy_score,
    }
    sp = None
    if w is not None:
        sp = {k: {"sample_weight": w} for k in fns if k != "count"}
    return FM.MetricFrame(metrics=fns, y_true=y, y_pred=p,
                          sensitive_features=sf, sample_params=sp)


def zero_denominators(y, p):
    """Metrics whose denominator is 0 on this slice (weights are > 0)."""
    out = []
    if not np.any(y == 1):
        out += ["true_positive_rate", "false_negative_rate"]
    if not np.any(y == 0):
        out += ["false_positive_rate", "true_negative_rate"]
    if not np.any(p == 1):
        out += ["precision"]
    return out


def fairlearn_own(metric, y, p, w):
    """What fairlearn's own function (or sklearn's default) returns."""
    f = {
        "true_positive_rate": FM.true_positive_rate,
        "false_negative_rate": FM.false_negative_rate,
        "false_positive_rate": FM.false_positive_rate,
        "true_negative_rate": FM.true_negative_rate,
        "precision": SKM.precision_score,  # default zero_division="warn"
    }[metric]
    return clean(f(y, p, sample_weight=w))


def metrics_dict(row, y, p, w):
    vals = {"count": int(row["count"])}
    for m in RATE_METRICS:
        vals[m] = clean(row[m])
    fl = {}
    for m in zero_denominators(y, p):
        own = fairlearn_own(m, y, p, w)
        if m != "precision":
            # the MetricFrame value is fairlearn's own function's value
            assert clean(row[m]) == own, (m, row[m], own)
        fl[m] = own
        vals[m] = None
    return vals, fl


def aif_rates(y, p, w, mask):
    ww = np.ones(int(mask.sum())) if w is None else w[mask]
    yy, pp = y[mask], p[mask]
    sr = div(np.sum(ww * (pp == 1)), np.sum(ww))
    tpr = div(np.sum(ww * ((pp == 1) & (yy == 1))), np.sum(ww * (yy == 1)))
    fpr = div(np.sum(ww * ((pp == 1) & (yy == 0))), np.sum(ww * (yy == 0)))
    return sr, tpr, fpr


def binary_entry(d, features, weighted):
    y, p = d["label"], d["prediction"]
    w = d["weight"] if weighted else None
    sf = sensitive_arg(d, features)
    mf = metric_frame(y, p, sf, w)
    bg = mf.by_group

    groups = []
    keys = []
    for idx, row in bg.iterrows():
        key = key_list(idx)
        mask = group_masks(d, features, key)
        assert mask.sum() > 0, ("empty group", features, key)
        keys.append(key)
        vals, fl = metrics_dict(row, y[mask], p[mask], None if w is None else w[mask])
        assert vals["count"] == int(mask.sum())
        yg, pg = y[mask], p[mask]
        groups.append({
            "key": key,
            "count": vals["count"],
            "metrics": vals,
            "fairlearn_value": fl,
            "wilson": {
                "selection_rate": wilson(int(np.sum(pg == 1)), len(pg)),
                "true_positive_rate": wilson(int(np.sum((pg == 1) & (yg == 1))),
                                             int(np.sum(yg == 1))),
            },
        })

    ov = mf.overall
    overall, fl = metrics_dict(ov, y, p, w)
    assert not fl, "0/0 in overall"

    aggs = []
    for name in ("demographic_parity_difference", "demographic_parity_ratio"):
        for method in ("between_groups", "to_overall"):
            fn = getattr(FM, name)
            aggs.append(record(
                lambda fn=fn, method=method: fn(y, p, sensitive_features=sf,
                                                method=method, sample_weight=w),
                {"name": name, "metric": None, "method": method, "agg": None}))
    for name in ("equalized_odds_difference", "equalized_odds_ratio"):
        for agg in ("worst_case", "mean"):
            for method in ("between_groups", "to_overall"):
                fn = getattr(FM, name)
                aggs.append(record(
                    lambda fn=fn, method=method, agg=agg: fn(
                        y, p, sensitive_features=sf, method=method,
                        sample_weight=w, agg=agg),
                    {"name": name, "metric": None, "method": method, "agg": agg}))
    for name in ("equal_opportunity_difference", "equal_opportunity_ratio"):
        for method in ("between_groups", "to_overall"):
            def call(name=name, method=method):
                fn = getattr(FM, name)  # AttributeError recorded if missing
                return fn(y, p, sensitive_features=sf, method=method, sample_weight=w)
            aggs.append(record(call, {"name": name, "metric": None,
                                      "method": method, "agg": None}))
    for op in ("difference", "ratio"):
        for metric in ("accuracy", "selection_rate"):
            for method in ("between_groups", "to_overall"):
                aggs.append(record(
                    lambda op=op, metric=metric, method=method:
                        getattr(mf, op)(method=method)[metric],
                    {"name": "MetricFrame." + op, "metric": metric,
                     "method": method, "agg": None}))

    # AIF360-style reference-group metrics, by hand in numpy
    ref_key = REFERENCE[tuple(features)]
    assert ref_key in keys
    rmask = group_masks(d, features, ref_key)
    sr_p, tpr_p, fpr_p = aif_rates(y, p, w, rmask)
    per_group = []
    srs = {}
    for key in keys:
        sr, tpr, fpr = aif_rates(y, p, w, group_masks(d, features, key))
        srs[tuple(key)] = sr
        if key == ref_key:
            continue
        per_group.append({
            "key": key,
            "selection_rate": clean(sr),
            "true_positive_rate": clean(tpr),
            "false_positive_rate": clean(fpr),
            "disparate_impact": clean(div(sr, sr_p)),
            "statistical_parity_difference": clean(sr - sr_p),
            "average_odds_difference": clean(((fpr - fpr_p) + (tpr - tpr_p)) / 2.0),
            "equal_opportunity_difference": clean(tpr - tpr_p),
        })
    reference = {
        "features": list(features),
        "group": ref_key,
        "reference_rates": {"selection_rate": clean(sr_p),
                            "true_positive_rate": clean(tpr_p),
                            "false_positive_rate": clean(fpr_p)},
        "per_group": per_group,
    }

    max_sr = max(srs.values())
    four_fifths = []
    for key in keys:
        r = div(srs[tuple(key)], max_sr)
        four_fifths.append({"key": key, "selection_rate": clean(srs[tuple(key)]),
                            "ratio": clean(r), "passes": bool(r >= 0.8)})

    return {
        "features": list(features),
        "weighted": weighted,
        "groups": groups,
        "overall": overall,
        "aggregates": aggs,
        "reference": reference,
        "four_fifths": four_fifths,
    }


# --------------------------------------------------------------------------
# Regression case


def regression_entry(d, features):
    y, p = d["label"], d["prediction"]
    sf = sensitive_arg(d, features)
    fns = {"count": FM.count, "mean_prediction": FM.mean_prediction,
           "mean_absolute_error": SKM.mean_absolute_error}
    mf = FM.MetricFrame(metrics=fns, y_true=y, y_pred=p, sensitive_features=sf)
    groups = []
    for idx, row in mf.by_group.iterrows():
        key = key_list(idx)
        groups.append({"key": key, "count": int(row["count"]), "metrics": {
            "count": int(row["count"]),
            "mean_prediction": clean(row["mean_prediction"]),
            "mean_absolute_error": clean(row["mean_absolute_error"])}})
    ov = mf.overall
    overall = {"count": int(ov["count"]),
               "mean_prediction": clean(ov["mean_prediction"]),
               "mean_absolute_error": clean(ov["mean_absolute_error"])}
    aggs = []
    for op in ("difference", "ratio"):
        for metric in ("mean_prediction", "mean_absolute_error"):
            for method in ("between_groups", "to_overall"):
                aggs.append(record(
                    lambda op=op, metric=metric, method=method:
                        getattr(mf, op)(method=method)[metric],
                    {"name": "MetricFrame." + op, "metric": metric,
                     "method": method, "agg": None}))
    return {"features": list(features), "weighted": False, "groups": groups,
            "overall": overall, "aggregates": aggs}


def main():
    if fairlearn.__version__ != FAIRLEARN_VERSION:
        sys.exit("fairlearn %s required, found %s" % (FAIRLEARN_VERSION, fairlearn.__version__))
    if sklearn.__version__ != SKLEARN_VERSION:
        sys.exit("scikit-learn %s required, found %s" % (SKLEARN_VERSION, sklearn.__version__))
    assert float(scipy_stats.norm.isf(WILSON_ALPHA / 2)) == WILSON_Z
    warnings.simplefilter("ignore")
    np.seterr(all="ignore")

    make_cases()

    out = {
        "fairlearn_version": fairlearn.__version__,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "pandas_version": pd.__version__,
        "scipy_version": scipy.__version__,
        "statsmodels_version": statsmodels.__version__,
        "wilson": {"source": "statsmodels proportion_confint(method=\"wilson\")",
                   "alpha": WILSON_ALPHA, "z": WILSON_Z},
        "cases": {},
    }
    for name, spec in CASES.items():
        d = read_csv(name, spec["task"])
        case = {"file": name + ".csv", "task": spec["task"]}
        if spec["task"] == "binary":
            case["positive_label"] = "1"
        case["weighted"] = spec["weighted"]
        entries = []
        if spec["task"] == "binary":
            for features in FEATURE_SETS:
                if spec["weighted"]:
                    entries.append(binary_entry(d, features, True))
                entries.append(binary_entry(d, features, False))
        else:
            entries.append(regression_entry(d, ["sex"]))
        case["sensitive"] = entries
        out["cases"][name] = case

    with open(os.path.join(HERE, "golden.json"), "w", newline="\n") as f:
        json.dump(out, f, indent=1, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
