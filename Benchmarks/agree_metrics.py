"""mlgate's and scikit-learn's model metrics must agree before their times mean anything.

Usage: agree_metrics.py MLGATE_OUT SKLEARN_OUT
Both are JSON with a "metrics" object (`mlgate metrics --format json`, sklearn_metrics.py);
every metric scikit-learn computed but the confusion matrix must be within 1e-9 of
mlgate's. Exits with the names of those that are not.
"""
import json
import sys

with open(sys.argv[1]) as f:
    ours = json.load(f)["metrics"]
with open(sys.argv[2]) as f:
    theirs = json.load(f)["metrics"]
bad = [k for k, v in theirs.items() if k != "confusion_matrix" and (ours.get(k) is None or abs(ours[k] - v) > 1e-9)]
if bad:
    sys.exit(f"mlgate and scikit-learn disagree on {bad}")
print(f"  {len(theirs) - 1} metrics agree to 1e-9")
