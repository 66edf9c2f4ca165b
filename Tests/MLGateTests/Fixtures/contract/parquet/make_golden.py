#!/usr/bin/env python3
"""Writes the Parquet data-contract cases and their `frictionless validate` golden files.

Each case is a sub-folder with `data.parquet` (written here by pyarrow from typed
columns: the types pandas, polars and Spark write), `schema.json` (a Table Schema) and
`expected.json`: what the real CLI of frictionless-py 5.21.0 with its parquet extra says,

    cd <case> && frictionless validate data.parquet --schema schema.json \
        --limit-errors 1000000 --json

(frictionless reads a Parquet file through pyarrow into pandas and judges the typed
cells). Tests/MLGateTests/Contract/ParquetContractGoldenTests.swift holds mlgate to the
same errors: code, row, field number and name, in frictionless's order.

Usage (makes every case folder anew; deterministic, re-running gives the same files):

    python3 -m venv .build/parquet-venv
    .build/parquet-venv/bin/pip install 'frictionless[parquet]==5.21.0' pyarrow==26.0.1
    .build/parquet-venv/bin/python Tests/MLGateTests/Fixtures/contract/parquet/make_golden.py
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import os
import shutil
import subprocess
import sys

import frictionless
import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
FRICTIONLESS = os.path.join(os.path.dirname(sys.executable), "frictionless")
ERROR_KEYS = ["type", "rowNumber", "fieldNumber", "fieldName", "cell", "note"]


def field(name, type_, **extra):
    out = {"name": name, "type": type_}
    out.update(extra)
    return out


D = decimal.Decimal
CASES = {
    # Every column's Parquet type read as its Table Schema type: valid.
    "typed-valid": (
        pa.table({
            "id": pa.array([1, 2, 3], pa.int64()),
            "small": pa.array([-8, 0, 127], pa.int8()),
            "count": pa.array([0, 7, 4_000_000_000], pa.uint32()),
            "score": pa.array([0.5, 1.25, -3.0], pa.float64()),
            "ratio": pa.array([0.5, 0.25, 2.0], pa.float32()),
            "name": pa.array(["a", "b", "é"], pa.string()),
            "flag": pa.array([True, False, True], pa.bool_()),
            "day": pa.array([dt.date(2024, 1, 31), dt.date(1999, 12, 31), dt.date(2000, 2, 29)], pa.date32()),
            "at": pa.array([dt.datetime(2024, 1, 31, 12, 34, 56), dt.datetime(2024, 2, 1), dt.datetime(1970, 1, 1, 0, 0, 1)], pa.timestamp("us")),
            "price": pa.array([D("5.10"), D("-0.54"), D("100.00")], pa.decimal128(7, 2)),
        }),
        [field("id", "integer"), field("small", "integer"), field("count", "integer"), field("score", "number"),
         field("ratio", "number"), field("name", "string"), field("flag", "boolean"), field("day", "date"),
         field("at", "datetime"), field("price", "number")],
    ),
    # Nulls in a required column (and in an optional one).
    "required-nulls": (
        pa.table({
            "id": pa.array([1, None, 3, None], pa.int64()),
            "name": pa.array(["a", "b", None, "d"], pa.string()),
            "score": pa.array([0.5, None, 0.25, 1.0], pa.float64()),
        }),
        [field("id", "integer", constraints={"required": True}), field("name", "string", constraints={"required": True}),
         field("score", "number")],
    ),
    # minimum / maximum on integers, floats and dates.
    "bounds": (
        pa.table({
            "age": pa.array([17, 30, 121, 65], pa.int32()),
            "score": pa.array([0.0, 1.5, -0.1, 0.99], pa.float64()),
            "day": pa.array([dt.date(2023, 12, 31), dt.date(2024, 6, 1), dt.date(2025, 1, 1), dt.date(2024, 1, 1)], pa.date32()),
        }),
        [field("age", "integer", constraints={"minimum": 18, "maximum": 120}),
         field("score", "number", constraints={"minimum": 0, "maximum": 1}),
         field("day", "date", constraints={"minimum": "2024-01-01", "maximum": "2024-12-31"})],
    ),
    # enum, pattern, minLength / maxLength on strings; a dictionary-encoded column.
    "strings": (
        pa.table({
            "region": pa.array(["north", "south", "west", "north", "up"], pa.string()).dictionary_encode(),
            "code": pa.array(["AB-12", "ab-12", "XY-99", "Q", "CD-00"], pa.string()),
            "note": pa.array(["", "hello", "a much longer note", "hi", "ok"], pa.string()),
        }),
        [field("region", "string", constraints={"enum": ["north", "south", "east", "west"]}),
         field("code", "string", constraints={"pattern": "[A-Z]{2}-[0-9]{2}"}),
         field("note", "string", constraints={"minLength": 2, "maxLength": 10})],
    ),
    # enum on integers; unique on integers and strings.
    "enum-unique": (
        pa.table({
            "level": pa.array([1, 2, 3, 2, 5], pa.int64()),
            "id": pa.array([10, 11, 10, 12, 11], pa.int64()),
            "email": pa.array(["a@x", "b@x", "c@x", "a@x", "d@x"], pa.string()),
        }),
        [field("level", "integer", constraints={"enum": [1, 2, 3]}),
         field("id", "integer", constraints={"unique": True}),
         field("email", "string", constraints={"unique": True})],
    ),
    # A composite primary key.
    "primary-key": (
        pa.table({
            "region": pa.array(["n", "n", "s", "n", "s"], pa.string()),
            "year": pa.array([2023, 2024, 2023, 2023, 2024], pa.int16()),
            "value": pa.array([1.0, 2.0, 3.0, 4.0, 5.0], pa.float64()),
        }),
        {"fields": [field("region", "string"), field("year", "integer"), field("value", "number")],
         "primaryKey": ["region", "year"]},
    ),
    # Text columns declared with other types: cells that are not of the type.
    "string-typed-as-others": (
        pa.table({
            "n": pa.array(["1", "2", "x", "-4"], pa.string()),
            "x": pa.array(["1.5", "nan?", "2", "3e2"], pa.string()),
            "b": pa.array(["true", "false", "maybe", "True"], pa.string()),
            "d": pa.array(["2024-01-31", "2024-02-30", "31/01/2024", "2000-01-01"], pa.string()),
        }),
        [field("n", "integer"), field("x", "number"), field("b", "boolean"), field("d", "date")],
    ),
    # A float column declared integer: whole floats and fractions.
    "float-as-integer": (
        pa.table({"n": pa.array([1.0, 2.5, 3.0, -0.5], pa.float64())}),
        [field("n", "integer")],
    ),
    # Nullable integers (pandas reads them as floats): still integers.
    "nullable-integers": (
        pa.table({"n": pa.array([1, None, 3, 4], pa.int64()), "m": pa.array([None, None, 7, 8], pa.int32())}),
        [field("n", "integer"), field("m", "integer", constraints={"minimum": 5})],
    ),
    # Integers and floats declared number; integers declared string.
    "numbers-as-other-types": (
        pa.table({"i": pa.array([1, 2, 3], pa.int64()), "f": pa.array([0.1, 0.2, 0.3], pa.float64())}),
        [field("i", "number"), field("f", "number", constraints={"maximum": 0.25})],
    ),
    # The schema's names against the file's columns.
    "header-mismatch": (
        pa.table({"id": pa.array([1, 2], pa.int64()), "nmae": pa.array(["a", "b"], pa.string())}),
        [field("id", "integer"), field("name", "string")],
    ),
    # A column the schema does not have, and one the file does not have.
    "header-extra-and-missing": (
        pa.table({"id": pa.array([1, 2], pa.int64()), "name": pa.array(["a", "b"], pa.string()), "extra": pa.array([1, 2], pa.int64())}),
        [field("id", "integer"), field("name", "string")],
    ),
    # A row of nulls only (string columns: pandas keeps None).
    "null-row": (
        pa.table({"a": pa.array(["x", None, "z"], pa.string()), "b": pa.array(["1", None, "3"], pa.string())}),
        [field("a", "string"), field("b", "string")],
    ),
    # Whole decimals declared integer.
    "decimal-as-integer": (
        pa.table({"n": pa.array([D("1.00"), D("2.50"), D("-3.00")], pa.decimal128(5, 2))}),
        [field("n", "integer")],
    ),
    # Typed columns declared with another type: integers as strings, timestamps as
    # dates, dates as datetimes, booleans as integers.
    "typed-as-other-types": (
        pa.table({
            "i": pa.array([1, 2], pa.int64()),
            "ts": pa.array([dt.datetime(2024, 1, 31), dt.datetime(2024, 1, 31, 12)], pa.timestamp("us")),
            "d": pa.array([dt.date(2024, 1, 31), dt.date(2024, 2, 1)], pa.date32()),
            "b": pa.array([True, False], pa.bool_()),
        }),
        [field("i", "string"), field("ts", "date"), field("d", "datetime"), field("b", "integer")],
    ),
    # Several row groups, errors in each.
    "row-groups": (
        pa.table({"id": pa.array(list(range(1, 26)), pa.int64()),
                  "score": pa.array([(i % 7) / 5 for i in range(25)], pa.float64())}),
        [field("id", "integer", constraints={"unique": True}), field("score", "number", constraints={"maximum": 1})],
    ),
}


def write_case(name: str, table: pa.Table, schema) -> str:
    folder = os.path.join(HERE, name)
    if os.path.exists(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    row_group_size = 10 if name == "row-groups" else None
    pq.write_table(table, os.path.join(folder, "data.parquet"), row_group_size=row_group_size)
    if isinstance(schema, list):
        schema = {"fields": schema}
    with open(os.path.join(folder, "schema.json"), "w") as out:
        json.dump(schema, out, indent=2, sort_keys=True)
        out.write("\n")
    return folder


def golden(folder: str) -> dict:
    args = [FRICTIONLESS, "validate", "data.parquet", "--schema", "schema.json", "--limit-errors", "1000000", "--json"]
    proc = subprocess.run(args, cwd=folder, capture_output=True, text=True)
    report = json.loads(proc.stdout)
    task = report["tasks"][0]
    errors = [{key: error.get(key) for key in ERROR_KEYS} for error in task["errors"]]
    for error in errors:
        if error["cell"] is not None:
            error["cell"] = str(error["cell"])
    return {
        "frictionless": frictionless.__version__,
        "pyarrow": pa.__version__,
        "command": " ".join(args[1:]),
        "valid": report["valid"],
        "labels": task.get("labels", []),
        "stats": {key: task["stats"].get(key) for key in ["rows", "fields", "errors"]},
        "errors": errors,
    }


def main() -> None:
    for name, (table, schema) in CASES.items():
        folder = write_case(name, table, schema)
        with open(os.path.join(folder, "expected.json"), "w") as out:
            json.dump(golden(folder), out, indent=2, sort_keys=True, ensure_ascii=False)
            out.write("\n")
        print(name)


if __name__ == "__main__":
    main()
