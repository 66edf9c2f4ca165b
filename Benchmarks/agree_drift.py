"""mlgate's and Evidently's drift verdicts must agree.

Usage: agree_drift.py MLGATE_OUT EVIDENTLY_OUT [MLGATE_PROFILE_OUT]
For every column: the same test (ks, chisquare, z, wasserstein, jensenshannon), the score
within 1e-9 (relative, for scores above 1) and the same verdict. Then, when given, mlgate
with the reference's profile against mlgate with the raw reference: the largest score
difference and whether the verdicts are the same (printed, not enforced).
"""
import json
import sys

names = {"ks": "ks", "chisquare": "chisquare", "z": "ztest", "wasserstein": "wasserstein", "jensenshannon": "jensenshannon"}


def columns(path):
    with open(path) as f:
        return {c["column"]: c for c in json.load(f)["drift"]["columns"]}


ours = columns(sys.argv[1])
with open(sys.argv[2]) as f:
    theirs = json.load(f)["columns"]
bad = [k for k, v in theirs.items()
       if names.get(v["stattest"]) != ours[k]["method"] or abs(ours[k]["value"] - v["score"]) > 1e-9 * max(1, abs(v["score"]))
       or ours[k]["drifted"] != v["drifted"]]
if bad:
    sys.exit(f"mlgate and Evidently disagree on {bad}: {[(ours[k], theirs[k]) for k in bad][:2]}")
print(f"  {len(theirs)} columns agree with Evidently: method, score to 1e-9, verdict")
if len(sys.argv) < 4:
    sys.exit(0)
profiled = columns(sys.argv[3])
worst = max(abs(profiled[k]["value"] - ours[k]["value"]) for k in ours)
same = all(profiled[k]["drifted"] == ours[k]["drifted"] for k in ours)
print(f"  with the profile: largest difference {worst:.2e}, {'the same' if same else 'DIFFERENT'} verdicts")
