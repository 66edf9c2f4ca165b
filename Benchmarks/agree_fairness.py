"""mlgate's and fairlearn's group rates and aggregates must agree.

Usage: agree_fairness.py MLGATE_OUT FAIRLEARN_OUT
`mlgate fairness --format json` against fairlearn_groups.py: the same groups in the same
order, every rate and every aggregate within 1e-9. Exits with the first differences.
"""
import json
import sys

with open(sys.argv[1]) as f:
    ours = json.load(f)
with open(sys.argv[2]) as f:
    theirs = json.load(f)
bad = []
for a, b in zip(ours["groups"], theirs["groups"]):
    if a["group"] != b["group"]:
        bad.append(("group order", a["group"], b["group"]))
    for k, v in b["rates"].items():
        if a["rates"][k] is not None and abs(a["rates"][k] - v) > 1e-9:
            bad.append((a["group"], k))


def walk(x, y, path):
    if isinstance(y, dict):
        for k in y:
            walk(x[k], y[k], path + [k])
    elif x is None or abs(x - y) > 1e-9:
        bad.append(path)


walk(ours["aggregates"], theirs["aggregates"], [])
if bad:
    sys.exit(f"mlgate and fairlearn disagree: {bad[:5]}")
print(f"  {len(theirs['groups'])} groups and every aggregate agree to 1e-9")
