#!/usr/bin/env python3
"""Generate golden metric fixtures for mlgate's Swift tests.

Writes, into the folder that holds this script:
  * one CSV per case (``<case>.csv``), and
  * ``golden.json`` with the values scikit-learn computes for each case.

How to run (no network needed besides PyPI for the install; the script
itself is deterministic: seeded numpy RNG, fixed case list):

    python3 -m venv /tmp/skl && /tmp/skl/bin/pip install scikit-learn==1.9.1 && /tmp/skl/bin/python make_golden.py

The script refuses to run with any scikit-learn other than 1.9.1.

CSV layout (comma separated, header row, LF line ends):
  * binary:     label,prediction,score[,weight]       score = P(positive class)
  * multiclass: label,prediction,score_<c>...[,weight] one score column per class,
                in the order of the case's ``classes`` list (softmax rows)
  * regression: label,prediction[,weight]
Floats are written with ``repr()`` so they round-trip exactly.  The metrics are
computed from the CSV text as read back (not from the in-memory arrays), so the
golden values are exactly what a reader of the file should get.

Metric definitions that are NOT scikit-learn functions
------------------------------------------------------
Binary (pos = the case's positive label, neg = the other class):
  specificity = recall_score(y_true, y_pred, pos_label=neg)   (TN / (TN + FP))
  fpr         = 1 - specificity
  fnr         = 1 - recall_score(y_true, y_pred, pos_label=pos)
  (recall_score's default zero_division="warn" gives 0.0 for 0/0, so e.g. a
  case with no negatives has specificity 0.0 and fpr 1.0.)
Multiclass ("average": "macro"):
  mcm = multilabel_confusion_matrix(y_true, y_pred, labels=classes,
                                    sample_weight=w)
  per class c: tn, fp, fn, tp = mcm[c].ravel()
      spec_c = tn / (tn + fp)
      fpr_c  = fp / (fp + tn)
      fnr_c  = fn / (fn + tp)
  each is nan when its denominator is 0; the reported value is
  np.nanmean over classes (unweighted mean, nan classes skipped; null in the
  JSON if every class is nan).

Other conventions in golden.json
--------------------------------
  * "value": null means sklearn returned nan.
  * When sklearn raised, the entry has "error": str(exception) and
    "value": null.
  * Metrics that do not take sample_weight (max_error) are computed
    unweighted and flagged "unweighted": true.  roc_auc with
    multi_class="ovo" takes sample_weight but raises when it is given, so for
    weighted cases the weighted call is recorded (with its error) and an extra
    unweighted entry flagged "unweighted": true is added.
  * Binary log_loss: y_proba = score column (1-D, P(pos)), labels=[neg, pos].
  * Multiclass average_precision: y_true = label_binarize(y_true, classes).
  * Classification metrics taking ``labels`` get labels=classes in the
    multiclass cases (precision/recall/f1/fbeta, roc_auc, log_loss,
    brier_score, confusion_matrix, top_k_accuracy, cohen_kappa).
"""

import csv
import io
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
from sklearn import metrics as M
from sklearn.preprocessing import label_binarize
from sklearn.utils.multiclass import unique_labels

SKLEARN_VERSION = "1.9.1"
HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20240611


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


def read_csv(name, label_kind):
    """Read a fixture back; label_kind is "int" or "str" or "float"."""
    with open(os.path.join(HERE, name + ".csv"), newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    cols = {h: [r[i] for r in body] for i, h in enumerate(header)}
    conv = {"int": int, "str": str, "float": float}[label_kind]
    out = {
        "label": np.array([conv(v) for v in cols["label"]]),
        "prediction": np.array([conv(v) for v in cols["prediction"]]),
        "weight": (np.array([float(v) for v in cols["weight"]])
                   if "weight" in cols else None),
        "header": header,
    }
    score_cols = [h for h in header if h.startswith("score")]
    out["scores"] = {h: np.array([float(v) for v in cols[h]]) for h in score_cols}
    return out


# --------------------------------------------------------------------------
# Data generation (all from one seeded generator, cases in fixed order)

rng = np.random.default_rng(SEED)


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def weights(n):
    return rng.uniform(0.1, 3.0, size=n)


CASES = {}  # name -> spec used by the metric computation


def binary_case(name, y, pred, score, w=None, pos="1", neg="0", kind="int"):
    header = ["label", "prediction", "score"]
    cols = [list(y), list(pred), [float(s) for s in score]]
    if w is not None:
        header.append("weight")
        cols.append([float(x) for x in w])
    write_csv(name, header, cols)
    CASES[name] = dict(task="binary", kind=kind, pos=pos, neg=neg,
                       weighted=w is not None)


def multiclass_case(name, y, pred, proba, classes, w=None, kind="int"):
    header = ["label", "prediction"] + ["score_%s" % c for c in classes]
    cols = [list(y), list(pred)] + [[float(v) for v in proba[:, j]]
                                    for j in range(len(classes))]
    if w is not None:
        header.append("weight")
        cols.append([float(x) for x in w])
    write_csv(name, header, cols)
    CASES[name] = dict(task="multiclass", kind=kind, score_classes=list(classes),
                       weighted=w is not None)


def regression_case(name, y, pred, w=None):
    header = ["label", "prediction"]
    cols = [[float(v) for v in y], [float(v) for v in pred]]
    if w is not None:
        header.append("weight")
        cols.append([float(x) for x in w])
    write_csv(name, header, cols)
    CASES[name] = dict(task="regression", kind="float", weighted=w is not None)


def make_binary(n, sep=1.2):
    y = rng.integers(0, 2, size=n)
    logit = sep * (2 * y - 1) + rng.normal(0.0, 1.3, size=n)
    score = sigmoid(logit)
    pred = (score >= 0.5).astype(int)
    return y, pred, score


def make_cases():
    # ---- binary ----
    y, pred, score = make_binary(100)
    binary_case("binary_basic", y, pred, score)

    y, pred, score = make_binary(100)
    binary_case("binary_weighted", y, pred, score, w=weights(100))

    y = rng.integers(0, 2, size=60)
    levels = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
    # positives lean to high levels, negatives to low ones; many ties
    idx = np.clip(rng.integers(0, 4, size=60) + y, 0, 4)
    score = levels[idx]
    pred = (score >= 0.5).astype(int)
    binary_case("binary_ties", y, pred, score)

    yb, predb, score = make_binary(40)
    to_s = np.array(["no", "yes"])
    binary_case("binary_strings", to_s[yb], to_s[predb], score,
                pos="yes", neg="no", kind="str")

    y = rng.integers(0, 2, size=20)
    y[:2] = [0, 1]  # both classes present in label
    score = rng.uniform(0.02, 0.48, size=20)
    pred = np.zeros(20, dtype=int)
    binary_case("binary_no_predicted_positive", y, pred, score)

    y = np.ones(15, dtype=int)
    score = sigmoid(rng.normal(0.6, 1.5, size=15))
    pred = (score >= 0.5).astype(int)
    pred[:2] = [0, 1]  # both classes predicted
    binary_case("binary_single_class", y, pred, score)

    y = rng.integers(0, 2, size=20)
    y[:2] = [0, 1]
    score = np.where(y == 1, rng.uniform(0.55, 0.99, 20), rng.uniform(0.01, 0.45, 20))
    binary_case("binary_perfect", y, y.copy(), score)

    # ---- multiclass ----
    classes = ["a", "b", "c"]
    y = rng.integers(0, 3, size=150)
    z = rng.normal(0.0, 1.0, size=(150, 3))
    z[np.arange(150), y] += 1.3
    proba = softmax(z)
    pred = proba.argmax(axis=1)
    cl = np.array(classes)
    multiclass_case("multiclass_basic", cl[y], cl[pred], proba, classes, kind="str")

    y = rng.integers(0, 4, size=200)
    z = rng.normal(0.0, 1.0, size=(200, 4))
    z[np.arange(200), y] += 1.2
    proba = softmax(z)
    pred = proba.argmax(axis=1)
    multiclass_case("multiclass_weighted", y, pred, proba, [0, 1, 2, 3],
                    w=weights(200))

    y = rng.integers(0, 3, size=60)
    y[:3] = [0, 1, 2]
    z = rng.normal(0.0, 1.0, size=(60, 3))
    z[np.arange(60), y] += 1.0
    z[:, 2] -= 3.0  # class 2 gets low scores ...
    proba = softmax(z)
    pred = proba[:, :2].argmax(axis=1)  # ... and is never predicted
    multiclass_case("multiclass_unpredicted", y, pred, proba, [0, 1, 2])

    y = rng.integers(0, 2, size=60)
    y[:2] = [0, 1]
    z = rng.normal(0.0, 1.0, size=(60, 3))
    z[np.arange(60), y] += 1.0
    z[:, 2] += 0.3
    proba = softmax(z)
    pred = proba.argmax(axis=1)
    pred[:2] = 2  # class 2 certainly predicted, never a label
    multiclass_case("multiclass_pred_only_class", y, pred, proba, [0, 1, 2])

    # ---- regression ----
    y = rng.normal(10.0, 4.0, size=120)
    regression_case("regression_basic", y, y + rng.normal(0.0, 1.5, size=120))

    y = rng.normal(-2.0, 3.0, size=120)
    regression_case("regression_weighted", y, y + rng.normal(0.3, 1.0, size=120),
                    w=weights(120))

    y = np.full(20, 3.0)
    regression_case("regression_constant_target", y, 3.0 + rng.normal(0.0, 0.5, 20))

    y = np.full(10, 7.5)
    regression_case("regression_perfect_constant", y, y.copy())

    y = rng.normal(0.0, 2.0, size=40)
    y[::4] = 0.0  # 10 labels exactly zero
    regression_case("regression_with_zeros", y, y + rng.normal(0.0, 0.7, size=40))

    # Weighted median at a boundary: absolute errors are distinct dyadic
    # numbers, weights are dyadic and the cumulative weight of the 5 smallest
    # errors is exactly half of the total (6 of 12), so sklearn's
    # averaged_inverted_cdf averages the 5th and 6th smallest errors.
    abs_err = np.array([0.25, 0.5, 0.75, 1.0, 1.25, 1.75, 2.0, 2.5, 3.0, 4.0])
    w_sorted = np.array([0.5, 1.5, 1.0, 2.0, 1.0, 1.0, 0.5, 2.5, 1.0, 1.0])
    perm = rng.permutation(10)
    y = np.round(rng.uniform(-5.0, 5.0, size=10) * 4.0) / 4.0
    sign = np.where(rng.integers(0, 2, size=10) == 1, 1.0, -1.0)
    pred = y + sign * abs_err[perm]
    regression_case("regression_ties_median", y, pred, w=w_sorted[perm])


# --------------------------------------------------------------------------
# Metric computation


def clean(v):
    if isinstance(v, np.ndarray):
        return [clean(x) for x in v.tolist()]
    if isinstance(v, list):
        return [clean(x) for x in v]
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    v = float(v)
    if math.isnan(v):
        return None
    if math.isinf(v):
        raise ValueError("infinite metric value cannot be stored in JSON")
    return v


class Recorder:
    def __init__(self):
        self.entries = []

    def add(self, metric, fn, **params):
        entry = {"metric": metric}
        entry.update(params)
        try:
            entry["value"] = clean(fn())
        except Exception as e:  # record what sklearn does
            entry["value"] = None
            entry["error"] = str(e)
        self.entries.append(entry)


def nanmean_or_nan(x):
    x = np.asarray(x, dtype=float)
    if np.all(np.isnan(x)):
        return float("nan")
    return float(np.nanmean(x))


def ratio(num, den):
    return num / den if den != 0 else float("nan")


def binary_metrics(spec, d):
    y, p, w = d["label"], d["prediction"], d["weight"]
    s = d["scores"]["score"]
    pos = int(spec["pos"]) if spec["kind"] == "int" else spec["pos"]
    neg = int(spec["neg"]) if spec["kind"] == "int" else spec["neg"]
    r = Recorder()
    r.add("accuracy", lambda: M.accuracy_score(y, p, sample_weight=w))
    r.add("balanced_accuracy", lambda: M.balanced_accuracy_score(y, p, sample_weight=w))
    r.add("precision", lambda: M.precision_score(y, p, average="binary", pos_label=pos, sample_weight=w), average="binary")
    r.add("recall", lambda: M.recall_score(y, p, average="binary", pos_label=pos, sample_weight=w), average="binary")
    r.add("f1", lambda: M.f1_score(y, p, average="binary", pos_label=pos, sample_weight=w), average="binary")
    for beta in (0.5, 2):
        r.add("fbeta", lambda beta=beta: M.fbeta_score(y, p, beta=beta, average="binary", pos_label=pos, sample_weight=w), average="binary", beta=beta)
    r.add("roc_auc", lambda: M.roc_auc_score(y, s, sample_weight=w))
    r.add("average_precision", lambda: M.average_precision_score(y, s, pos_label=pos, sample_weight=w))
    r.add("log_loss", lambda: M.log_loss(y, s, labels=[neg, pos], sample_weight=w))
    r.add("brier_score", lambda: M.brier_score_loss(y, s, pos_label=pos, sample_weight=w))
    r.add("matthews_corrcoef", lambda: M.matthews_corrcoef(y, p, sample_weight=w))
    r.add("cohen_kappa", lambda: M.cohen_kappa_score(y, p, sample_weight=w))

    def spec_():
        return M.recall_score(y, p, average="binary", pos_label=neg, sample_weight=w)

    r.add("specificity", spec_)
    r.add("fpr", lambda: 1.0 - spec_())
    r.add("fnr", lambda: 1.0 - M.recall_score(y, p, average="binary", pos_label=pos, sample_weight=w))
    r.add("confusion_matrix", lambda: M.confusion_matrix(y, p, labels=[neg, pos], sample_weight=w))
    classes = unique_labels(y, p, np.array([neg, pos]))
    return r.entries, [str(c) for c in classes]


def multiclass_metrics(spec, d):
    y, p, w = d["label"], d["prediction"], d["weight"]
    sc = spec["score_classes"]
    if spec["kind"] == "int":
        score_classes = np.array([int(c) for c in sc])
    else:
        score_classes = np.array([str(c) for c in sc])
    classes = unique_labels(y, p, score_classes)
    # score columns in classes order
    col = {c: d["scores"]["score_%s" % c] for c in sc}
    S = np.column_stack([col[c.item() if hasattr(c, "item") else c] for c in classes])
    L = list(classes)
    r = Recorder()
    r.add("accuracy", lambda: M.accuracy_score(y, p, sample_weight=w))
    r.add("balanced_accuracy", lambda: M.balanced_accuracy_score(y, p, sample_weight=w))
    for avg in ("macro", "micro", "weighted"):
        r.add("precision", lambda avg=avg: M.precision_score(y, p, labels=L, average=avg, sample_weight=w), average=avg)
        r.add("recall", lambda avg=avg: M.recall_score(y, p, labels=L, average=avg, sample_weight=w), average=avg)
        r.add("f1", lambda avg=avg: M.f1_score(y, p, labels=L, average=avg, sample_weight=w), average=avg)
        for beta in (0.5, 2):
            r.add("fbeta", lambda avg=avg, beta=beta: M.fbeta_score(y, p, beta=beta, labels=L, average=avg, sample_weight=w), average=avg, beta=beta)
    for mc in ("ovr", "ovo"):
        for avg in ("macro", "weighted"):
            r.add("roc_auc", lambda mc=mc, avg=avg: M.roc_auc_score(y, S, multi_class=mc, average=avg, labels=L, sample_weight=w), multi_class=mc, average=avg)
    if w is not None:
        for avg in ("macro", "weighted"):
            r.add("roc_auc", lambda avg=avg: M.roc_auc_score(y, S, multi_class="ovo", average=avg, labels=L), multi_class="ovo", average=avg, unweighted=True)
    Yb = label_binarize(y, classes=L)
    for avg in ("macro", "micro", "weighted"):
        r.add("average_precision", lambda avg=avg: M.average_precision_score(Yb, S, average=avg, sample_weight=w), average=avg)
    r.add("log_loss", lambda: M.log_loss(y, S, labels=L, sample_weight=w))
    r.add("brier_score", lambda: M.brier_score_loss(y, S, labels=L, sample_weight=w))
    r.add("matthews_corrcoef", lambda: M.matthews_corrcoef(y, p, sample_weight=w))
    r.add("cohen_kappa", lambda: M.cohen_kappa_score(y, p, labels=L, sample_weight=w))
    r.add("confusion_matrix", lambda: M.confusion_matrix(y, p, labels=L, sample_weight=w))
    for k in (1, 2):
        r.add("top_k_accuracy", lambda k=k: M.top_k_accuracy_score(y, S, k=k, labels=L, sample_weight=w), k=k)

    def per_class(which):
        mcm = M.multilabel_confusion_matrix(y, p, labels=L, sample_weight=w)
        vals = []
        for m in mcm:
            tn, fp, fn, tp = (float(x) for x in m.ravel())
            if which == "specificity":
                vals.append(ratio(tn, tn + fp))
            elif which == "fpr":
                vals.append(ratio(fp, fp + tn))
            else:
                vals.append(ratio(fn, fn + tp))
        return nanmean_or_nan(vals)

    for name in ("specificity", "fpr", "fnr"):
        r.add(name, lambda name=name: per_class(name), average="macro")
    return r.entries, [str(c) for c in classes]


def regression_metrics(spec, d):
    y, p, w = d["label"], d["prediction"], d["weight"]
    r = Recorder()
    r.add("mae", lambda: M.mean_absolute_error(y, p, sample_weight=w))
    r.add("mse", lambda: M.mean_squared_error(y, p, sample_weight=w))
    r.add("rmse", lambda: M.root_mean_squared_error(y, p, sample_weight=w))
    r.add("r2", lambda: M.r2_score(y, p, sample_weight=w))
    r.add("mape", lambda: M.mean_absolute_percentage_error(y, p, sample_weight=w))
    r.add("median_absolute_error", lambda: M.median_absolute_error(y, p, sample_weight=w))
    if w is None:
        r.add("max_error", lambda: M.max_error(y, p))
    else:
        r.add("max_error", lambda: M.max_error(y, p), unweighted=True)
    r.add("explained_variance", lambda: M.explained_variance_score(y, p, sample_weight=w))
    return r.entries


def main():
    if sklearn.__version__ != SKLEARN_VERSION:
        sys.exit("scikit-learn %s required, found %s" % (SKLEARN_VERSION, sklearn.__version__))
    warnings.simplefilter("ignore")
    np.seterr(all="ignore")

    make_cases()

    out = {
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "cases": {},
    }
    for name, spec in CASES.items():
        d = read_csv(name, spec["kind"])
        case = {"file": name + ".csv", "task": spec["task"]}
        if spec["task"] == "binary":
            case["positive_label"] = spec["pos"]
            entries, classes = binary_metrics(spec, d)
            case["classes"] = classes
        elif spec["task"] == "multiclass":
            entries, classes = multiclass_metrics(spec, d)
            case["classes"] = classes
        else:
            entries = regression_metrics(spec, d)
        case["weighted"] = spec["weighted"]
        case["metrics"] = entries
        out["cases"][name] = case

    with open(os.path.join(HERE, "golden.json"), "w", newline="\n") as f:
        json.dump(out, f, indent=1, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
