#!/usr/bin/env python3
"""Regenerate the golden `expected.json` (and `inferred.json`) of every case.

Each case is a sub-folder holding one data file (`data.csv`, `data.tsv`,
`data.csv.gz`, `data.jsonl`), an optional `schema.json` (Table Schema) and an
optional `dialect.json` (Table Dialect; v1 flat CSV keys are accepted).

For every case this runs the real CLI (from the same venv as this Python)

    cd <case> && frictionless validate data.csv --schema schema.json \
        [--dialect dialect.json] --limit-errors 1000000

and writes `<case>/expected.json`. Schema-less cases (no `schema.json`) also
get `<case>/inferred.json`, the schema `frictionless describe` infers.

Usage (from anywhere):

    .build/frictionless-venv/bin/python \
        Tests/MLGateTests/Fixtures/contract/validate/make_golden.py [case ...]

The output is deterministic: timings are dropped, keys are sorted, and
re-running gives byte-identical files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from typing import Any, Dict, List

import frictionless
from frictionless import Dialect, Resource

HERE = os.path.dirname(os.path.abspath(__file__))
DATA_NAMES = ["data.csv", "data.tsv", "data.csv.gz", "data.jsonl"]
LIMIT_ERRORS = 1_000_000
MAX_CELL_ROWS = 60
FRICTIONLESS = os.path.join(os.path.dirname(sys.executable), "frictionless")
ERROR_KEYS = ["type", "rowNumber", "fieldNumber", "fieldName", "cell", "label", "note", "message"]


def find_data(case_dir: str) -> str:
    found = [name for name in DATA_NAMES if os.path.exists(os.path.join(case_dir, name))]
    if len(found) != 1:
        raise SystemExit(f"{case_dir}: expected exactly one data file, found {found}")
    return found[0]


def run_cli(case_dir: str, data_name: str, has_schema: bool, has_dialect: bool):
    """Runs the real `frictionless validate` CLI inside the case folder."""
    args = [FRICTIONLESS, "validate", data_name]
    if has_schema:
        args += ["--schema", "schema.json"]
    if has_dialect:
        args += ["--dialect", "dialect.json"]
    args += ["--limit-errors", str(LIMIT_ERRORS), "--json"]
    proc = subprocess.run(args, cwd=case_dir, capture_output=True, text=True)
    if proc.returncode not in (0, 1) or not proc.stdout.strip().startswith("{"):
        raise SystemExit(f"{case_dir}: frictionless failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return " ".join(args[1:]), json.loads(proc.stdout)


def detect(case_dir: str, data_name: str, has_schema: bool, has_dialect: bool):
    """What frictionless detected while reading (helps explain the errors)"""
    cwd = os.getcwd()
    os.chdir(case_dir)
    try:
        resource = Resource(data_name, schema="schema.json" if has_schema else None)
        if has_dialect:
            resource.dialect = Dialect.from_descriptor("dialect.json")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                resource.infer()
            except frictionless.FrictionlessException as exception:
                return {"error": exception.error.message}, None
        detected = {
            "encoding": resource.encoding,
            "format": resource.format,
            "dialect": resource.dialect.to_descriptor(),
        }
        inferred = None if has_schema else resource.schema.to_descriptor()
        # The raw cell stream (every physical record the parser produced,
        # header and comment rows included), for small files only
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                cells = resource.read_cells()
            if len(cells) <= MAX_CELL_ROWS:
                detected["cells"] = cells
        except frictionless.FrictionlessException as exception:
            detected["cells"] = {"error": exception.error.message}
        return detected, inferred
    finally:
        os.chdir(cwd)


def error_row(error: Dict[str, Any]) -> Dict[str, Any]:
    return {key: error.get(key) for key in ERROR_KEYS}


def run_case(case_dir: str) -> None:
    data_name = find_data(case_dir)
    has_schema = os.path.exists(os.path.join(case_dir, "schema.json"))
    has_dialect = os.path.exists(os.path.join(case_dir, "dialect.json"))

    command, descriptor = run_cli(case_dir, data_name, has_schema, has_dialect)
    tasks = descriptor.get("tasks", [])
    task = tasks[0] if tasks else {}
    stats = dict(task.get("stats", descriptor.get("stats", {})))
    stats.pop("seconds", None)
    errors: List[Dict[str, Any]] = [error_row(e) for e in descriptor.get("errors", [])]
    errors += [error_row(e) for e in task.get("errors", [])]
    detected, inferred = detect(case_dir, data_name, has_schema, has_dialect)

    result: Dict[str, Any] = {
        "frictionless": frictionless.__version__,
        "command": command,
        "valid": descriptor["valid"],
        "labels": task.get("labels"),
        "stats": stats,
        "warnings": list(descriptor.get("warnings", [])) + list(task.get("warnings", [])),
        "errors": errors,
        "detected": detected,
    }
    write_json(os.path.join(case_dir, "expected.json"), result)

    inferred_path = os.path.join(case_dir, "inferred.json")
    if not has_schema:
        write_json(inferred_path, inferred if inferred is not None else detected)
    elif os.path.exists(inferred_path):
        os.remove(inferred_path)


def write_json(path: str, value: Any) -> None:
    text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"
    with open(path, "w", encoding="utf-8", newline="\n") as file:
        file.write(text)


def main(argv: List[str]) -> None:
    names = argv or sorted(
        name
        for name in os.listdir(HERE)
        if os.path.isdir(os.path.join(HERE, name)) and not name.startswith((".", "_"))
    )
    for name in names:
        run_case(os.path.join(HERE, name))
        print(f"ok {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
