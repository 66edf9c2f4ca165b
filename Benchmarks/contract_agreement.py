"""Agreement of the contract benchmark's tools, each against frictionless.

Usage: contract_agreement.py NAME=OUTPUT...
Each OUTPUT is a tool's result in the common shape (see contract_polars.py):
  {"rows": N, "failures": {"<field>/<constraint>": cells, ...}, "dataset": {"<check>": value, ...}}
Every tool is compared with frictionless (the Table Schema's own implementation), or
with the first tool when frictionless did not run: the same rows, the same failing cells
per field and constraint, the same dataset values (to 1e-9). Differences a tool has by
design (BY_DESIGN) are printed with the reason; exits 1 on any other.
"""
import json
import sys

outputs = dict(arg.split("=", 1) for arg in sys.argv[1:])
results = {name: json.load(open(path)) for name, path in outputs.items()}
if len(results) < 2:
    sys.exit("fewer than two tools ran: nothing to compare")
reference = "frictionless" if "frictionless" in results else next(iter(results))
# Where a tool counts differently by design: (tool, constraint) -> why.
BY_DESIGN = {
    ("great_expectations", "type"): "GE checks the dtype of a pandas column, not each cell: a cell that is not an "
                                    "integer, number or boolean fails the read, so only date and datetime cells are counted",
}
for tool in ("polars", "pandera", "great_expectations"):
    BY_DESIGN[(tool, "format")] = ("a regular expression (EMAIL in its script) where frictionless applies the "
                                   "validators package's e-mail rule")


def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return a == b
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b)) or a == b


unexplained = 0
ref = results[reference]
for name, result in results.items():
    if name == reference:
        continue
    problems = []
    if result["rows"] != ref["rows"]:
        problems.append((f"rows: {result['rows']} vs {ref['rows']}", None))
    for key in sorted(set(ref["failures"]) | set(result["failures"])):
        a, b = result["failures"].get(key, 0), ref["failures"].get(key, 0)
        if a != b:
            problems.append((f"failures {key}: {a} vs {b}", BY_DESIGN.get((name, key.split("/")[-1]))))
    for key in sorted(set(ref["dataset"]) | set(result["dataset"])):
        a, b = result["dataset"].get(key), ref["dataset"].get(key)
        if not same(a, b):
            problems.append((f"dataset {key}: {a} vs {b}", None))
    if not problems:
        worst = max((abs(result["dataset"][k] - v) / max(abs(v), 1e-300)
                     for k, v in ref["dataset"].items() if isinstance(v, float)), default=0.0)
        print(f"  {name} agrees with {reference}: {sum(ref['failures'].values())} failing cells in "
              f"{len(ref['failures'])} field/constraint pairs, {len(ref['dataset'])} dataset values "
              f"(largest relative difference {worst:.1e})")
        continue
    print(f"  {name} DISAGREES with {reference}:")
    for text, why in problems:
        print(f"    {text}" + (f"  (by design: {why})" if why else ""))
        unexplained += why is None
for name, result in results.items():
    for note in result.get("notes", []):
        print(f"  note from {name}: {note}")
sys.exit(1 if unexplained else 0)
