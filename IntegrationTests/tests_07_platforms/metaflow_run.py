"""Reads the latest GatedDeployFlow run back through Metaflow's Client API (the local
metadata and datastore under the current folder): prints what ran and the gate step's
artifacts, and writes the gate_reports artifact's files into OUT_DIR.

    python metaflow_run.py OUT_DIR
"""

import sys
from pathlib import Path

from metaflow import Flow, namespace

namespace(None)
run = Flow("GatedDeployFlow").latest_run
gate = run["gate"].task
print(f"run successful: {run.successful}")
print(f"steps: {' '.join(sorted(step.id for step in run))}")
print(f"gate task successful: {gate.successful}")
print(f"gate_verdict: {gate['gate_verdict'].data}")
print(f"gate_exit_code: {gate['gate_exit_code'].data}")
print(f"gate_report status: {gate['gate_report'].data['status']}")
print(f"gate_metrics: {len(gate['gate_metrics'].data)} values, roc_auc {gate['gate_metrics'].data.get('model/roc_auc/value')}")
if not gate.successful:
    print(f"exception: {gate.exception}")
out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
for name, content in gate["gate_reports"].data.items():
    (out / name).write_bytes(content)
