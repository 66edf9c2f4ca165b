#!/usr/bin/env python3
"""Data for Benchmarks/bootstrap.sh: a candidate's and a champion's predictions of the
same ROWS rows (binary labels, scores), paired by id, the champion's file in another
row order; and the same with every score rounded to two decimals.

    bootstrap_data.py DIR ROWS

Writes into DIR: distinct/{p,champion}.csv (six-decimal scores: every paired row
distinct), repeated/{p,champion}.csv (two decimals: 6,832 distinct paired
rows at 1M rows), and distinct.yml and repeated.yml, each one model gate with the champion as
baseline and two checks with `confidence` (ROC AUC and log loss), 200 resamples.
Seeded: the same files on every run.
"""
import os
import random
import sys

directory, rows = sys.argv[1], int(sys.argv[2])
generator = random.Random(20261206)
candidate, champion = [], []
for row in range(rows):
    label = 1 if generator.random() < 0.3 else 0
    candidate.append((row, label, min(1.0, 0.4 * label + generator.random() * 0.6)))
    champion.append((row, label, min(1.0, 0.45 * label + generator.random() * 0.55)))
generator.shuffle(champion)

CONFIG = """version: 1
gates:
  - name: paired
    kind: model
    predictions: {folder}/p.csv
    task: binary
    label: label
    score: score
    id: id
    baseline: {{predictions: {folder}/champion.csv}}
    bootstrap: {{resamples: 200, seed: 1}}
    metrics:
      - {{metric: roc_auc, min: 0.5, max_drop: 0.01, confidence: 0.95}}
      - {{metric: log_loss, max: 5, max_drop: 0.01, confidence: 0.95}}
"""

for folder, digits in (("distinct", 6), ("repeated", 2)):
    os.makedirs(os.path.join(directory, folder), exist_ok=True)
    for name, table in (("p.csv", candidate), ("champion.csv", champion)):
        with open(os.path.join(directory, folder, name), "w") as out:
            out.write("id,label,score\n")
            out.writelines(f"{row},{label},{score:.{digits}f}\n" for row, label, score in table)
    with open(os.path.join(directory, f"{folder}.yml"), "w") as out:
        out.write(CONFIG.format(folder=folder))
