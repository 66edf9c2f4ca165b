"""Data contract with pandera (pandas backend): a DataFrameSchema built from the Table
Schema, with the dataset checks as DataFrame-level checks, validated with lazy=True.

    python contract_pandera.py DATA.csv SCHEMA.json CHECKS.json

Prints the common JSON shape of the contract benchmark (see contract.sh). pandas reads
the CSV with its own type inference; every column is coerced to its schema type, and
pandera reports each cell whose coercion fails (failure case with its index), so type
errors are counted per cell. Dates and datetimes stay text and are checked by a
vectorised check (pandas.to_datetime with the format, errors="coerce"): coercing them
with pandera's DateTime dtype finds the failing cells by calling to_datetime once per
cell when any cell fails (28 s instead of 4 s for 100,000 rows with ten bad dates) and
reports each of them twice (deduplicated below, should another coercion fail).
pandera's own `pandera.io.from_frictionless_schema` is not used: it checks no date, no
string format, and joins minimum and maximum in one check.

Counting is frictionless's: unique with report_duplicates="exclude_first" reports every
occurrence of a value after its first, and skips missing values.
"""
import json
import sys

import pandas as pd
import pandera.pandas as pa

data, schema_path, checks_path = sys.argv[1:4]
schema = json.load(open(schema_path))
checks = json.load(open(checks_path))["checks"]

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
DTYPES = {"integer": "Int64", "number": "float64", "string": "str", "boolean": "boolean",
          "date": "str", "datetime": "str"}
FORMATS = {"date": "%Y-%m-%d", "datetime": "%Y-%m-%dT%H:%M:%S"}


def parses(fmt):
    return lambda s: pd.to_datetime(s, format=fmt, errors="coerce").notna()


def column(field):
    constraints = field.get("constraints", {})
    primary = schema.get("primaryKey") == [field["name"]]
    col_checks = []
    if field["type"] in FORMATS:
        col_checks.append(pa.Check(parses(FORMATS[field["type"]]), error="type"))
    if "minimum" in constraints:
        col_checks.append(pa.Check.ge(constraints["minimum"], error="minimum"))
    if "maximum" in constraints:
        col_checks.append(pa.Check.le(constraints["maximum"], error="maximum"))
    if "enum" in constraints:
        col_checks.append(pa.Check.isin(constraints["enum"], error="enum"))
    if "pattern" in constraints:
        col_checks.append(pa.Check.str_fullmatch(constraints["pattern"], error="pattern"))
    if field.get("format") == "email":
        col_checks.append(pa.Check.str_matches(EMAIL, error="format"))
    return pa.Column(
        DTYPES[field["type"]],
        checks=col_checks,
        nullable=not (constraints.get("required") or primary),
        unique=bool(constraints.get("unique") or primary),
        report_duplicates="exclude_first",
        coerce=True,
    )


observed = {}  # dataset check key -> value, filled in by the DataFrame-level checks


def dataset_check(check):
    name = check["check"]
    if name == "quantile":
        key = f"quantile_{check['q']}:{check['column']}"
    else:
        key = name if name == "row_count" else f"{name}:{check['column']}"
    measure = {
        "row_count": lambda df: len(df),
        "missing_fraction": lambda df: df[check["column"]].isna().mean(),
        "mean": lambda df: df[check["column"]].mean(),
        "std": lambda df: df[check["column"]].std(ddof=1),
        "quantile": lambda df: df[check["column"]].quantile(check.get("q", 0.5), interpolation="linear"),
        "distinct_count": lambda df: df[check["column"]].nunique(dropna=True),
    }[name]

    def judge(df):
        value = observed[key] = measure(df)
        return bool(check.get("min", value) <= value <= check.get("max", value))

    return pa.Check(judge, name=key)


frame_schema = pa.DataFrameSchema(
    {field["name"]: column(field) for field in schema["fields"]},
    checks=[dataset_check(check) for check in checks],
    strict=True,
)

df = pd.read_csv(data)
failures = {}
notes = []
try:
    frame_schema.validate(df, lazy=True, inplace=True)
except pa.errors.SchemaErrors as error:
    cases = error.failure_cases
    column_cases = cases[cases["column"].notna() & (cases["schema_context"] == "Column")]
    # A failed coercion is reported twice (by the frame and by the column): once a cell.
    column_cases = column_cases.drop_duplicates(["column", "check", "index"])
    for (name, check), group in column_cases.groupby(["column", "check"], sort=False):
        if check == "field_uniqueness":
            constraint = "unique"
        elif check == "not_nullable":
            constraint = "required"
        elif check.startswith("coerce_dtype") or check.startswith("dtype"):
            constraint = "type"
            if group["index"].isna().all():
                notes.append(f"{name}/type: column-level dtype failure {check}")
        else:
            constraint = check
        failures[f"{name}/{constraint}"] = failures.get(f"{name}/{constraint}", 0) + len(group)
    for check in cases.loc[cases["schema_context"] == "DataFrameSchema", "check"].unique():
        print(f"dataset check fails: {check}", file=sys.stderr)
print(json.dumps({"rows": len(df),
                  "failures": {k: v for k, v in sorted(failures.items()) if v},
                  "dataset": {k: v.item() if hasattr(v, "item") else v for k, v in observed.items()},
                  **({"notes": notes} if notes else {})}, indent=1))
