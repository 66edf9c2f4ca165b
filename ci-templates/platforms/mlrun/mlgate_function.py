"""An MLRun function that gates with mlgate: its run fails unless the gate passed.

    python mlgate_function.py PROJECT_DIR/mlgate.yml [ARTIFACT_PATH]
        # MLRun's local runs (function.run(local=True)): gate, then deploy if it passed;
        # exit 1 when the gate run did not complete. With MLRUN_DBPATH set the runs are
        # recorded by that MLRun service; without it, nothing is recorded

The handler `mlgate_check` runs `mlgate check` on the config (mlgate_step.py), logs the
verdict, the exit code and the report's numbers as the run's results and every report as
the run's artifacts (the HTML one shows in the MLRun UI), and then raises unless the
gate passed: the run ends in state `error`, and what comes after it (`deploy` here, a
serving function's deployment in a project workflow) does not run.
"""

import os
import sys

import mlrun

from mlgate_step import metrics, run_gate


def mlgate_check(context: mlrun.MLClientCtx, config: str, reports_dir: str = ""):
    """Runs mlgate on CONFIG; logs results and report artifacts; fails unless it passed."""
    reports = reports_dir or os.path.join(context.artifact_path or os.getcwd(), "mlgate-reports")
    result = run_gate(config, reports)
    context.log_result("verdict", result.verdict)
    context.log_result("exit_code", result.exit_code)
    context.log_results({name.replace("/", "."): value for name, value in metrics(result.report).items()})
    for flag, path in result.files.items():
        context.log_artifact(f"mlgate-{flag}", local_path=path, upload=False)
    result.require_pass()


def deploy(context: mlrun.MLClientCtx, config: str):
    """Stands in for deployment: run only after a passing gate."""
    context.logger.info(f"deploying the model gated by {config}")
    context.log_result("deployed", config)


def run_locally(config: str, artifact_path: str) -> int:
    """Gate, then deploy if the gate passed, each as a local MLRun run of this file.

    A run counts as done only in state `completed`: MLRun raises RunError for a failed
    run, but without an MLRun service (MLRUN_DBPATH unset) its local launcher cannot read
    the failed run's state back and returns it in state `created` instead.
    """
    params = {
        "mlgate_check": {"config": os.path.abspath(config), "reports_dir": os.path.join(artifact_path, "mlgate-reports")},
        "deploy": {"config": os.path.abspath(config)},
    }
    for handler, handler_params in params.items():
        function = mlrun.code_to_function(name=handler.replace("_", "-"), filename=__file__, kind="job", handler=handler)
        try:
            run = function.run(params=handler_params, local=True, artifact_path=artifact_path)
        except mlrun.runtimes.utils.RunError as error:
            print(f"{handler}: run failed: {error}")
            return 1
        print(f"{handler}: state {run.state()}")
        if run.state() != "completed":
            print(f"{handler}: run did not complete; the steps after it were not run")
            return 1
        for name in ("verdict", "exit_code", "deployed"):
            if name in (run.status.results or {}):
                print(f"{handler}: result {name} = {run.status.results[name]}")
        for name, uri in sorted((run.status.artifact_uris or {}).items()):
            print(f"{handler}: artifact {name} = {uri}")
    return 0


if __name__ == "__main__":
    if not 2 <= len(sys.argv) <= 3:
        sys.exit(__doc__)
    sys.exit(run_locally(sys.argv[1], os.path.abspath(sys.argv[2] if len(sys.argv) == 3 else "mlrun-artifacts")))
