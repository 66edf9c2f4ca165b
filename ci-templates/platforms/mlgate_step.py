"""Run the mlgate executable as one step of an ML pipeline (Kubeflow, Flyte, Metaflow, MLRun).

Python's standard library only, so it imports wherever the platform's SDK does. Put this
file beside your pipeline (or on the image's PYTHONPATH) and the mlgate executable on the
PATH (or name it with the MLGATE environment variable): the self-contained build of
scripts/build-static.sh needs no Swift runtime in the image.

    result = run_gate("project/mlgate.yml", "reports/")   # runs `mlgate check`
    result.exit_code            # 0 pass, 1 fail, 2 could not run (docs/exit-codes.md)
    result.report               # the JSON report, parsed (None when none was written)
    result.files                # {"json": ".../report.json", "junit": ..., ...}: what exists
    result.require_pass()       # raises GateFailed unless exit 0: the step fails, and the
                                # pipeline stops before the steps after it (deployment)

Each platform file keeps the reports as that platform's artifacts or outputs before it
calls require_pass(), so a failing gate's reports are there to read.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

#: The report files a step writes, by `mlgate check` flag: every format mlgate has.
REPORT_FILES = {
    "json": "report.json",
    "junit": "junit.xml",
    "markdown": "summary.md",
    "openmetrics": "metrics.txt",
    "html": "report.html",
    "attest": "attestation.json",
}

VERDICTS = {0: "pass", 1: "fail", 2: "error"}
_NOT_PASSED = re.compile(r"^\s*(FAIL|ERROR)\b|^mlgate: |.*: error: ")


class GateFailed(RuntimeError):
    """The gate did not pass: exit 1 (a check failed) or 2 (a check could not run)."""

    def __init__(self, exit_code: int, summary: str):
        verdict = VERDICTS.get(exit_code, "error")
        # The step's error names what did not pass (the full summary is in the step's log).
        lines = [line for line in summary.splitlines() if _NOT_PASSED.match(line)]
        super().__init__("\n".join([f"mlgate check: {verdict} (exit {exit_code})"] + lines[:20]))
        self.exit_code = exit_code
        self.summary = summary


@dataclass
class GateResult:
    """What one `mlgate check` left: its exit code, printed summary and report files."""

    exit_code: int
    output: str
    reports_dir: Path
    files: dict = field(default_factory=dict)
    report: dict | None = None

    @property
    def verdict(self) -> str:
        """`pass`, `fail` or `error`, as the exit code says."""
        return VERDICTS.get(self.exit_code, "error")

    def require_pass(self) -> None:
        """Raises GateFailed unless the gate passed (exit 0)."""
        if self.exit_code != 0:
            raise GateFailed(self.exit_code, self.output)


def find_mlgate(mlgate: str | None = None) -> str:
    """The executable: the argument, else $MLGATE, else `mlgate` on the PATH."""
    candidate = mlgate or os.environ.get("MLGATE") or shutil.which("mlgate")
    if not candidate or not os.access(candidate, os.X_OK):
        raise FileNotFoundError(
            "mlgate: executable not found: expected it on the PATH or named by $MLGATE "
            f"(looked for {candidate or 'mlgate'})"
        )
    return candidate


def run_gate(config, reports_dir, mlgate: str | None = None, args=()) -> GateResult:
    """Runs `mlgate check --config CONFIG` with every report written into REPORTS_DIR.

    The config's own `reports:` paths are overridden, so the reports land where the
    platform collects them; the config's data paths stay relative to the config. Extra
    `mlgate check` flags (e.g. `--artifact model.pkl`) go in `args`.
    """
    executable = find_mlgate(mlgate)
    reports = Path(reports_dir)
    reports.mkdir(parents=True, exist_ok=True)
    command = [executable, "check", "--config", str(config)]
    for flag, name in REPORT_FILES.items():
        command += [f"--{flag}", str(reports / name)]
    command += list(args)
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(done.stdout, end="", flush=True)
    files = {flag: str(reports / name) for flag, name in REPORT_FILES.items() if (reports / name).is_file()}
    report = None
    if "json" in files:
        report = json.loads(Path(files["json"]).read_text(encoding="utf-8"))
    return GateResult(done.returncode, done.stdout, reports, files, report)


def metrics(report: dict | None) -> dict:
    """The report's numbers, flat: `gate/check/measurement` → value.

    For logging to an experiment tracker or a pipeline's metrics panel. A value the JSON
    report writes as a string (NaN, ±Infinity) is left out.
    """
    values = {}
    for gate in (report or {}).get("gates", []):
        for check in gate.get("checks", []):
            for measurement in check.get("measurements", []):
                value = measurement.get("value")
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    values[f"{gate['name']}/{check['name']}/{measurement['name']}"] = value
    return values
