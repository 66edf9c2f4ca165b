"""A Metaflow flow whose `gate` step runs mlgate before `deploy`: a failing gate stops the run.

    python gated_flow.py run --config path/to/mlgate.yml

The `gate` step runs `mlgate check` (mlgate_step.py, beside this file or on the
PYTHONPATH; the executable on the PATH or named by $MLGATE) and stores the verdict, the
exit code, the parsed JSON report, its numbers and every report file as artifacts of the
step, before it fails when the gate did not pass (exit 1) or could not run (exit 2): the
run stops there and `deploy` never starts. Read them afterwards with the Client API:

    from metaflow import Flow
    task = Flow("GatedDeployFlow").latest_run["gate"].task
    task["gate_verdict"].data, task["gate_reports"].data["report.html"]

Replace `start` with your training and evaluation steps (they write the predictions the
config names) and `deploy` with your deployment.
"""

from pathlib import Path
import tempfile

from metaflow import FlowSpec, Parameter, step

from mlgate_step import metrics, run_gate


class GatedDeployFlow(FlowSpec):
    """Train (here: given), gate with mlgate, deploy only what passed."""

    config = Parameter("config", help="The mlgate config (mlgate.yml) to check", default="mlgate.yml")

    @step
    def start(self):
        """Your training and evaluation: write the data and predictions the config names."""
        self.config_path = str(Path(self.config).resolve())
        self.next(self.gate)

    @step
    def gate(self):
        """Runs the gate; keeps its reports as artifacts, then fails unless it passed."""
        with tempfile.TemporaryDirectory(prefix="mlgate-reports.") as reports:
            result = run_gate(self.config_path, reports)
            self.gate_exit_code = result.exit_code
            self.gate_verdict = result.verdict
            self.gate_report = result.report
            self.gate_metrics = metrics(result.report)
            self.gate_reports = {Path(path).name: Path(path).read_bytes() for path in result.files.values()}
        result.require_pass()
        self.next(self.deploy)

    @step
    def deploy(self):
        """Your deployment: reached only when the gate passed."""
        self.deployed = self.config_path
        print(f"deploying the model gated by {self.config_path}")
        self.next(self.end)

    @step
    def end(self):
        """Done."""
        print(f"gate {self.gate_verdict}; deployed")


if __name__ == "__main__":
    GatedDeployFlow()
