"""mlgate's JSON report in the shape contract_shapes_polars.py prints, for the contract
benchmark suite (contract-shapes.sh).

    contract_shapes_adapter.py REPORT.json SCHEMA.json   (mlgate validate --format json, or check --json)

Counts are the data contract's (Frictionless codes per field and constraint): a type
error on a string field with a format is '<field>/format'; primary-key errors are
'primaryKey'; a unique-error of several fields is 'uniqueKeys:<a,b>'; foreign-key errors
are 'foreignKeys:<fields>'.
"""
import json
import sys

report = json.load(open(sys.argv[1]))
schema = json.load(open(sys.argv[2]))
formatted = {f["name"] for f in schema["fields"] if f.get("type", "string") == "string" and f.get("format", "default") != "default"}
gate = report["gates"][0] if "gates" in report else report  # `check --json` or `validate --format json`
contract = gate["contract"]
failures = {}
for count in contract["counts"]:
    code, field, n = count["code"], count.get("field") or "", count["count"]
    if code == "type-error":
        key = f"{field}/{'format' if field in formatted else 'type'}"
    elif code == "constraint-error":
        key = f"{field}/{count['constraint']}"
    elif code == "unique-error":
        key = "uniqueKeys:" + field.replace(", ", ",") if ", " in field else f"{field}/unique"
    elif code == "primary-key":
        key = "primaryKey"
    elif code == "foreign-key":
        key = "foreignKeys:" + field.split(" → ")[0].replace(", ", ",")
    else:
        key = code
    failures[key] = failures.get(key, 0) + n
print(json.dumps({"rows": contract["rows"], "failures": dict(sorted(failures.items()))}, indent=1))
