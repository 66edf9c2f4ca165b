"""Whether mlgate and polars found the same failing cells on one contract shape
(contract-shapes.sh): prints the agreement, or each count that differs, and exits 1 then.

    contract_shapes_agree.py MLGATE_OUT POLARS_OUT   (each: {"rows": N, "failures": {check: count}})
"""
import json, sys
m, p = (json.load(open(path)) for path in sys.argv[1:3])
diff = [f"{k}: mlgate {m['failures'].get(k, 0)}, polars {p['failures'].get(k, 0)}"
        for k in sorted(set(m["failures"]) | set(p["failures"])) if m["failures"].get(k, 0) != p["failures"].get(k, 0)]
if m["rows"] != p["rows"]:
    diff.insert(0, f"rows: mlgate {m['rows']}, polars {p['rows']}")
print("; ".join(diff) if diff else f"{sum(m['failures'].values())} failing cells in {len(m['failures'])} checks, the same")
sys.exit(1 if diff else 0)
