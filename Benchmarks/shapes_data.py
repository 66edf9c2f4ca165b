"""Writes the unseen-shapes benchmark's inputs (Benchmarks/shapes.sh): issue #22's two
13-column loans files, each with a reference to compare it with, a Table Schema each and
a four-gate config each.

Usage: shapes_data.py OUTDIR ROWS

OUTDIR/loans.csv, OUTDIR/quoted.csv: tokenize_data.py's files (the plain one, LF; the one
with quoted free text, non-ASCII names and CRLF line ends), seed 22.
OUTDIR/loans-reference.csv, OUTDIR/quoted-reference.csv: the same shapes from seed 23.
OUTDIR/SHAPE.schema.json: types, required, enum, minimum/maximum, unique (id) and, on the
plain file, a pattern (email); on the quoted file the free text has a maxLength.
OUTDIR/SHAPE.yml: a data gate with that schema as contract, a model gate with binary
metrics, a fairness gate over grade and term, and a drift gate over DRIFT_COLUMNS against
the reference: the issue's "whole four-gate config".
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tokenize_data import write_table  # noqa: E402

# The columns drift compares, in mlgate and in Evidently alike: the numeric and
# categorical ones (not the id, the e-mail or name, the date or the free text).
DRIFT_COLUMNS = ["age", "income", "amount", "rate", "term", "grade", "label", "score"]


def schema(free_text):
    def field(name, kind, **constraints):
        return {"name": name, "type": kind, **({"constraints": constraints} if constraints else {})}

    purposes = ["car", "home", "education", "medical", "business", "travel", "wedding", "other"]
    return {"fields": [
        field("id", "integer", required=True, unique=True, minimum=1),
        field("age", "integer", required=True, minimum=18, maximum=90),
        field("income", "number", minimum=0),
        field("amount", "number", minimum=0),
        field("rate", "number", required=True, minimum=0, maximum=1),
        field("term", "integer", required=True, enum=[36, 60]),
        field("grade", "string", required=True, enum=list("ABCDEFG")),
        field("purpose", "string", required=True, maxLength=200) if free_text
        else field("purpose", "string", required=True, enum=purposes),
        field("email", "string", required=True) if free_text
        else field("email", "string", required=True, pattern=r"[a-z0-9.]+@[a-z]+\.(com|org|net)"),
        field("applied", "date", required=True),
        field("label", "integer", required=True, enum=[0, 1]),
        field("score", "number", required=True, minimum=0, maximum=1),
        field("prediction", "integer", required=True, enum=[0, 1]),
    ]}


CONFIG = """version: 1
gates:
  - name: data
    kind: data
    input: {shape}.csv
    schema: {shape}.schema.json
    checks:
      - {{check: row_count, min: 1}}
      - {{check: missing_fraction, column: income, max: 0.1}}
      - {{check: column_mean, column: age, min: 30, max: 70}}
  - name: model
    kind: model
    predictions: {shape}.csv
    task: binary
    label: label
    score: score
    prediction: prediction
    metrics:
      - {{metric: roc_auc, min: 0.7}}
      - {{metric: accuracy, min: 0.6}}
      - {{metric: f1, min: 0.4}}
      - {{metric: log_loss, max: 0.7}}
  - name: fairness
    kind: fairness
    predictions: {shape}.csv
    task: binary
    label: label
    prediction: prediction
    sensitive: [grade, term]
    min_group_size: 50
    checks:
      - {{check: demographic_parity_difference, max: 0.1}}
      - {{check: equalized_odds_difference, max: 0.2}}
  - name: drift
    kind: drift
    reference: {shape}-reference.csv
    current: {shape}.csv
    columns: [{columns}]
    drift_share: 0.5
"""


def main():
    out, rows = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    for shape, free_text in [("loans", False), ("quoted", True)]:
        write_table(os.path.join(out, f"{shape}.csv"), rows, free_text, seed=22)
        write_table(os.path.join(out, f"{shape}-reference.csv"), rows, free_text, seed=23)
        with open(os.path.join(out, f"{shape}.schema.json"), "w") as file:
            json.dump(schema(free_text), file, indent=1)
        with open(os.path.join(out, f"{shape}.yml"), "w") as file:
            file.write(CONFIG.format(shape=shape, columns=", ".join(DRIFT_COLUMNS)))


if __name__ == "__main__":
    main()
