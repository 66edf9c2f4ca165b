"""Data contract with frictionless: the Table Schema validated by frictionless itself,
every error kept (limit_errors above any possible count), and the dataset checks
computed in the same pass from the typed rows frictionless hands to validate's on_row
callback (a frictionless user has no other way to measure a column).

    python contract_frictionless.py DATA.csv SCHEMA.json CHECKS.json

Prints the common JSON shape of the contract benchmark (see contract.sh); errors are
counted by field and constraint:
- type-error -> <field>/type, except on a string field with a format, where frictionless
  reports a value that breaks the format as a type error: <field>/format there.
- constraint-error -> <field>/<the constraint named in its note>; required is one.
- unique-error -> <field>/unique: every occurrence after the first, missing cells never.
- primary-key errors are not counted: a primary key of one field is that field's
  required and unique, already counted (each duplicate or missing id is also a
  primary-key error); their number is given under "notes".
Numbers are decimals in frictionless; they are converted with float() (correctly
rounded, as parsing the text as a double would be). The standard deviation is Welford's
running one; the quantile keeps the column's values and interpolates linearly
(numpy's default) after sorting.
"""
import json
import math
import os
import re
import sys
from collections import Counter

from frictionless import Resource, Schema

data, schema_path, checks_path = sys.argv[1:4]
schema = Schema.from_descriptor(schema_path)
checks = json.load(open(checks_path))["checks"]
formatted = {f.name for f in schema.fields if f.type == "string" and getattr(f, "format", "default") != "default"}


class Running:
    """Count, missing cells, Welford's mean and M2, the values when a quantile needs
    them, the distinct values when a count of them does."""

    def __init__(self):
        self.rows = self.missing = self.n = 0
        self.mean = self.m2 = 0.0
        self.values = None  # a list when a quantile is asked for
        self.distinct = None  # a set when a distinct count is

    def add(self, value):
        self.rows += 1
        if value is None:
            self.missing += 1
            return
        if self.distinct is not None:
            self.distinct.add(value)
        if not isinstance(value, str):
            x = float(value)
            if self.values is not None:
                self.values.append(x)
            self.n += 1
            delta = x - self.mean
            self.mean += delta / self.n
            self.m2 += delta * (x - self.mean)


columns = {}
for check in checks:
    if "column" in check:
        running = columns.setdefault(check["column"], Running())
        if check["check"] == "quantile" and running.values is None:
            running.values = []
        if check["check"] == "distinct_count" and running.distinct is None:
            running.distinct = set()
rows = 0


def on_row(row):
    global rows
    rows += 1
    for name, running in columns.items():
        running.add(row[name])


def quantile(values, q):
    values.sort()
    h = (len(values) - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (h - lo) * (values[hi] - values[lo])


CONSTRAINT = re.compile(r'constraint "(\w+)"')
# frictionless refuses an absolute path ("not safe") unless it is under the basepath.
source = Resource(path=os.path.basename(data), basepath=os.path.dirname(os.path.abspath(data)), schema=schema)
report = source.validate(limit_errors=10**12, on_row=on_row)
failures, notes, other = Counter(), Counter(), Counter()
for error in report.flatten(["type", "fieldName", "note"]):
    kind, field, note = error
    if kind == "type-error":
        failures[f"{field}/{'format' if field in formatted else 'type'}"] += 1
    elif kind == "constraint-error":
        failures[f"{field}/{CONSTRAINT.match(note).group(1)}"] += 1
    elif kind == "unique-error":
        failures[f"{field}/unique"] += 1
    elif kind == "primary-key":
        notes["primary-key errors (not counted: the key field's required and unique)"] += 1
    else:
        other[kind] += 1
if other:
    sys.exit(f"unexpected frictionless errors: {dict(other)}")

dataset = {}
for check in checks:
    name = check["check"]
    if name == "row_count":
        dataset["row_count"] = value = rows
    else:
        column = columns[check["column"]]
        if name == "missing_fraction":
            value = column.missing / column.rows
        elif name == "mean":
            value = column.mean
        elif name == "std":
            value = math.sqrt(column.m2 / (column.n - 1))
        elif name == "quantile":
            value = quantile(column.values, check["q"])
            name = f"quantile_{check['q']}"
        elif name == "distinct_count":
            value = len(column.distinct)
        dataset[f"{name}:{check['column']}"] = value
    if not check.get("min", value) <= value <= check.get("max", value):
        print(f"dataset check {name} fails: {value}", file=sys.stderr)
print(json.dumps({"rows": rows, "failures": dict(sorted(failures.items())), "dataset": dataset,
                  "notes": [f"{k}: {v}" for k, v in notes.items()]}, indent=1))
