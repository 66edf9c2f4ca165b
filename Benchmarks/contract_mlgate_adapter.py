"""mlgate's JSON report in the benchmark's common shape (see contract_polars.py).

    contract_mlgate_adapter.py REPORT.json SCHEMA

Counts are the data contract's (Frictionless codes per field and constraint); a type
error on a string field with a format is '<field>/format', as contract_frictionless.py
maps it; primary-key errors are not counted (they repeat the key field's required and
unique). Dataset values are the checks' observed values.
"""
import json
import sys

report = json.load(open(sys.argv[1]))
schema = json.load(open(sys.argv[2]))
formatted = {f["name"] for f in schema["fields"] if f.get("type") == "string" and f.get("format", "default") != "default"}
gate = report["gates"][0]
contract = gate["contract"]
failures = {}
for count in contract["counts"]:
    code, field, n = count["code"], count.get("field"), count["count"]
    if code == "type-error":
        key = f"{field}/{'format' if field in formatted else 'type'}"
    elif code == "constraint-error":
        key = f"{field}/{count['constraint']}"
    elif code == "unique-error":
        key = f"{field}/unique"
    else:
        continue
    failures[key] = failures.get(key, 0) + n
dataset = {}
names = {"row_count": "row_count", "missing_fraction": "missing_fraction:income", "column_mean": "mean:age",
         "column_std": "std:score", "column_quantile": "quantile_0.5:income", "distinct_count": "distinct_count:category"}
for check in gate["checks"]:
    if check["check"] in names:
        observed = next(m["value"] for m in check["measurements"] if m["name"] == "observed")
        dataset[names[check["check"]]] = observed
print(json.dumps({"rows": contract["rows"], "failures": failures, "dataset": dataset}))
