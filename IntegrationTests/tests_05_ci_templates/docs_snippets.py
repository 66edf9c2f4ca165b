"""The CI templates' YAML as the docs show it.

Usage: docs_snippets.py CI_GITHUB_MD CI_GITLAB_MD GATE_WORKFLOW OUT

The one ```yaml block with `jobs:` in CI_GITHUB_MD must equal GATE_WORKFLOW as YAML
(comments aside); every ```yaml block of CI_GITLAB_MD is written to
OUT/ci-gitlab-N.yml, for check-jsonschema's vendor.gitlab-ci.
"""
import re
import sys

import yaml

github_doc, gitlab_doc, gate_workflow, out = sys.argv[1:]
blocks = lambda path: re.findall(r"```yaml\n(.*?)```", open(path).read(), re.S)
workflow = yaml.safe_load(open(gate_workflow))
full = [b for b in blocks(github_doc) if "jobs:" in b]
if len(full) != 1 or yaml.safe_load(full[0]) != workflow:
    sys.exit(f"FAIL: {github_doc}: its pull-request workflow differs from {gate_workflow}")
print(f"{github_doc}: the pull-request workflow equals {gate_workflow}")
for i, block in enumerate(blocks(gitlab_doc)):
    open(f"{out}/ci-gitlab-{i + 1}.yml", "w").write(block)
print(f"{gitlab_doc}: {len(blocks(gitlab_doc))} YAML snippets")
