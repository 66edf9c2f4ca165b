"""Logs a gate's results to a Weights & Biases run: the report's numbers and the verdict
as the run's summary, every report file as one artifact (type `mlgate-report`).

    mlgate check --json reports/report.json --junit reports/junit.xml ...; status=$?
    python log_gate.py reports/ --project loans [--name gate-1234]; exit $status

The gate decides and this only records: it exits 0 when the results were logged, 2 when
the folder holds no JSON report, whatever the verdict. The run goes where wandb sends it:
WANDB_API_KEY (and WANDB_BASE_URL for a W&B Server) online, or WANDB_MODE=offline to a
local folder (./wandb) for a later `wandb sync`. Linking the report artifact, or a model,
into a W&B Registry collection is not done here: docs/platforms.md says why.
"""

import argparse
import json
import sys
from pathlib import Path

import wandb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # mlgate_step.py
from mlgate_step import REPORT_FILES, metrics  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", type=Path, help="the folder of mlgate's reports (report.json at least)")
    parser.add_argument("--project", default="mlgate", help="the W&B project (default: mlgate)")
    parser.add_argument("--name", help="the run's name (default: W&B's)")
    parser.add_argument("--artifact", default="mlgate-reports", help="the artifact's name (default: mlgate-reports)")
    args = parser.parse_args()
    report_path = args.reports / REPORT_FILES["json"]
    if not report_path.is_file():
        print(f"{report_path}: error: no JSON report (expected mlgate check --json {report_path})", file=sys.stderr)
        return 2
    report = json.loads(report_path.read_text(encoding="utf-8"))
    config = {"mlgate": {"config": report["config"], "version": report["mlgateVersion"]}}
    with wandb.init(project=args.project, name=args.name, job_type="mlgate", config=config) as run:
        run.summary.update(metrics(report))
        run.summary["mlgate/status"] = report["status"]
        artifact = wandb.Artifact(args.artifact, type="mlgate-report", metadata={"status": report["status"]})
        for name in REPORT_FILES.values():
            if (args.reports / name).is_file():
                artifact.add_file(str(args.reports / name), name=name)
        run.log_artifact(artifact)
        print(f"logged the gate ({report['status']}) to W&B run {run.id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
