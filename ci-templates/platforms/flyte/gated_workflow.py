"""A Flyte task that gates with mlgate, and a workflow that deploys only what passed.

    pyflyte run gated_workflow.py gated_deploy --source PROJECT_DIR [--config mlgate.yml]
    pyflyte run --remote ... (the same on a Flyte cluster, with an image holding mlgate)

`mlgate_check` takes the project (data, predictions and mlgate.yml) as a FlyteDirectory,
runs `mlgate check` on it (mlgate_step.py) and returns the folder of reports (a
FlyteDirectory) and the verdict (pass, fail or error), with the HTML report as the
task's Flyte Deck. `mlgate_require_pass` fails unless the verdict is `pass`, so the
workflow stops before `deploy`. Two tasks, because Flyte keeps no outputs of a failed
task: this way a failing gate's reports are kept too.
"""

import os
from typing import NamedTuple

from flytekit import Deck, current_context, task, workflow
from flytekit.types.directory import FlyteDirectory

from mlgate_step import run_gate


@task
def evaluate(source: str) -> FlyteDirectory:
    """Stands in for training and evaluation: the project folder, as a FlyteDirectory."""
    return FlyteDirectory(path=source)


GateOutputs = NamedTuple("GateOutputs", [("reports", FlyteDirectory), ("verdict", str)])


@task(enable_deck=True)
def mlgate_check(project: FlyteDirectory, config: str) -> GateOutputs:
    """Runs mlgate on the project; returns its reports and the verdict."""
    local = project.download()
    reports = os.path.join(current_context().working_directory, "mlgate-reports")
    result = run_gate(os.path.join(local, config), reports)
    if "html" in result.files:
        with open(result.files["html"], encoding="utf-8") as page:
            Deck("mlgate", page.read())
    return GateOutputs(reports=FlyteDirectory(path=reports), verdict=result.verdict)


@task
def mlgate_require_pass(verdict: str) -> str:
    """Fails unless the gate passed: the workflow stops before the tasks after it."""
    if verdict != "pass":
        raise RuntimeError(f"mlgate: the gate did not pass (verdict: {verdict}); see mlgate_check's reports")
    return verdict


@task
def deploy(project: FlyteDirectory, reports: FlyteDirectory, verdict: str) -> str:
    """Stands in for deployment: reached only when the gate passed."""
    print(f"deploying {project.path} (gate: {verdict}); reports in {reports.path}")
    return f"deployed after gate {verdict}; reports: {reports.path}"


@workflow
def gated_deploy(source: str, config: str = "mlgate.yml") -> str:
    """Evaluate, gate with mlgate, deploy only what passed."""
    project = evaluate(source=source)
    gate = mlgate_check(project=project, config=config)
    verdict = mlgate_require_pass(verdict=gate.verdict)
    return deploy(project=project, reports=gate.reports, verdict=verdict)
