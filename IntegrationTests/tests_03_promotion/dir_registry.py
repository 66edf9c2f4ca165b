"""Checks a `dir:` registry after concurrent promotions.

Usage: dir_registry.py REGISTRY MODEL N
The registry's index (registry.json) lists versions 1..N of MODEL, and each version's
folder holds an artifact with the SHA-256 the index records. Exits non-zero otherwise.
"""
import hashlib
import json
import os
import sys

registry, model, count = sys.argv[1:]
with open(os.path.join(registry, "registry.json")) as f:
    index = json.load(f)
versions = index["models"][model]["versions"]
assert sorted(v["version"] for v in versions) == list(range(1, int(count) + 1)), versions
for v in versions:
    with open(os.path.join(registry, model, str(v["version"]), v["artifact"]), "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == v["sha256"], v
print(f"{count} versions, each holding its own artifact")
