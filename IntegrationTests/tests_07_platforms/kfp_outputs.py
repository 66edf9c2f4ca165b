"""Reads what a kfp.local run left under its pipeline root: for each task, whether it
wrote its executor output (kfp.local writes it when the task succeeded), and the
mlgate-check task's registered output artifacts (URI, metadata, number of metrics).

    python kfp_outputs.py PIPELINE_ROOT
"""

import json
import sys
from pathlib import Path

(run,) = Path(sys.argv[1]).iterdir()  # one run per pipeline root
for task in sorted(path for path in run.iterdir() if path.is_dir()):
    done = (task / "executor_output.json").is_file()
    print(f"task {task.name}: {'succeeded' if done else 'no executor output'}")
check = run / "mlgate-check" / "executor_output.json"
if check.is_file():
    output = json.loads(check.read_text())
    print(f"verdict: {output['parameterValues']['Output']}")
    for name, artifacts in sorted(output["artifacts"].items()):
        (artifact,) = artifacts["artifacts"]
        metadata = artifact.get("metadata", {})
        shown = f"{len(metadata)} metrics" if name == "gate_metrics" else json.dumps(metadata, sort_keys=True)
        print(f"artifact {name}: {artifact['uri']} {shown}")
