"""Data contract in hand-written polars expressions: the Table Schema's types and
constraints and the dataset checks, in one lazy query over the CSV.

    python contract_polars.py DATA.csv SCHEMA.json CHECKS.json

Prints the common JSON shape of the contract benchmark (see contract.sh). Every column
is scanned as text and cast with strict=False, so a cell that does not parse as its type
is counted (text present, typed value null) instead of failing the whole read; the
constraints are then judged on the typed values. Counts follow frictionless: a unique
failure is every occurrence of a value after its first, missing cells are never
duplicates, and a cell with a type error is judged by no constraint.
"""
import json
import sys

import polars as pl

data, schema_path, checks_path = sys.argv[1:4]
schema = json.load(open(schema_path))
checks = json.load(open(checks_path))["checks"]

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
TRUE, FALSE = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]


def typed(field):
    raw = pl.col(field["name"])
    kind = field["type"]
    if kind == "integer":
        return raw.cast(pl.Int64, strict=False)
    if kind == "number":
        return raw.cast(pl.Float64, strict=False)
    if kind == "date":
        return raw.str.to_date("%Y-%m-%d", strict=False)
    if kind == "datetime":
        return raw.str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False)
    if kind == "boolean":
        return pl.when(raw.is_in(TRUE)).then(True).when(raw.is_in(FALSE)).then(False)
    return raw


counts = {}  # "<field>/<constraint>" -> expression counting the failing cells
typed_columns = []
for field in schema["fields"]:
    name, kind = field["name"], field["type"]
    raw, value = pl.col(name), pl.col(f"{name}:typed")
    typed_columns.append(typed(field).alias(f"{name}:typed"))
    constraints = field.get("constraints", {})
    if kind != "string":
        counts[f"{name}/type"] = (raw.is_not_null() & value.is_null()).sum()
    if constraints.get("required") or name in schema.get("primaryKey", []):
        counts[f"{name}/required"] = raw.is_null().sum()
    if constraints.get("unique") or schema.get("primaryKey") == [name]:
        counts[f"{name}/unique"] = (value.is_not_null() & ~value.is_first_distinct()).sum()
    if "minimum" in constraints:
        counts[f"{name}/minimum"] = (value < constraints["minimum"]).sum()
    if "maximum" in constraints:
        counts[f"{name}/maximum"] = (value > constraints["maximum"]).sum()
    if "enum" in constraints:
        counts[f"{name}/enum"] = (value.is_not_null() & ~value.is_in(constraints["enum"])).sum()
    if "pattern" in constraints:
        counts[f"{name}/pattern"] = (~raw.str.contains(f"^(?:{constraints['pattern']})$")).sum()
    if field.get("format") == "email":
        counts[f"{name}/format"] = (~raw.str.contains(EMAIL)).sum()


def statistic(check):
    name = check["check"]
    if name == "row_count":
        return "row_count", pl.len()
    column = pl.col(f"{check['column']}:typed")
    if name == "quantile":
        return f"quantile_{check['q']}:{check['column']}", column.quantile(check["q"], interpolation="linear")
    return f"{name}:{check['column']}", {
        "missing_fraction": column.is_null().mean(),
        "mean": column.mean(),
        "std": column.std(ddof=1),
        "distinct_count": column.drop_nulls().n_unique(),
    }[name]


stats = dict(statistic(check) for check in checks)
result = (
    pl.scan_csv(data, infer_schema=False)
    .with_columns(typed_columns)
    .select([pl.len().alias("rows")]
            + [e.alias(k) for k, e in counts.items()]
            + [e.alias(k) for k, e in stats.items()])
    .collect(engine="streaming")
    .row(0, named=True)
)
dataset = {k: result[k] for k in stats}
for check, (key, _) in zip(checks, map(statistic, checks)):
    value = dataset[key]
    if value is None or not check.get("min", value) <= value <= check.get("max", value):
        print(f"dataset check {key} fails: {value}", file=sys.stderr)
print(json.dumps({"rows": result["rows"],
                  "failures": {k: result[k] for k in sorted(counts) if result[k]},
                  "dataset": dataset}, indent=1))
