"""A champion's and a candidate's predictions of a shape Benchmarks/pairing.sh does not
have, for Benchmarks/pairing-shapes.sh: labels `yes`/`no` (the positive one named in the
config), a prediction column and three-decimal scores on each side, float sample weights,
quoted non-ASCII ids (`clé-0000001-ü`) and a slice with non-ASCII values, the champion's
rows in another order. The regression shape: a continuous target and six-decimal
estimates on each side (every paired row distinct), float weights, the same ids and
slice; regression-median: the same rows, the median absolute error with a confidence.
The multiclass shape: three classes' probabilities of six decimals on each side (every
paired row distinct), a prediction column, the same weights, ids and slice; no check
ranks the rows.

    python3 pairing_shapes_data.py DIR ROWS [binary|regression|regression-median|multiclass]
        writes DIR/p.csv, DIR/c.csv and DIR/gate.yml
"""
import os
import random
import sys

SHARED = """    weight: wt
    id: key
    slices: [region]
    min_slice_size: 100
    baseline: {predictions: CHAMPION}
    bootstrap: {resamples: 200, seed: 13}
    metrics:
"""

GATE = """version: 1
gates:
  - name: model
    kind: model
    predictions: PREDICTIONS
    task: binary
    label: outcome
    score: proba
    prediction: decision
    positive_label: 'yes'
""" + SHARED + """      - {metric: average_precision, min: 0, max_drop: 0.01, confidence: 0.95}
      - {metric: f1, min: 0, max_drop: 0.01, confidence: 0.9}
      - {metric: brier_score, max: 1, max_drop: 0.01, confidence: 0.95}
"""

REGRESSION_GATE = GATE[:GATE.index("    task:")] + """    task: regression
    label: target
    prediction: estimate
""" + SHARED + """      - {metric: rmse, max: 100, max_drop: 0.01, confidence: 0.95}
      - {metric: r2, min: -10, max_drop: 0.01, confidence: 0.9}
      - {metric: mape, max: 100, max_drop: 0.01, confidence: 0.95}
      - {metric: mae, max: 100, max_drop: 0.01}
      - {metric: median_absolute_error, max: 100, max_drop: 0.01}
"""

MULTICLASS_GATE = GATE[:GATE.index("    task:")] + """    task: multiclass
    label: label
    score: {prefix: p_}
    prediction: decision
""" + SHARED + """      - {metric: accuracy, min: 0, max_drop: 0.01, confidence: 0.95}
      - {metric: log_loss, max: 10, max_drop: 0.01, confidence: 0.9}
      - {metric: f1_macro, min: 0, max_drop: 0.01, confidence: 0.95}
      - {metric: brier_score, max: 2, max_drop: 0.01}
"""


def write_pair(out, header, paired, candidate, champion, gate):
    """Writes DIR/p.csv (the candidate's rows, in order), DIR/c.csv (the champion's, shuffled)
    and DIR/gate.yml; `candidate(row)` and `champion(row)` give a paired row's cells after
    its key (quoted: the keys are not ASCII)."""
    for name, cells in (("p.csv", candidate), ("c.csv", champion)):
        if name == "c.csv":
            random.shuffle(paired)
        with open(os.path.join(out, name), "w", encoding="utf-8") as table:
            table.write(header)
            for row in paired:
                table.write(f'"{row[0]}",' + ",".join(str(cell) for cell in cells(row)) + "\n")
    with open(os.path.join(out, "gate.yml"), "w", encoding="utf-8") as text:
        text.write(gate)


def multiclass(out, rows):
    random.seed(14)
    regions = ["nord", "süd", "ōst", "west", "centre"]
    classes = ["cat", "dog", "bird"]

    def probabilities(label, spread):
        weights = [random.gammavariate(4 if c == label else 2, spread) for c in classes]
        total = sum(weights)
        first, second = round(weights[0] / total, 6), round(weights[1] / total, 6)
        return first, second, round(max(0.0, 1 - first - second), 6)

    def decision(probs):
        return classes[max(range(3), key=lambda c: (probs[c], -c))]

    paired = []
    for i in range(rows):
        label = random.choice(classes)
        candidate, champion = probabilities(label, 1.0), probabilities(label, 1.3)
        paired.append((f"clé-{i:07d}-ü", label, candidate, champion, random.choice(["1", "0.5", "2", "1.25"]), random.choice(regions)))
    header = "key,label,p_cat,p_dog,p_bird,decision,wt,region\n"
    write_pair(
        out, header, paired,
        lambda row: (row[1], *row[2], decision(row[2]), row[4], row[5]),
        lambda row: (row[1], *row[3], decision(row[3]), row[4], row[5]),
        MULTICLASS_GATE)

def regression(out, rows, median=False):
    random.seed(12)
    regions = ["nord", "süd", "ōst", "west", "centre"]
    paired = []
    for i in range(rows):
        target = round(random.lognormvariate(3, 0.5), 2)
        candidate = round(target + random.gauss(0, 2.5), 6)
        champion = round(target + random.gauss(0.3, 2.8), 6)
        paired.append((f"clé-{i:07d}-ü", target, candidate, champion, random.choice(["1", "0.5", "2", "1.25"]), random.choice(regions)))
    header = "key,target,estimate,wt,region\n"
    text = REGRESSION_GATE
    if median:
        text = text.replace("{metric: median_absolute_error, max: 100, max_drop: 0.01}",
                            "{metric: median_absolute_error, max: 100, max_drop: 0.01, confidence: 0.9}")
    write_pair(
        out, header, paired, lambda row: (row[1], row[2], row[4], row[5]), lambda row: (row[1], row[3], row[4], row[5]), text)

def main():
    out, rows = sys.argv[1], int(sys.argv[2])
    if len(sys.argv) > 3 and sys.argv[3] in ("regression", "regression-median"):
        regression(out, rows, median=sys.argv[3] == "regression-median")
        return
    if len(sys.argv) > 3 and sys.argv[3] == "multiclass":
        multiclass(out, rows)
        return
    random.seed(11)
    regions = ["nord", "süd", "ōst", "west", "centre"]
    paired = []
    for i in range(rows):
        label = "yes" if random.random() < 0.3 else "no"
        centre = 0.65 if label == "yes" else 0.35
        candidate = min(1, max(0, round(random.gauss(centre, 0.2), 3)))
        champion = min(1, max(0, round(random.gauss(centre, 0.25), 3)))
        paired.append((
            f"clé-{i:07d}-ü", label, candidate, "yes" if candidate >= 0.45 else "no", champion,
            "yes" if champion >= 0.5 else "no", random.choice(["1", "0.5", "2", "1.25"]), random.choice(regions)))
    header = "key,outcome,proba,decision,wt,region\n"
    write_pair(
        out, header, paired,
        lambda row: (row[1], row[2], row[3], row[6], row[7]),
        lambda row: (row[1], row[4], row[5], row[6], row[7]),
        GATE)

if __name__ == "__main__":
    main()
