"""A Kubeflow Pipelines (v2) component that gates with mlgate, and a pipeline that uses it.

    python gated_pipeline.py compile gated_pipeline.yaml      # upload to KFP
    python gated_pipeline.py local PROJECT_DIR [CONFIG] [OUTPUTS_DIR]
        # KFP's local execution (kfp.local, SubprocessRunner): prints the outputs,
        # exit 1 when the pipeline failed

`mlgate_check` takes the project (data, predictions and mlgate.yml) as an input
artifact, runs `mlgate check` on it (mlgate_step.py), and writes every report into its
`reports` output artifact, the HTML report into an HTML artifact and the Markdown summary
into a Markdown artifact (both shown in the KFP UI), and the report's numbers as
Metrics; it returns the verdict (pass, fail or error). `mlgate_require_pass` then fails
unless the verdict is `pass`, so `deploy` never starts on a failing model. Two tasks,
because KFP's launcher registers the output artifacts of a task that succeeded only (of
a failed one, just its logs): this way a failing gate's reports are kept too.
mlgate_check's image must hold Python, the mlgate executable on the PATH and
mlgate_step.py on the PYTHONPATH (docs/platforms.md#kubeflow-pipelines has the
Dockerfile): set MLGATE_IMAGE, or edit the default below.
"""

import os
import sys

from kfp import dsl
from kfp.dsl import HTML, Artifact, Input, Markdown, Metrics, Output

MLGATE_IMAGE = os.environ.get("MLGATE_IMAGE", "ghcr.io/your-org/mlgate-python:latest")


@dsl.component(base_image=MLGATE_IMAGE)
def mlgate_check(
    project: Input[Artifact],
    config: str,
    reports: Output[Artifact],
    html: Output[HTML],
    summary: Output[Markdown],
    gate_metrics: Output[Metrics],
) -> str:
    """Runs mlgate on the project; keeps the reports as artifacts; returns the verdict."""
    import os
    import shutil

    from mlgate_step import metrics, run_gate

    result = run_gate(os.path.join(project.path, config), reports.path)
    for name, target in (("html", html.path), ("markdown", summary.path)):
        if name in result.files:
            shutil.copyfile(result.files[name], target)
    for name, value in metrics(result.report).items():
        gate_metrics.log_metric(name, value)
    reports.metadata["verdict"] = result.verdict
    reports.metadata["exit_code"] = result.exit_code
    return result.verdict


@dsl.component(base_image="python:3.11-slim")
def mlgate_require_pass(verdict: str) -> str:
    """Fails unless the gate passed: the pipeline stops before the tasks after it."""
    if verdict != "pass":
        raise RuntimeError(f"mlgate: the gate did not pass (verdict: {verdict}); see mlgate-check's reports")
    return verdict


@dsl.component(base_image="python:3.11-slim")
def evaluate(source: str, project: Output[Artifact]):
    """Stands in for training and evaluation: copies a project folder into an artifact."""
    import shutil

    shutil.copytree(source, project.path)


@dsl.component(base_image="python:3.11-slim")
def deploy(project: Input[Artifact], verdict: str) -> str:
    """Stands in for deployment: reached only when the gate passed."""
    print(f"deploying {project.path} (gate: {verdict})")
    return f"deployed after gate {verdict}"


@dsl.pipeline(name="gated-deploy", description="Evaluate, gate with mlgate, deploy only what passed.")
def gated_deploy(source: str, config: str = "mlgate.yml") -> str:
    evaluated = evaluate(source=source)
    gate = mlgate_check(project=evaluated.outputs["project"], config=config)
    passed = mlgate_require_pass(verdict=gate.outputs["Output"])
    return deploy(project=evaluated.outputs["project"], verdict=passed.output).output


def run_locally(source: str, config: str, outputs: str) -> int:
    """Runs the pipeline with kfp.local's SubprocessRunner (this Python, no container)."""
    from kfp import local

    local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=outputs)
    try:
        run = gated_deploy(source=os.path.abspath(source), config=config)
    except RuntimeError as error:  # kfp.local: a task failed, the pipeline stopped
        print(f"pipeline failed: {error}")
        return 1
    print(f"pipeline succeeded: {run.output}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["compile"] and len(sys.argv) == 3:
        from kfp import compiler

        compiler.Compiler().compile(gated_deploy, sys.argv[2])
    elif sys.argv[1:2] == ["local"] and 3 <= len(sys.argv) <= 5:
        args = sys.argv[2:] + ["mlgate.yml", "local_outputs"][len(sys.argv) - 3:]
        sys.exit(run_locally(*args))
    else:
        sys.exit(__doc__)
