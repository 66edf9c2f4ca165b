"""Writes a deterministic predictions file for the benchmark.

    python make_predictions.py OUT.csv [ROWS] [binary|multiclass]

binary: id,label,score,prediction,region,sex (30% positives, a reasonable model);
multiclass: id,label,prediction,score_a,score_b,score_c,region.
"""
import sys

import numpy as np

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
task = sys.argv[3] if len(sys.argv) > 3 else "binary"
rng = np.random.default_rng(20261123)
region = rng.choice(np.array(["north", "south", "east", "west"]), size=rows)
ids = np.arange(rows)
if task == "binary":
    label = (rng.random(rows) < 0.3).astype(int)
    logit = rng.normal(0, 1, rows) + np.where(label == 1, 1.2, -0.4)
    score = np.round(1 / (1 + np.exp(-logit)), 6)
    prediction = (score >= 0.5).astype(int)
    sex = rng.choice(np.array(["F", "M"]), size=rows)
    with open(out, "w") as f:
        f.write("id,label,score,prediction,region,sex\n")
        for row in zip(ids, label, score, prediction, region, sex):
            f.write("%d,%d,%.6f,%d,%s,%s\n" % row)
else:
    classes = np.array(["a", "b", "c"])
    label_index = rng.integers(0, 3, rows)
    logits = rng.normal(0, 1, (rows, 3))
    logits[np.arange(rows), label_index] += 1.0
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    # Six decimals, with the last column absorbing the rounding so each row sums to 1.
    probabilities = np.round(probabilities, 6)
    probabilities[:, 2] = np.round(1 - probabilities[:, 0] - probabilities[:, 1], 6)
    prediction = classes[probabilities.argmax(axis=1)]
    with open(out, "w") as f:
        f.write("id,label,prediction,score_a,score_b,score_c,region\n")
        for i in range(rows):
            p = probabilities[i]
            f.write("%d,%s,%s,%.6f,%.6f,%.6f,%s\n" % (i, classes[label_index[i]], prediction[i], p[0], p[1], p[2], region[i]))
