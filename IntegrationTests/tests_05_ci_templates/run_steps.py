"""Runs the CI templates' shell steps locally, as far as they do not need GitHub or GitLab.

Usage: run_steps.py ROOT WORK MLGATE SCENARIO
  ROOT      this checkout (mlgate's source; it stands in for every fetch of mlgate)
  WORK      a scratch folder holding the test projects in WORK/projects/<scenario>
  MLGATE    the mlgate the template steps' outputs are compared with (release build)
  SCENARIO  passing | failing | broken: that project through the GitHub composite action
            and both GitLab templates' mlgate-gate job;
            promotion: the action with attest + model-artifact, then the promote steps of
            workflows/mlgate-promote.yml (the binary check against the attestation, then
            promote with --require-same-mlgate) and of both GitLab templates, into dir:
            registries;
            workflows: the workflows' own run: steps (the pull-request number, the
            comparison with the base branch, the comment workflow's checks of the
            pull request) with a stand-in `gh` on PATH;
            comment: the merge-request comment steps (both GitLab templates' mlgate-gate
            with comment on, mlgate-comment.yml's `mlgate comment`) against a local
            stand-in for GitHub's and GitLab's APIs (fake_forge.py): created, then
            updated in place; a refused note leaves the verdict alone; no token printed;
            skipped: list the workflows' steps that are not run here, and why

- ci-templates/github/action.yml: every `run:` step of the composite action, in order,
  with its `if:`, `env:` and `working-directory:` evaluated as the runner does (inputs,
  github.workspace, steps.<id>.outputs/outcome, always(), ...), in
  `bash --noprofile --norc -eo pipefail`, with GITHUB_OUTPUT (one file per step),
  GITHUB_STEP_SUMMARY and GITHUB_WORKSPACE pointing at temp files and folders;
- ci-templates/gitlab/mlgate.gitlab-ci.yml and templates/mlgate.yml (inputs
  interpolated after checking them against their spec: type, options, regex): the job's
  before_script + script lines, in one `set -eo pipefail` bash, with its variables
  expanded and CI_* set as in a merge-request (or default-branch) pipeline; then the
  files its artifacts:reports name must exist.

Steps that use `mlgate diff` or `mlgate comment` run only when the built mlgate has that
command (they come from another branch); otherwise they are listed as skipped.

Steps that need the hosting service (actions/checkout of mlgate, upload/download of
artifacts, the cache, the `git fetch` of mlgate) are skipped, each with its stand-in
printed. Prints one line per check and last `ci-templates: N passed, N failed`; exits 1
if any check failed.
"""
import base64
import json
import os
import re
import shutil
import subprocess
import sys

from contextlib import contextmanager

import yaml

from gitlab_yaml import INPUT, interpolate

root, work, mlgate, SCENARIO = sys.argv[1:]
ACTION = "ci-templates/github/action.yml"
WORKFLOWS = ["ci-templates/github/workflows/mlgate-gate.yml",
             "ci-templates/github/workflows/mlgate-promote.yml",
             "ci-templates/github/workflows/mlgate-comment.yml"]
GITLAB_CLASSIC = "ci-templates/gitlab/mlgate.gitlab-ci.yml"
GITLAB_COMPONENT = "ci-templates/gitlab/templates/mlgate.yml"
REPORTS = ["junit.xml", "report.json", "summary.md", "metrics.txt", "report.html"]
GITLAB_REPORTS = REPORTS + ["codequality.json"]
failures = []
checked = 0

help_text = subprocess.run([mlgate, "check", "--help"], capture_output=True, text=True).stdout
HAS_ATTEST = "--attest" in help_text
if not HAS_ATTEST:
    raise SystemExit("FAIL: the built mlgate has no 'check --attest'")
if "--codequality" not in help_text or "--junit-warnings" not in help_text:
    raise SystemExit("FAIL: the built mlgate has no 'check --codequality' or '--junit-warnings'")

ROOT_HELP = subprocess.run([mlgate, "--help"], capture_output=True, text=True).stdout
SUBCOMMANDS = ROOT_HELP.split("SUBCOMMANDS:", 1)[-1]

def has_command(name):
    """Whether the built mlgate lists the subcommand (diff and comment come from another
    branch); `mlgate NAME --help` would not tell, since check is the default subcommand."""
    return re.search(rf"^  {re.escape(name)}\b", SUBCOMMANDS, re.M) is not None

HAS_DIFF, HAS_COMMENT = has_command("diff"), has_command("comment")
print(f"(the built mlgate has diff: {HAS_DIFF}, comment: {HAS_COMMENT}; steps using a missing one are skipped)")

def check(ok, what):
    global checked
    checked += 1
    print(f"    {'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures.append(what)

@contextmanager
def appended(path, suffix):
    """The file at `path` with `suffix` appended (a changed model, another binary), restored after."""
    original = open(path, "rb").read()
    open(path, "ab").write(suffix)
    try:
        yield
    finally:
        open(path, "wb").write(original)

def indent(text, prefix="      | ", keep=None):
    lines = text.splitlines()
    if keep is not None and len(lines) > keep:
        lines = [f"({len(lines) - keep} lines before these not shown)"] + lines[-keep:]
    return "".join(prefix + line + "\n" for line in lines)

# ---------------------------------------------------------------- GitHub expressions
TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\))"
                   r"|(?P<num>\d+(?:\.\d+)?)|(?P<id>[A-Za-z_][A-Za-z0-9_.\-]*))")

class Context:
    def __init__(self, inputs, workspace, action_path):
        self.inputs = inputs
        self.github = {"workspace": workspace, "action_path": action_path, "action_ref": ""}
        self.runner = {"os": "Linux", "arch": "X64"}
        self.steps = {}
        self.failed = False

    def lookup(self, name):
        head, _, rest = name.partition(".")
        if head == "inputs":
            if rest not in self.inputs:
                raise KeyError(f"inputs.{rest} is not an input of the action")
            return self.inputs[rest]
        if head == "github":
            if rest not in self.github:
                raise KeyError(f"github.{rest}: not emulated by this script")
            return self.github[rest]
        if head == "runner":
            return self.runner[rest]
        if head == "steps":
            step_id, _, field = rest.partition(".")
            step = self.steps.get(step_id)
            if step is None:
                return ""  # a step that has not run: null
            if field in ("outcome", "conclusion"):
                return step["outcome"]
            if field.startswith("outputs."):
                return step["outputs"].get(field[len("outputs."):], "")
        raise KeyError(f"{name}: not emulated by this script")

    def evaluate(self, expression):
        funcs = {"_always": lambda: True, "_success": lambda: not self.failed,
                 "_failure": lambda: self.failed, "_cancelled": lambda: False}
        python, pos, text = [], 0, expression.strip()
        while pos < len(text):
            m = TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise ValueError(f"cannot parse expression {expression!r} at {text[pos:]!r}")
            pos = m.end()
            if m["str"] is not None:
                python.append(repr(m["str"][1:-1].replace("''", "'")))
            elif m["op"] is not None:
                python.append({"&&": " and ", "||": " or ", "!": " not "}.get(m["op"], m["op"]))
            elif m["num"] is not None:
                python.append(m["num"])
            elif m["id"] in ("always", "success", "failure", "cancelled"):
                python.append("_" + m["id"])
            elif m["id"] in ("true", "false"):
                python.append(m["id"].title())
            else:
                python.append(repr(self.lookup(m["id"])))
        return eval("".join(python), {"__builtins__": {}}, funcs)

    def substitute(self, value):
        def one(m):
            result = self.evaluate(m.group(1))
            return {True: "true", False: "false"}.get(result, str(result)) if isinstance(result, bool) else str(result)
        return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))

    def condition(self, expression):
        expression = str(expression).strip()
        if expression.startswith("${{") and expression.endswith("}}"):
            expression = expression[3:-2]
        if not re.search(r"\b(always|success|failure|cancelled)\(", expression):
            expression = f"success() && ({expression})"
        return bool(self.evaluate(expression))

def parse_outputs(path):
    outputs = {}
    if not os.path.exists(path):
        return outputs
    lines = open(path).read().splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            value = []
            i += 1
            while i < len(lines) and lines[i] != delimiter:
                value.append(lines[i])
                i += 1
            outputs[name] = "\n".join(value)
        elif "=" in line:
            name, value = line.split("=", 1)
            outputs[name] = value
        i += 1
    return outputs

# Steps of the action that need GitHub, and what stands in for them here.
SKIP_USES = {
    "actions/checkout": "clones inputs.mlgate-repository from GitHub; this checkout stands in for it",
    "actions/upload-artifact": "needs the Actions artifact service; the reports directory it would upload is checked instead",
    "actions/cache": "needs the Actions cache service; taken as a cache miss, so the build step builds (its key is checked)",
}

def run_action(label, workspace, inputs, expect):
    print(f"\n-- GitHub composite action, {label}: {ACTION}")
    meta = yaml.safe_load(open(os.path.join(root, ACTION)))
    values = {name: str(spec.get("default", "")) for name, spec in meta["inputs"].items()}
    unknown = set(inputs) - set(values)
    if unknown:
        raise SystemExit(f"FAIL: not inputs of the action: {sorted(unknown)}")
    values.update(inputs)
    ctx = Context(values, workspace, os.path.join(root, "ci-templates/github"))
    tmp = os.path.join(work, "github", label)
    os.makedirs(tmp)
    summary = os.path.join(tmp, "step-summary.md")
    open(summary, "w").close()
    stand_ins = {}     # absolute checkout path -> this checkout
    uploads = []
    caches = []
    ran = []           # (name, exit code)
    for index, step in enumerate(meta["runs"]["steps"]):
        name = step.get("name") or step.get("uses") or f"step {index}"
        step_id = step.get("id")
        if not ctx.condition(step.get("if", "success()")):
            print(f"  skip {name!r}: its if: is false")
            if step_id:
                ctx.steps[step_id] = {"outcome": "skipped", "outputs": {}}
            continue
        if "uses" in step:
            action_name = step["uses"].split("@")[0]
            if action_name not in SKIP_USES:
                raise SystemExit(f"FAIL: {ACTION}: step {name!r} uses {step['uses']}, which this script does not know how to stand in for")
            with_ = {k: ctx.substitute(v) for k, v in (step.get("with") or {}).items()}
            print(f"  SKIPPED {name!r} ({step['uses']}): {SKIP_USES[action_name]}")
            if action_name == "actions/checkout":
                stand_ins[os.path.normpath(os.path.join(workspace, with_.get("path", ".")))] = root
            if action_name == "actions/upload-artifact":
                uploads.append(with_)
            if action_name == "actions/cache":
                commit = ctx.steps.get("source", {}).get("outputs", {}).get("commit", "")
                check(len(commit) == 40 and with_.get("key", "").endswith(commit),
                      f"the cache key names the mlgate commit ({with_.get('key')})")
                caches.append(with_)
            if step_id:
                ctx.steps[step_id] = {"outcome": "success", "outputs": {}}
            continue
        env = {}
        for key, value in (step.get("env") or {}).items():
            value = ctx.substitute(value)
            for path, local in stand_ins.items():
                if value == path or value.startswith(path + "/"):
                    value = local + value[len(path):]
                    print(f"  (env {key}: the skipped checkout's {path} -> {local})")
            env[key] = value
        directory = os.path.normpath(os.path.join(workspace, ctx.substitute(step.get("working-directory", "."))))
        output = os.path.join(tmp, f"output-{index}")
        open(output, "w").close()
        script = os.path.join(tmp, f"step-{index}.sh")
        open(script, "w").write(step["run"])
        if step.get("shell") != "bash":
            raise SystemExit(f"FAIL: {ACTION}: step {name!r}: shell {step.get('shell')!r}, expected bash")
        env.update(GITHUB_OUTPUT=output, GITHUB_STEP_SUMMARY=summary, GITHUB_WORKSPACE=workspace,
                   GITHUB_ENV=os.path.join(tmp, "env"), GITHUB_ACTION_PATH=ctx.github["action_path"],
                   GITHUB_ACTIONS="true", CI="true", RUNNER_TEMP=tmp)
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
                              cwd=directory, env={**os.environ, **env}, capture_output=True, text=True,
                              timeout=900)
        print(f"  ran {name!r} (exit {proc.returncode})")
        print(indent(proc.stdout + proc.stderr, keep=None if proc.returncode else 12), end="")
        outcome = "success" if proc.returncode == 0 else "failure"
        if outcome == "failure":
            ctx.failed = True
        ran.append((name, proc.returncode, proc.stdout))
        if step_id:
            ctx.steps[step_id] = {"outcome": outcome, "outputs": parse_outputs(output), "stdout": proc.stdout}
    outputs = {name: ctx.substitute(spec["value"]) for name, spec in meta.get("outputs", {}).items()}
    print(f"  action outputs: {outputs}")

    last_step = meta["runs"]["steps"][-1]
    check(ran and ran[-1][0] == last_step.get("name"), f"the action's last step {last_step.get('name')!r} ran")
    code = ran[-1][1] if ran else None
    check(code == expect["code"], f"the action ends with exit code {expect['code']} (got {code})")
    check(all(c == 0 for _, c, _ in ran[:-1]), "every step before the last exited 0 (the gate step keeps mlgate's code)")
    gate = ctx.steps.get("gate", {})
    gate_file = parse_outputs(os.path.join(tmp, f"output-{[s.get('id') for s in meta['runs']['steps']].index('gate')}"))
    check(gate_file.get("status") == expect["status"], f"GITHUB_OUTPUT of the gate step has status={expect['status']} (got {gate_file.get('status')})")
    check(outputs.get("status") == expect["status"] and outputs.get("exit-code") == str(expect["code"]),
          f"outputs status={expect['status']} exit-code={expect['code']}")
    reports = outputs.get("reports-directory", "")
    if expect["reports"]:
        for name in REPORTS:
            path = os.path.join(reports, name)
            check(os.path.isfile(path) and os.path.getsize(path) > 0, f"{name} written in the reports directory")
        markdown = open(os.path.join(reports, "summary.md")).read() if os.path.exists(os.path.join(reports, "summary.md")) else None
        check(markdown is not None and markdown in open(summary).read(), "GITHUB_STEP_SUMMARY holds summary.md")
    else:
        check(not any(os.path.exists(os.path.join(reports, n)) for n in REPORTS), "no report written")
        check("mlgate: no report" in open(summary).read(), "GITHUB_STEP_SUMMARY says there is no report")
    built = ctx.steps.get("build", {}).get("outputs", {}).get("mlgate", "")
    check(any(os.path.normpath(os.path.dirname(built)) == os.path.normpath(c.get("path", "")) for c in caches),
          f"the executable ({built}) lies in the cached folder")
    check(built != "" and subprocess.run(["ldd", built], capture_output=True).returncode != 0,
          "the action runs the self-contained executable (ldd: not a dynamic executable)")
    for upload in uploads:
        check(os.path.isdir(upload["path"]) and os.path.normpath(upload["path"]) == os.path.normpath(reports),
              f"the upload step's path is the reports directory ({upload['path']})")
    verdict = {0: "the gate passed (exit code 0)", 1: "(exit code 1)", 2: "(exit code 2)"}[expect["code"]]
    check(ran and verdict in ran[-1][2], f"the last step's log says {verdict!r}")
    for pattern in expect.get("annotations", []):
        check(re.search(pattern, gate.get("stdout", ""), re.M) is not None, f"annotation /{pattern}/ printed")
    if expect.get("attestation"):
        check(os.path.isfile(os.path.join(workspace, expect["attestation"])), f"attestation {expect['attestation']} written")
    if expect.get("keep_binary") and built:
        # The upload of the binary (a workflow step) and its download in the promote job.
        os.makedirs(os.path.dirname(expect["keep_binary"]), exist_ok=True)
        shutil.copyfile(built, expect["keep_binary"])
    shutil.rmtree(os.path.join(workspace, ".mlgate-action"), ignore_errors=True)
    if not expect.get("keep") and not os.path.isabs(reports):
        shutil.rmtree(os.path.join(workspace, reports), ignore_errors=True)

# ---------------------------------------------------------------- GitLab
def load_gitlab(path, inputs):
    text = open(os.path.join(root, path)).read()
    docs = list(yaml.safe_load_all(text))
    if len(docs) == 2 and set(docs[0]) == {"spec"}:
        spec = docs[0]["spec"].get("inputs") or {}
        values = {n: d["default"] for n, d in spec.items() if isinstance(d, dict) and "default" in d}
        unknown = set(inputs) - set(spec)
        if unknown:
            raise SystemExit(f"FAIL: not inputs of {path}: {sorted(unknown)}")
        values.update(inputs)
        missing = set(spec) - set(values)
        if missing:
            raise SystemExit(f"FAIL: {path}: required inputs not given: {sorted(missing)}")
        for name, value in values.items():
            problem = input_problem(spec[name], value)
            check(problem is None, f"input {name}={value!r} is valid for its spec" + (f": {problem}" if problem else ""))
        return interpolate(docs[1], values)
    return docs[0]

def input_problem(spec, value):
    """What GitLab would refuse about an input's value: its type, options, regex."""
    kind = spec.get("type", "string")
    types = {"string": str, "boolean": bool, "number": (int, float), "array": list}
    if not isinstance(value, types[kind]) or (kind == "number" and isinstance(value, bool)):
        return f"not a {kind}"
    if "options" in spec and value not in spec["options"]:
        return f"not one of {spec['options']}"
    if "regex" in spec and re.search(spec["regex"], str(value)) is None:
        return f"does not match /{spec['regex']}/"
    return None

def resolve(doc, name):
    job = dict(doc[name])
    parent = job.pop("extends", None)
    if parent:
        base = resolve(doc, parent)
        merged = dict(base)
        for key, value in job.items():
            if isinstance(value, dict) and isinstance(base.get(key), dict):
                merged[key] = {**base[key], **value}
            else:
                merged[key] = value
        job = merged
    return job

def expand(value, env):
    return re.sub(r"\$(?:\{(\w+)\}|(\w+))", lambda m: env.get(m.group(1) or m.group(2), ""), str(value))

SKIP_LINES = [
    (re.compile(r"\bgit\b.*\bfetch\b.*MLGATE_GIT_URL"),
     "fetches mlgate from $MLGATE_GIT_URL over the network; this checkout stands in for it (MLGATE_SOURCE)", None),
    # The target branch's report through GitLab's job artifacts API: the merge request's own
    # report stands in for it (when this mlgate can diff them).
    (re.compile(r"jobs/artifacts/.*curl|curl.*jobs/artifacts", re.S),
     "fetches the target branch's report from GitLab's API; " + (
         "this run's report.json stands in (copied to base-report.json)" if HAS_DIFF else
         "no stand-in: this mlgate has no `diff` (another branch), so the comparison is not run"),
     'if [ -n "${CI_MERGE_REQUEST_TARGET_BRANCH_NAME:-}" ] && [ -s "$MLGATE_REPORTS/report.json" ]; then '
     'cp "$MLGATE_REPORTS/report.json" "$MLGATE_REPORTS/base-report.json"; fi' if HAS_DIFF else None),
]
if not HAS_COMMENT:
    SKIP_LINES.append((re.compile(r'"\$MLGATE" comment'),
                       "posts a merge-request note; this mlgate has no `comment` (another branch)", None))

def gitlab_env(doc, job, project, name, variables, default_branch):
    env = {"CI": "true", "GITLAB_CI": "true", "CI_PROJECT_DIR": project, "CI_JOB_NAME": name,
           "CI_DEFAULT_BRANCH": "main"}
    if default_branch:
        env.update(CI_PIPELINE_SOURCE="push", CI_COMMIT_BRANCH="main", CI_COMMIT_REF_NAME="main")
    else:
        env.update(CI_PIPELINE_SOURCE="merge_request_event", CI_COMMIT_REF_NAME="feature", CI_MERGE_REQUEST_IID="1",
                   CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main", CI_API_V4_URL="https://gitlab.invalid/api/v4",
                   CI_PROJECT_ID="1", CI_JOB_URL="https://gitlab.invalid/job/1")
    for scope in (doc.get("variables") or {}, job.get("variables") or {}, variables):
        for key, value in scope.items():
            env[key] = expand(value, env)
    env["MLGATE_SOURCE"] = root
    return env

def run_job_lines(label, job, project, env):
    lines = []
    for line in (job.get("before_script") or []) + (job.get("script") or []):
        skip = next(((why, stand_in) for pattern, why, stand_in in SKIP_LINES if pattern.search(line)), None)
        if skip:
            first = next(l for l in line.splitlines() if l.strip() and not l.strip().startswith("#"))
            print(f"  SKIPPED line `{first.strip()}`: {skip[0]}")
            if skip[1]:
                lines.append(skip[1])
        else:
            lines.append(line)
    tmp = os.path.join(work, "gitlab", label)
    os.makedirs(tmp)
    script = os.path.join(tmp, "job.sh")
    open(script, "w").write("set -eo pipefail\n" + "\n".join(lines) + "\n")
    proc = subprocess.run(["bash", "--noprofile", "--norc", script], cwd=project,
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=900)
    print(f"  ran before_script + script: {len(lines)} lines (exit {proc.returncode})")
    return proc

def run_gitlab_promotion(label, path, project, variables, inputs, registry, public_key):
    print(f"\n-- GitLab mlgate-gate on the default branch, then mlgate-promote, {label}: {path}")
    doc = load_gitlab(path, inputs)
    gate = resolve(doc, "mlgate-gate")
    env = gitlab_env(doc, gate, project, "mlgate-gate", variables, default_branch=True)
    proc = run_job_lines(f"{label}-gate", gate, project, env)
    print(indent(proc.stdout + proc.stderr, keep=None if proc.returncode else 6), end="")
    check(proc.returncode == 0, f"mlgate-gate on the default branch exits 0 (got {proc.returncode})")
    reports = os.path.join(project, env["MLGATE_REPORTS"])
    check(os.path.isfile(os.path.join(reports, "attestation.json")), "the default-branch gate wrote attestation.json")
    check(os.path.isfile(os.path.join(reports, "mlgate")), "the default-branch gate keeps its mlgate binary in the artifacts")
    check("MLGATE_SIGNING_KEY" not in open(os.path.join(work, "gitlab", f"{label}-gate", "job.sh")).read().split("MLGATE_SIGNING_KEY_VALUE=")[0],
          "nothing before the key is taken out of the environment reads MLGATE_SIGNING_KEY")
    promote = resolve(doc, "mlgate-promote")
    check(any("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" in r.get("if", "") and r.get("when") == "manual"
              for r in promote.get("rules", [])), "mlgate-promote is manual, on the default branch")
    check((promote.get("environment") or {}).get("name") == "production", "mlgate-promote deploys to production")
    env = gitlab_env(doc, promote, project, "mlgate-promote", variables, default_branch=True)
    env["MLGATE_VERIFY_KEY"] = public_key
    proc = run_job_lines(f"{label}-promote", promote, project, env)
    print(indent(proc.stdout + proc.stderr, keep=None if proc.returncode else 6), end="")
    check(proc.returncode == 0, f"mlgate-promote exits 0 (got {proc.returncode})")
    check("signature: verified" in proc.stdout and "alias: champion" in proc.stdout,
          "mlgate-promote verified the signature and moved the champion alias")
    index = json.load(open(os.path.join(registry, "registry.json")))
    check(index["models"]["loans"]["aliases"].get("champion") is not None, "the registry index names the champion")
    with appended(os.path.join(project, env["MLGATE_MODEL_ARTIFACT"]), b" "):
        proc = run_job_lines(f"{label}-promote-changed", promote, project, env)
    check(proc.returncode == 1 and "nothing was promoted" in proc.stderr,
          f"mlgate-promote refuses a model changed after the gate (exit {proc.returncode})")
    check(not any("build-static" in l or "swift build" in l for l in promote.get("before_script", []) + promote.get("script", [])),
          "mlgate-promote builds no mlgate")
    with appended(os.path.join(reports, "mlgate"), b"\0"):
        proc = run_job_lines(f"{label}-promote-other-binary", promote, project, env)
    check(proc.returncode == 1 and "is not the binary the attestation records" in proc.stderr,
          f"mlgate-promote refuses another mlgate binary than the gate's (exit {proc.returncode})")
    shutil.rmtree(reports, ignore_errors=True)

def run_gitlab(label, path, project, variables, inputs, expect):
    print(f"\n-- GitLab mlgate-gate, {label}: {path}")
    doc = load_gitlab(path, inputs)
    job = resolve(doc, "mlgate-gate")
    check(any(r.get("if") == '$CI_PIPELINE_SOURCE == "merge_request_event"' for r in job.get("rules", [])),
          "mlgate-gate runs in merge-request pipelines")
    # Global variables, then the job's (a job's win), then what the user's own
    # .gitlab-ci.yml would set, each expanded with what came before.
    env = gitlab_env(doc, job, project, "mlgate-gate", variables, default_branch=False)
    print(f"  (MLGATE_SOURCE -> {root}: the skipped git fetch's stand-in)")
    proc = run_job_lines(label, job, project, env)
    print(indent(proc.stdout + proc.stderr, keep=None if proc.returncode != expect["code"] else 12), end="")
    check(proc.returncode == expect["code"], f"the job ends with exit code {expect['code']} (got {proc.returncode})")
    binary = os.path.join(project, ".mlgate/bin/mlgate")
    cached = (job.get("cache") or {}).get("paths") or []
    check(os.path.isfile(binary) and subprocess.run(["ldd", binary], capture_output=True).returncode != 0
          and ".mlgate/bin/" in cached and os.path.isfile(binary + ".commit"),
          "the job ran the self-contained executable, from the cached .mlgate/bin/ (commit stamped)")
    shutil.rmtree(os.path.join(project, ".mlgate"), ignore_errors=True)
    check(f"(exit code {expect['code']})" in proc.stdout, f"the job's log says '(exit code {expect['code']})'")
    artifacts = job.get("artifacts") or {}
    check(artifacts.get("when") == "always", "artifacts:when: always")
    reports = {k: os.path.join(project, expand(v, env)) for k, v in (artifacts.get("reports") or {}).items()}
    check({"junit", "metrics", "codequality"} <= set(reports), "artifacts:reports has junit, metrics and codequality")
    for kind, file in sorted(reports.items()):
        if kind == "dotenv" or expect["reports"]:
            check(os.path.isfile(file) and os.path.getsize(file) > 0, f"artifacts:reports:{kind} {os.path.relpath(file, project)} written")
    if expect["reports"]:
        for directory in artifacts.get("paths") or []:
            folder = os.path.join(project, expand(directory, env))
            for name in GITLAB_REPORTS:
                check(os.path.isfile(os.path.join(folder, name)), f"{name} in artifacts:paths {directory}")
            quality = json.load(open(os.path.join(folder, "codequality.json")))
            problems = [i for i in quality if i["severity"] in ("critical", "blocker")]
            check((len(problems) > 0) == (expect["code"] == 1) and all(
                os.path.isfile(os.path.join(project, i["location"]["path"])) for i in quality),
                f"codequality.json: {len(quality)} issues, {len(problems)} failing, each at a file of the project")
            if HAS_DIFF:
                check(os.path.isfile(os.path.join(folder, "diff.md")), "diff.md: the comparison with the target branch's report")
    else:
        check(not any(os.path.exists(f) for k, f in reports.items() if k != "dotenv"), "no report written")
    dotenv = reports.get("dotenv")
    status = dict(l.split("=", 1) for l in open(dotenv).read().split()) if dotenv and os.path.exists(dotenv) else {}
    check(status.get("MLGATE_STATUS") == expect["status"] and status.get("MLGATE_EXIT_CODE") == str(expect["code"]),
          f"dotenv MLGATE_STATUS={expect['status']} MLGATE_EXIT_CODE={expect['code']}")
    shutil.rmtree(os.path.join(project, "mlgate-reports"), ignore_errors=True)

# ---------------------------------------------------------------- what is not run
def list_not_run():
    print("Steps of the workflows and jobs that are not run here:")
    workflow_steps = {"Record the pull request number", "Compare with the base branch", "Download the gate's reports",
                      "Find the pull request and the base branch's last report", "Check the mlgate binary against the attestation"}
    for path in WORKFLOWS:
        workflow = yaml.safe_load(open(os.path.join(root, path)))
        for job_name, job in workflow["jobs"].items():
            for step in job.get("steps", []):
                uses, name = step.get("uses", ""), step.get("name") or step.get("uses") or "run"
                where = f"{os.path.basename(path)} {job_name}: {name!r}"
                if "/ci-templates/github@" in uses:
                    if (step.get("with") or {}).get("check") == "false":
                        print(f"  (run) {where}: the composite action's build steps (in the step tests, test_08 to test_11)")
                    elif "attest" in (step.get("with") or {}):
                        print(f"  (run) {where}: the composite action with attest (in the step tests, test_08 to test_11)")
                    else:
                        print(f"  (run) {where}: the composite action (in the step tests, test_08 to test_11)")
                elif uses.startswith("actions/checkout"):
                    print(f"  SKIPPED {where}: needs GitHub to clone; the test projects stand in")
                elif uses.startswith(("actions/upload-artifact", "actions/download-artifact")):
                    print(f"  SKIPPED {where}: needs the Actions artifact service; copies stand in (test_11)")
                elif name in workflow_steps:
                    print(f"  (run) {where}: with a stand-in `gh` (test_11, test_12)")
                elif "promote" in step.get("run", ""):
                    print(f"  (run) {where}: with vars/secrets for a dir: registry (test_11)")
                elif '"$MLGATE" comment' in step.get("run", ""):
                    print(f"  (run) {where}: against a local stand-in for GitHub's API (test_14)")
                else:
                    print(f"  SKIPPED {where}: not part of the composite action")
    for path in (GITLAB_CLASSIC, GITLAB_COMPONENT):
        print(f"  (run) {os.path.basename(path)} mlgate-promote: before_script + script after a default-branch gate (in the step tests, test_08 to test_11); "
              "the manual approval is GitLab's")
        print(f"  SKIPPED {os.path.basename(path)} mlgate-gate: the fetch of the target branch's report (GitLab's job artifacts API); "
              "the merge request's own report stands in" + ("" if HAS_DIFF else " once this mlgate has `diff`"))
        print(f"  (run) {os.path.basename(path)} mlgate-gate: the merge-request note (comment: \"true\") against a local "
              "stand-in for GitLab's notes API (test_14)")

# ---------------------------------------------------------------- the workflows' own steps
FAKE_GH = r"""#!/usr/bin/env bash
# A stand-in for GitHub's CLI: answers from FAKE_GH_* and logs its arguments.
set -euo pipefail
echo "gh $*" >> "$FAKE_GH_LOG"
case "$1 $2" in
  "run list") printf '%s\n' "${FAKE_GH_RUN_ID:-}" ;;
  "run download")
    dir=""; while [ $# -gt 0 ]; do if [ "$1" = --dir ]; then dir=$2; fi; shift; done
    mkdir -p "$dir"; cp -R "$FAKE_GH_ARTIFACT"/. "$dir"/ ;;
  "api repos/"*) printf '%s %s\n' "$FAKE_GH_HEAD_SHA" "$FAKE_GH_BASE_REF" ;;
  *) echo "fake gh: not emulated: $*" >&2; exit 3 ;;
esac
"""

def run_workflow_step(label, path, job, name, env, fake):
    """Runs one run: step of a workflow with a stand-in `gh`; returns (process, outputs)."""
    workflow = yaml.safe_load(open(os.path.join(root, path)))
    step = next(s for s in workflow["jobs"][job]["steps"] if s.get("name") == name)
    tmp = os.path.join(work, "workflows", label)
    os.makedirs(os.path.join(tmp, "bin"), exist_ok=True)
    gh = os.path.join(tmp, "bin", "gh")
    open(gh, "w").write(FAKE_GH)
    os.chmod(gh, 0o755)
    output, summary = os.path.join(tmp, "output"), os.path.join(tmp, "summary.md")
    for f in (output, summary, os.path.join(tmp, "gh.log")):
        open(f, "w").close()
    script = os.path.join(tmp, "step.sh")
    open(script, "w").write(step["run"])
    full = {**os.environ, "PATH": os.path.join(tmp, "bin") + os.pathsep + os.environ["PATH"], "RUNNER_TEMP": tmp,
            "GITHUB_OUTPUT": output, "GITHUB_STEP_SUMMARY": summary, "FAKE_GH_LOG": os.path.join(tmp, "gh.log"),
            **{f"FAKE_GH_{k}": v for k, v in fake.items()}, **env}
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=os.path.join(projects, "passing"),
                          env=full, capture_output=True, text=True, timeout=300)
    print(f"  ran {name!r} of {os.path.basename(path)} ({label}, exit {proc.returncode})")
    print(indent(proc.stdout + proc.stderr + "".join("  " + l for l in open(os.path.join(tmp, "gh.log")))), end="")
    return proc, parse_outputs(output), tmp

def run_workflows():
    gate_path, comment_path = WORKFLOWS[0], WORKFLOWS[2]
    gate = yaml.safe_load(open(os.path.join(root, gate_path)))
    on = gate.get("on") or gate.get(True)
    check({"pull_request", "merge_group", "push"} <= set(on), f"{gate_path} runs on pull_request, merge_group and push")
    check(gate["concurrency"]["group"].startswith("${{ github.workflow }}"), "the gate's concurrency group starts with the workflow's name")
    # A report of this project stands in for the gate run's artifact and the base branch's.
    artifact = os.path.join(work, "workflows", "artifact")
    os.makedirs(artifact)
    project = os.path.join(projects, "passing")
    subprocess.run([mlgate, "check", "-c", "Examples/loans/mlgate.yml", "--json", os.path.join(artifact, "report.json")],
                   cwd=project, capture_output=True)
    check(os.path.isfile(os.path.join(artifact, "report.json")), "a report of the passing project stands in for the artifacts")

    print(f"\n-- {gate_path}")
    proc, _, tmp = run_workflow_step("record", gate_path, "gate", "Record the pull request number", {"PR_NUMBER": "42"}, {})
    written = os.path.join(project, "mlgate-reports", "pull-request.txt")
    check(proc.returncode == 0 and open(written).read() == "42\n", "the pull request's number is in mlgate-reports/pull-request.txt")
    shutil.copyfile(written, os.path.join(artifact, "pull-request.txt"))
    shutil.rmtree(os.path.join(project, "mlgate-reports"))
    compare_env = {"MLGATE": mlgate, "REPORTS": artifact, "BASE_REF": "main", "WORKFLOW": "mlgate", "GH_TOKEN": "t", "GH_REPO": "o/r"}
    proc, _, tmp = run_workflow_step("compare-none", gate_path, "gate", "Compare with the base branch", compare_env, {"RUN_ID": "", "ARTIFACT": artifact})
    check(proc.returncode == 0 and "nothing to compare with" in proc.stdout, "no run on the base branch: nothing compared, the step passes")
    if HAS_DIFF:
        proc, _, tmp = run_workflow_step("compare", gate_path, "gate", "Compare with the base branch", compare_env, {"RUN_ID": "7", "ARTIFACT": artifact})
        log = open(os.path.join(tmp, "gh.log")).read()
        check(proc.returncode == 0 and "--branch main --event push --status success" in log and "run download 7" in log
              and os.path.getsize(os.path.join(tmp, "summary.md")) > 0,
              "the base branch's last successful run's report is compared; the diff is in the job summary")
    else:
        print("  SKIPPED the comparison itself: this mlgate has no `diff` (another branch)")

    print(f"\n-- {comment_path}")
    comment = yaml.safe_load(open(os.path.join(root, comment_path)))
    job = comment["jobs"]["comment"]
    check(comment.get("permissions") == {} and job.get("permissions") == {"actions": "read", "pull-requests": "write"},
          "the comment workflow has no permission but actions: read and pull-requests: write, in its one job")
    check(not any(s.get("uses", "").startswith("actions/checkout") for s in job["steps"]),
          "the comment workflow checks out nothing (of the pull request or else)")
    check(not any("with" in s and s["with"].get("ref") for s in job["steps"]), "no step asks for the pull request's ref")
    proc, _, tmp = run_workflow_step("download", comment_path, "comment", "Download the gate's reports",
                                     {"RUN_ID": "9", "GH_TOKEN": "t", "GH_REPO": "o/r"}, {"ARTIFACT": artifact})
    head = os.path.join(tmp, "head")
    check(proc.returncode == 0 and os.path.isfile(os.path.join(head, "report.json")), "the gate run's reports are downloaded")
    find = "Find the pull request and the base branch's last report"
    sha = "a" * 40
    for label, number, head_sha, expect_code in [("ok", "42", sha, 0), ("other-head", "42", "b" * 40, 1),
                                                  ("not-a-number", "42; rm -rf /", sha, 1)]:
        runner = os.path.join(work, "workflows", f"find-{label}")
        os.makedirs(os.path.join(runner, "head"), exist_ok=True)
        open(os.path.join(runner, "head", "pull-request.txt"), "w").write(number + "\n")
        proc, outputs, tmp = run_workflow_step(f"find-{label}", comment_path, "comment", find,
                                               {"HEAD_SHA": sha, "WORKFLOW": "mlgate", "GH_TOKEN": "t", "GH_REPO": "o/r"},
                                               {"RUN_ID": "7", "ARTIFACT": artifact, "HEAD_SHA": head_sha, "BASE_REF": "main"})
        check(proc.returncode == expect_code, f"{label}: the step exits {expect_code} (got {proc.returncode})")
        if expect_code == 0:
            check(outputs.get("number") == "42" and outputs.get("base", "").endswith("/base/report.json"),
                  "the pull request's number and the base branch's report are the step's outputs")

# ---------------------------------------------------------------- the runs
projects = os.path.join(work, "projects")
SCENARIOS = {
    "passing": ("Examples/loans/mlgate.yml",
                {"code": 0, "status": "passed", "reports": True}),
    "failing": ("mlgate.yml",
                {"code": 1, "status": "failed", "reports": True,
                 "annotations": [r"^::error file=mlgate\.yml,line=\d+,col=\d+,title=mlgate applications%3A rows::"]}),
    "broken": ("mlgate.yml",
               {"code": 2, "status": "error", "reports": False}),
}


def run_scenario(label):
    config, expect = SCENARIOS[label]
    project = os.path.join(projects, label)
    inputs = {"mlgate-repository": "local/mlgate", "reports-directory": os.path.join(work, "reports", label)}
    if config != "mlgate.yml":
        inputs["config"] = config
    run_action(label, project, inputs, expect)
    run_gitlab(f"{label}-classic", GITLAB_CLASSIC, project,
               {"MLGATE_GIT_URL": "local", "MLGATE_CONFIG": config}, {}, expect)
    run_gitlab(f"{label}-component", GITLAB_COMPONENT, project, {},
               {"mlgate_git_url": "file://" + root, "config": config}, expect)

# ---------------------------------------------------------------- promotion
def run_promotion():
    keys = os.path.join(work, "keys")
    os.makedirs(keys)
    subprocess.run([mlgate, "keygen", "-o", os.path.join(keys, "signing.pem")], check=True, capture_output=True)
    signing_key = open(os.path.join(keys, "signing.pem")).read()
    public_key = open(os.path.join(keys, "signing.pub.pem")).read()
    project = os.path.join(projects, "passing")
    workflow_path = "ci-templates/github/workflows/mlgate-promote.yml"
    workflow = yaml.safe_load(open(os.path.join(root, workflow_path)))
    gate_job = workflow["jobs"]["gate"]
    gate_step = next(s for s in gate_job["steps"] if "/ci-templates/github@" in s.get("uses", ""))
    # The workflow's MODEL_ARTIFACT is a placeholder for the user's model: point it at the example's.
    model_artifact = "Examples/loans/model/model.json"
    print(f"\n(workflow env MODEL_ARTIFACT -> {model_artifact}: the example's model)")
    check(gate_step["with"].get("attest") and gate_step["with"].get("model-artifact") == "${{ env.MODEL_ARTIFACT }}",
          "mlgate-promote.yml's gate passes attest and model-artifact to the action")
    check(gate_step["with"].get("signing-key") == "${{ secrets.MLGATE_SIGNING_KEY }}" and "env" not in gate_step,
          "mlgate-promote.yml's gate hands secrets.MLGATE_SIGNING_KEY to the action's input (its check step only)")
    check(gate_job.get("environment") == "mlgate-attest", "the gate job reads the signing key from the mlgate-attest environment")
    uploads = [s for s in gate_job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    check(len(uploads) == 1 and uploads[0]["with"]["path"] == "${{ steps.mlgate.outputs.mlgate }}",
          "the gate job uploads the action's mlgate binary")
    binary = os.path.join(project, ".mlgate-promote", "mlgate")   # where the promote job downloads it
    run_action("passing-attest", project,
               {"mlgate-repository": "local/mlgate", "config": "Examples/loans/mlgate.yml",
                "reports-directory": gate_step["with"]["reports-directory"], "attest": gate_step["with"]["attest"],
                "model-artifact": model_artifact, "signing-key": signing_key},
               {"code": 0, "status": "passed", "reports": True, "attestation": gate_step["with"]["attest"],
                "keep": True, "keep_binary": binary})

    def run_promote_steps(label, registry, expect_code):
        job = workflow["jobs"]["promote"]
        check(job.get("environment") == "production", "the promote job is bound to the production environment")
        concurrency = job.get("concurrency") or {}
        check(concurrency.get("cancel-in-progress") is False and concurrency.get("queue") == "max",
              "promotions queue (queue: max) and none is cancelled")
        check(not any("swift build" in s.get("run", "") for s in job["steps"]), "the promote job builds no mlgate")
        steps = [s for s in job["steps"] if "run" in s]
        values = {"vars.MLGATE_REGISTRY": f"dir:{registry}", "vars.MLGATE_MODEL": "loans",
                  "vars.MLGATE_VERIFY_KEY": public_key, "secrets.MLFLOW_TRACKING_TOKEN": ""}
        def substitute(value):
            def one(m):
                name = m.group(1).strip()
                if name not in values:
                    raise SystemExit(f"FAIL: {workflow_path}: ${{{{ {name} }}}} is not emulated")
                return values[name]
            return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))
        github_env = os.path.join(work, "github", f"promote-{label}.env")
        open(github_env, "w").close()
        env = {"MODEL_ARTIFACT": model_artifact, "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_ENV": github_env}
        proc = None
        for index, step in enumerate(steps):
            step_env = dict(env)
            step_env.update(dict(l.split("=", 1) for l in open(github_env).read().splitlines() if "=" in l))
            step_env.update({k: substitute(v) for k, v in (step.get("env") or {}).items()})
            script = os.path.join(work, "github", f"promote-{label}-{index}.sh")
            open(script, "w").write(step["run"])
            proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=project,
                                  env={**os.environ, **step_env}, capture_output=True, text=True, timeout=300)
            print(f"  ran {step['name']!r} of {workflow_path} (exit {proc.returncode})")
            print(indent(proc.stdout + proc.stderr), end="")
            if proc.returncode != 0:
                break
        check(proc.returncode == expect_code, f"the promote job exits {expect_code} (got {proc.returncode})")
        return proc

    print(f"\n-- GitHub promote job, the downloaded mlgate-reports and mlgate-binary artifacts stand in as "
          f"{project}/mlgate-reports and {binary}")
    registry = os.path.join(work, "registry-github")
    proc = run_promote_steps("passing", registry, 0)
    check("signature: verified" in proc.stdout and "registered as version 1" in proc.stdout, "version 1, signature verified")
    index = json.load(open(os.path.join(registry, "registry.json")))
    check(index["models"]["loans"]["aliases"] == {"champion": 1}, "the champion alias points at version 1")
    check(os.path.isfile(os.path.join(registry, "loans", "1", "report.json")), "the gate's report is stored with version 1")
    with appended(os.path.join(project, model_artifact), b"\n"):
        proc = run_promote_steps("changed", registry, 1)
    check("it changed after the gate" in proc.stderr, "a model changed after the gate is refused")
    with appended(binary, b"\0"):
        proc = run_promote_steps("other-binary", registry, 1)
    check("is not the binary the attestation records" in proc.stdout, "another mlgate binary than the one that gated is refused")
    shutil.rmtree(os.path.join(project, "mlgate-reports"), ignore_errors=True)
    shutil.rmtree(os.path.dirname(binary), ignore_errors=True)

    for label, path, variables, inputs in [
        ("classic", GITLAB_CLASSIC, {"MLGATE_GIT_URL": "local", "MLGATE_CONFIG": "Examples/loans/mlgate.yml"}, {}),
        ("component", GITLAB_COMPONENT, {}, {"mlgate_git_url": "file://" + root, "config": "Examples/loans/mlgate.yml"}),
    ]:
        registry = os.path.join(work, f"registry-{label}")
        if path == GITLAB_CLASSIC:
            variables.update(MLGATE_REGISTRY=f"dir:{registry}", MLGATE_MODEL="loans", MLGATE_MODEL_ARTIFACT=model_artifact)
        else:
            inputs.update(registry=f"dir:{registry}", model="loans", model_artifact=model_artifact)
        # GitLab masks only values without whitespace: the key's PEM in base64, one line.
        os.environ["MLGATE_SIGNING_KEY"] = base64.b64encode(signing_key.encode()).decode()
        run_gitlab_promotion(label, path, project, variables, inputs, registry, public_key)
        del os.environ["MLGATE_SIGNING_KEY"]


# ---------------------------------------------------------------- the merge-request comment
GITHUB_TOKEN, GITLAB_TOKEN = "ghs_fakeGitHubToken0123456789", "glpat-fakeGitLabToken0123"

def run_comments():
    from fake_forge import FakeForge
    forge = FakeForge(GITHUB_TOKEN, GITLAB_TOKEN)
    project = os.path.join(projects, "passing")
    commit = subprocess.run(["git", "-C", root, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    marker = "<!-- mlgate-comment"
    try:
        jobs = [("classic", GITLAB_CLASSIC, {"MLGATE_GIT_URL": "local", "MLGATE_CONFIG": "Examples/loans/mlgate.yml",
                                             "MLGATE_COMMENT": "true"}, {}),
                ("component", GITLAB_COMPONENT, {}, {"mlgate_git_url": "file://" + root, "config": "Examples/loans/mlgate.yml",
                                                     "comment": "true"})]
        for (label, path, variables, inputs), expected in zip(jobs, [[("POST", "/api/v4/projects/1/merge_requests/1/notes")],
                                                                    [("PUT", "/api/v4/projects/1/merge_requests/1/notes/1001")]]):
            run_gitlab_comment(label, path, project, variables, inputs, forge, commit)
            writes = forge.writes()
            check(writes == expected, f"{label}: the note is {'created' if expected[0][0] == 'POST' else 'updated in place'}: {writes}")
            notes = forge.threads.get(("gitlab", "1", "1"), [])
            check(len(notes) == 1 and marker in notes[0]["body"] and "passed" in notes[0]["body"],
                  "one note on the merge request, with mlgate's marker and the verdict")
            forge.requests.clear()
        forge.fail = 403
        proc = run_gitlab_comment("classic-refused", GITLAB_CLASSIC, project, jobs[0][2], {}, forge, commit)
        check("the verdict stands" in proc.stdout and "403" in proc.stderr,
              "a refused note (403) is reported on stderr and the job keeps the gate's verdict (exit 0)")
        forge.fail = None
        forge.requests.clear()

        # GitHub: mlgate-comment.yml's last step, with the gate run's reports downloaded.
        comment_path = WORKFLOWS[2]
        print(f"\n-- {comment_path}: 'mlgate comment' against a stand-in for GitHub's API ({forge.github_api})")
        artifact = os.path.join(work, "workflows", "artifact")
        os.makedirs(artifact, exist_ok=True)
        subprocess.run([mlgate, "check", "-c", "Examples/loans/mlgate.yml", "--json", os.path.join(artifact, "report.json")],
                       cwd=project, capture_output=True)
        env = {"MLGATE": mlgate, "GITHUB_TOKEN": GITHUB_TOKEN, "PR_NUMBER": "42", "BASE_REPORT": os.path.join(artifact, "report.json"),
               "JOB_URL": "https://github.invalid/o/r/actions/runs/9", "GITHUB_API_URL": forge.github_api,
               "GITHUB_REPOSITORY": "o/r", "GITHUB_ACTIONS": "true"}
        for label, expected_write, code in [("comment-create", "POST /repos/o/r/issues/42/comments", 0),
                                            ("comment-update", "PATCH /repos/o/r/issues/comments/1002", 0),
                                            ("comment-refused", "PATCH /repos/o/r/issues/comments/1002", 2)]:
            forge.fail = 422 if label == "comment-refused" else None
            head = os.path.join(work, "workflows", label, "head")
            os.makedirs(head)
            shutil.copyfile(os.path.join(artifact, "report.json"), os.path.join(head, "report.json"))
            proc, _, _ = run_workflow_step(label, comment_path, "comment", "mlgate comment", env, {})
            writes = [f"{m} {p}" for m, p in forge.writes()]
            check(proc.returncode == code and writes == [expected_write],
                  f"{label}: exit {code} (got {proc.returncode}) after {expected_write} (got {writes})")
            check(GITHUB_TOKEN not in proc.stdout + proc.stderr, f"{label}: the token is not in the step's output")
            forge.requests.clear()
        comments = forge.threads.get(("github", "o/r", "42"), [])
        check(len(comments) == 1 and marker in comments[0]["body"] and "Since the target branch" in comments[0]["body"],
              "one comment on pull request 42, with mlgate's marker and the comparison with the base branch's report")
        check("refused with 422" in proc.stderr, "GitHub's refusal (422) and its message are on stderr")
    finally:
        forge.close()

def run_gitlab_comment(label, path, project, variables, inputs, forge, commit):
    """The merge-request pipeline's mlgate-gate with the note on; the cache holds this
    checkout's release mlgate (with the HTTP client) as the job's full build."""
    print(f"\n-- GitLab mlgate-gate with the merge-request note, {label}: {path} (notes API: {forge.gitlab_api})")
    doc = load_gitlab(path, inputs)
    job = resolve(doc, "mlgate-gate")
    env = gitlab_env(doc, job, project, "mlgate-gate", variables, default_branch=False)
    env.update(CI_API_V4_URL=forge.gitlab_api, MLGATE_GITLAB_TOKEN=GITLAB_TOKEN)
    cached = os.path.join(project, ".mlgate", "bin", "mlgate")
    os.makedirs(os.path.dirname(cached), exist_ok=True)
    shutil.copyfile(mlgate, cached)
    os.chmod(cached, 0o755)
    open(cached + ".commit", "w").write(f"{commit} full\n")
    print(f"  (.mlgate/bin/mlgate: the cache's full build; {mlgate} stands in)")
    proc = run_job_lines(f"comment-{label}", job, project, env)
    print(indent(proc.stdout + proc.stderr, keep=None if proc.returncode else 12), end="")
    check(proc.returncode == 0, f"the job ends with the gate's exit code 0 (got {proc.returncode})")
    check(f"mlgate {commit} (full) from the cache" in proc.stdout, "the note needs the full build: the job asked the cache for it")
    check(GITLAB_TOKEN not in proc.stdout + proc.stderr, "the token is not in the job's log")
    shutil.rmtree(os.path.join(project, ".mlgate"), ignore_errors=True)
    shutil.rmtree(os.path.join(project, env["MLGATE_REPORTS"]), ignore_errors=True)
    return proc


if SCENARIO == "skipped":
    list_not_run()
elif SCENARIO == "workflows":
    run_workflows()
elif SCENARIO == "promotion":
    run_promotion()
elif SCENARIO == "comment":
    run_comments()
else:
    run_scenario(SCENARIO)

print()
if failures:
    print("failed:")
    print("".join(f"  FAIL {f}\n" for f in failures), end="")
print(f"ci-templates: {checked - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
