"""The mlgate.yml of parquet.sh: one data gate on INPUT with the contract benchmark's
Table Schema and its dataset checks (checks.json, in the names mlgate gives them).

    parquet_config.py INPUT SCHEMA CHECKS
"""
import json, sys
names = {"mean": "column_mean", "std": "column_std", "quantile": "column_quantile"}
print(f"version: 1\ngates:\n  - name: contract\n    kind: data\n    input: {sys.argv[1]}")
print(f"    schema: {{path: {sys.argv[2]}, samples: 20}}\n    checks:")
for check in json.load(open(sys.argv[3]))["checks"]:
    entry = {"check": names.get(check["check"], check["check"])}
    entry.update({("quantile" if k == "q" else k): v for k, v in check.items() if k != "check"})
    print("      - " + json.dumps(entry))
