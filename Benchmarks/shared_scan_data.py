"""Writes the shared-scan benchmark's inputs: two CSVs, a Table Schema and five configs.

Usage: shared_scan_data.py OUTDIR ROWS

OUTDIR/current.csv and OUTDIR/reference.csv, ROWS rows each, seeded (the same bytes on
every run), with columns for all four gate kinds:
  id          unique integer (1..ROWS)
  age         integer 18..90
  income      decimal, about 3 % empty cells
  region      north, south, east, west
  email       matches the schema's pattern
  label       0/1 (about 30 % positives)
  score       the model's probability in [0, 1] (higher for label 1)
  prediction  0/1 (score >= 0.5)
  sex         F, M
  race        a, b, c, d
The reference has slightly shifted distributions (age, income, region, score).
OUTDIR/schema.json: a Table Schema with types, required, enum, minimum/maximum, unique
(id) and pattern (email). OUTDIR/all.yml: four gates over current.csv (data with the
schema as contract, model with binary metrics, fairness over sex and race, drift against
reference.csv); OUTDIR/{data,model,fairness,drift}.yml: each gate alone.
"""
import json
import math
import os
import random
import sys

out, rows = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)

COLUMNS = ["id", "age", "income", "region", "email", "label", "score", "prediction", "sex", "race"]
DOMAINS = ["example.com", "mail.org", "post.net", "inbox.com"]


def write(path, seed, shift):
    rng = random.Random(seed)
    regions = ["north", "south", "east", "west"]
    region_weights = [0.3, 0.3, 0.2, 0.2] if not shift else [0.25, 0.3, 0.25, 0.2]
    races = ["a", "b", "c", "d"]
    race_weights = [0.5, 0.25, 0.15, 0.1]
    chunk = []
    with open(path, "w") as f:
        f.write(",".join(COLUMNS) + "\n")
        for i in range(1, rows + 1):
            age = min(90, max(18, int(rng.gauss(42 + (2 if shift else 0), 12))))
            income = "" if rng.random() < 0.03 else f"{rng.lognormvariate(10.6 + (0.05 if shift else 0), 0.5):.2f}"
            region = rng.choices(regions, region_weights)[0]
            email = f"user{i}.{rng.randrange(1000)}@{DOMAINS[i % 4]}"
            label = 1 if rng.random() < 0.3 else 0
            logit = rng.gauss(0, 1) + (1.3 if label else -0.5) + (0.1 if shift else 0)
            score = 1 / (1 + math.exp(-logit))
            prediction = 1 if score >= 0.5 else 0
            sex = "F" if rng.random() < 0.5 else "M"
            race = rng.choices(races, race_weights)[0]
            chunk.append(f"{i},{age},{income},{region},{email},{label},{score:.6f},{prediction},{sex},{race}\n")
            if len(chunk) == 10000:
                f.write("".join(chunk))
                chunk = []
        f.write("".join(chunk))


write(os.path.join(out, "current.csv"), 20261202, shift=False)
write(os.path.join(out, "reference.csv"), 20261203, shift=True)

schema = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True, "unique": True, "minimum": 1}},
        {"name": "age", "type": "integer", "constraints": {"required": True, "minimum": 18, "maximum": 90}},
        {"name": "income", "type": "number", "constraints": {"minimum": 0}},
        {"name": "region", "type": "string", "constraints": {"required": True, "enum": ["north", "south", "east", "west"]}},
        {"name": "email", "type": "string", "constraints": {"required": True, "pattern": "[a-z0-9.]+@[a-z]+\\.(com|org|net)"}},
        {"name": "label", "type": "integer", "constraints": {"required": True, "enum": [0, 1]}},
        {"name": "score", "type": "number", "constraints": {"required": True, "minimum": 0, "maximum": 1}},
        {"name": "prediction", "type": "integer", "constraints": {"required": True, "enum": [0, 1]}},
        {"name": "sex", "type": "string", "constraints": {"required": True, "enum": ["F", "M"]}},
        {"name": "race", "type": "string", "constraints": {"required": True, "enum": ["a", "b", "c", "d"]}},
    ]
}
with open(os.path.join(out, "schema.json"), "w") as f:
    json.dump(schema, f, indent=2)

GATES = {
    "data": """  - name: data
    kind: data
    input: current.csv
    schema: schema.json
    checks:
      - {check: row_count, min: 1}
      - {check: missing_fraction, column: income, max: 0.05}
      - {check: column_mean, column: age, min: 30, max: 60}
      - {check: column_quantile, column: income, quantile: 0.5, min: 10000, max: 200000}
      - {check: distinct_count, column: region, max: 4}
""",
    "model": """  - name: model
    kind: model
    predictions: current.csv
    task: binary
    label: label
    score: score
    prediction: prediction
    metrics:
      - {metric: roc_auc, min: 0.7}
      - {metric: accuracy, min: 0.6}
      - {metric: f1, min: 0.4}
      - {metric: log_loss, max: 0.7}
""",
    "fairness": """  - name: fairness
    kind: fairness
    predictions: current.csv
    task: binary
    label: label
    prediction: prediction
    sensitive: [sex, race]
    min_group_size: 50
    reference: largest
    checks:
      - {check: demographic_parity_difference, max: 0.1}
      - {check: equalized_odds_difference, max: 0.2}
      - {check: disparate_impact, min: 0.8, max: 1.25}
""",
    "drift": """  - name: drift
    kind: drift
    reference: reference.csv
    current: current.csv
    exclude: [id, email]
    drift_share: 0.5
""",
}
for name, gate in GATES.items():
    with open(os.path.join(out, f"{name}.yml"), "w") as f:
        f.write("version: 1\ngates:\n" + gate)
with open(os.path.join(out, "all.yml"), "w") as f:
    f.write("version: 1\ngates:\n" + "".join(GATES.values()))
print(f"{out}: current.csv and reference.csv, {rows} rows each; schema.json; all.yml and {', '.join(GATES)}.yml")
