"""Splits and checks the GitLab CI component, and extracts every template's shell.

Usage: gitlab_component.py COMPONENT CLASSIC ACTION WORK

Writes, into WORK/gitlab: spec.yml and jobs.yml (the component's two YAML documents,
for check-jsonschema, which reads one document per file; jobs.yml keeps the original's
line numbers), jobs-interpolated.yml (the inputs' defaults, placeholders for required
inputs); and into WORK/shell one .sh file per shell step of the GitHub ACTION and per
GitLab job (before_script + script) of both templates, for shellcheck. Fails when an
input is used but not declared or declared but not used, when the component's scripts
differ from the CLASSIC template's, or when an action step has an expression in run:.
"""
import re
import sys

import yaml

from gitlab_yaml import INPUT, interpolate

component, classic, action, work = sys.argv[1:]
problems = []

text = open(component).read()
# The header ends at the first line that is exactly `---`.
parts = re.split(r'(?m)^---[ \t]*$\n?', text, maxsplit=1)
if len(parts) != 2:
    sys.exit(f"FAIL: {component}: no `---` line between the spec: header and the jobs")
header_text, jobs_text = parts
docs = list(yaml.safe_load_all(text))
if len(docs) != 2:
    sys.exit(f"FAIL: {component}: {len(docs)} YAML documents, expected 2 (spec:, jobs)")
header = yaml.safe_load(header_text)
if not isinstance(header, dict) or set(header) != {"spec"}:
    sys.exit(f"FAIL: {component}: the first document must hold `spec:` alone")
open(f"{work}/gitlab/spec.yml", "w").write(header_text)
# Keep the line numbers of the original in check-jsonschema's messages.
pad = "\n" * (header_text.count("\n") + 1)
open(f"{work}/gitlab/jobs.yml", "w").write(pad + jobs_text)

inputs = header["spec"].get("inputs") or {}
used = set(INPUT.findall(jobs_text))
for name in sorted(used - set(inputs)):
    problems.append(f"{component}: $[[ inputs.{name} ]] is used but not declared under spec:inputs")
for name in sorted(set(inputs) - used):
    problems.append(f"{component}: input {name} is declared but never used")
# Typed inputs, as the CI/CD catalog shows them: every input has a description and a type;
# a default satisfies its own type, options and regex (GitLab checks given values against them).
types = {"string": str, "boolean": bool, "number": (int, float), "array": list}
for name, spec in inputs.items():
    if not isinstance(spec, dict) or not spec.get("description") or spec.get("type") not in types:
        problems.append(f"{component}: input {name}: needs a description and a type (string, boolean, number, array)")
        continue
    if "default" in spec:
        value = spec["default"]
        if not isinstance(value, types[spec["type"]]):
            problems.append(f"{component}: input {name}: default {value!r} is not a {spec['type']}")
        if "options" in spec and value not in spec["options"]:
            problems.append(f"{component}: input {name}: default {value!r} is not one of its options")
        if "regex" in spec and re.search(spec["regex"], str(value)) is None:
            problems.append(f"{component}: input {name}: default {value!r} does not match its regex")
typed = sum(1 for s in inputs.values() if isinstance(s, dict) and ("options" in s or "regex" in s))
print(f"component inputs: all typed; {typed} with options or a regex")
required = [n for n, d in inputs.items() if not isinstance(d, dict) or "default" not in d]
print(f"component inputs: {', '.join(inputs)} (required: {', '.join(required) or 'none'})")

values = {n: (d["default"] if isinstance(d, dict) and "default" in d else f"placeholder-{n}")
          for n, d in inputs.items()}
jobs = yaml.safe_load(jobs_text)
interpolated = interpolate(jobs, values)
with open(f"{work}/gitlab/jobs-interpolated.yml", "w") as f:
    yaml.safe_dump(interpolated, f, sort_keys=False)

classic_jobs = yaml.safe_load(open(classic))
environment = (jobs.get("mlgate-promote") or {}).get("environment") or {}
if environment.get("deployment_tier") != "$[[ inputs.deployment_tier ]]":
    problems.append(f"{component}: mlgate-promote's deployment_tier is not the input deployment_tier")
for name in (".mlgate-build", "mlgate-gate", "mlgate-promote"):
    for key in ("before_script", "script"):
        a = (classic_jobs.get(name) or {}).get(key)
        b = (jobs.get(name) or {}).get(key)
        if a != b:
            problems.append(f"{name}.{key} differs between {classic} and {component}")

def job_shell(doc, name):
    job = doc[name]
    base = doc.get(job["extends"], {}) if isinstance(job.get("extends"), str) else {}
    lines = (job.get("before_script") or base.get("before_script") or []) + (job.get("script") or [])
    return "\n".join(lines)

def write_shell(label, body):
    path = f"{work}/shell/{label}.sh"
    with open(path, "w") as f:
        f.write("#!/usr/bin/env bash\nset -eo pipefail\n" + body + "\n")

for source, doc in (("classic", classic_jobs), ("component", interpolated)):
    for name in ("mlgate-gate", "mlgate-promote"):
        write_shell(f"gitlab-{source}-{name}", job_shell(doc, name))

metadata = yaml.safe_load(open(action))
for i, step in enumerate(metadata["runs"]["steps"]):
    if "run" in step:
        if "${{" in step["run"]:
            problems.append(f"{action}: step {step.get('name', i)!r}: an expression in run: "
                            "(pass it through env: instead)")
        write_shell(f"action-step-{i}", step["run"])

if problems:
    print("\n".join("FAIL: " + p for p in problems))
    sys.exit(1)
print("ok -- component split and interpolated; inputs declared and used; scripts in sync")
