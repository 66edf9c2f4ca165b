"""The metrics `mlgate metrics` prints, computed with scikit-learn, as a whole process:
read the CSV (or Parquet) file with pandas, compute every metric, print JSON keyed like mlgate's.

    python sklearn_metrics.py PREDICTIONS.csv binary|multiclass
"""
import json
import sys
import warnings

import numpy as np
import pandas as pd
from sklearn import metrics as m
from sklearn.preprocessing import label_binarize

warnings.simplefilter("ignore")
path, task = sys.argv[1], sys.argv[2]
frame = pd.read_parquet(path) if path.endswith(".parquet") else pd.read_csv(path)
y = frame["label"].to_numpy()
p = frame["prediction"].to_numpy()
out = {}
if task == "binary":
    s = frame["score"].to_numpy()
    out["accuracy"] = m.accuracy_score(y, p)
    out["balanced_accuracy"] = m.balanced_accuracy_score(y, p)
    out["precision"] = m.precision_score(y, p)
    out["recall"] = m.recall_score(y, p)
    out["f1"] = m.f1_score(y, p)
    out["fbeta"] = m.fbeta_score(y, p, beta=1)
    out["roc_auc"] = m.roc_auc_score(y, s)
    out["average_precision"] = m.average_precision_score(y, s)
    out["log_loss"] = m.log_loss(y, s)
    out["brier_score"] = m.brier_score_loss(y, s)
    out["matthews_corrcoef"] = m.matthews_corrcoef(y, p)
    out["cohen_kappa"] = m.cohen_kappa_score(y, p)
    specificity = m.recall_score(y, p, pos_label=0)
    out["specificity"] = specificity
    out["fpr"] = 1 - specificity
    out["fnr"] = 1 - out["recall"]
    out["confusion_matrix"] = m.confusion_matrix(y, p).tolist()
else:
    classes = ["a", "b", "c"]
    s = frame[["score_a", "score_b", "score_c"]].to_numpy()
    out["accuracy"] = m.accuracy_score(y, p)
    out["balanced_accuracy"] = m.balanced_accuracy_score(y, p)
    for average in ["macro", "micro", "weighted"]:
        out[f"precision_{average}"] = m.precision_score(y, p, average=average)
        out[f"recall_{average}"] = m.recall_score(y, p, average=average)
        out[f"f1_{average}"] = m.f1_score(y, p, average=average)
    for strategy in ["ovr", "ovo"]:
        out[f"roc_auc_{strategy}"] = m.roc_auc_score(y, s, multi_class=strategy, labels=classes)
        out[f"roc_auc_{strategy}_weighted"] = m.roc_auc_score(y, s, multi_class=strategy, average="weighted", labels=classes)
    onehot = label_binarize(y, classes=classes)
    for average in ["macro", "micro", "weighted"]:
        out[f"average_precision_{average}"] = m.average_precision_score(onehot, s, average=average)
    out["log_loss"] = m.log_loss(y, s, labels=classes)
    out["brier_score"] = m.brier_score_loss(y, s, labels=classes)
    out["matthews_corrcoef"] = m.matthews_corrcoef(y, p)
    out["cohen_kappa"] = m.cohen_kappa_score(y, p)
    mcm = m.multilabel_confusion_matrix(y, p, labels=classes)
    tn, fp, fn, tp = mcm[:, 0, 0], mcm[:, 0, 1], mcm[:, 1, 0], mcm[:, 1, 1]
    out["specificity_macro"] = float(np.mean(tn / (tn + fp)))
    out["fpr_macro"] = float(np.mean(fp / (fp + tn)))
    out["fnr_macro"] = float(np.mean(fn / (fn + tp)))
    out["top_k_accuracy"] = m.top_k_accuracy_score(y, s, k=2, labels=classes)
    out["confusion_matrix"] = m.confusion_matrix(y, p, labels=classes).tolist()
print(json.dumps({"metrics": {k: (float(v) if not isinstance(v, list) else v) for k, v in out.items()}}, indent=1))
