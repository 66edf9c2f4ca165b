"""Writes the Arrow IPC stream fixtures and, for each, the cells mlgate must read as JSON.

Run from the repository root (the same venv as the Parquet fixtures):

    /tmp/pq/bin/python Tests/MLGateTests/Fixtures/arrow/make_fixtures.py

Every stream is written by pyarrow's `RecordBatchStreamWriter`; every value in
`expected.json` comes from pyarrow reading the stream back, turned into text by the rules
of docs/parquet.md (the Parquet fixtures' `text`), independently of mlgate's Swift code.
Columns of types mlgate does not read (lists, string views) are left out of the
expected cells: the tests read them only to see the error.
"""

import datetime as dt
import decimal
import json
import os
import sys

import numpy as np
import pyarrow as pa

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "parquet"))
from make_fixtures import expected_table, sample_table  # noqa: E402

UNREAD = {"tags", "view"}


def more_table(rows=40, seed=2):
    """Types the Parquet sample lacks: seconds, zoned timestamps, date64, the smaller
    and larger decimals, half floats, a null column, and two types mlgate does not read."""
    decimal.getcontext().prec = 80
    rng = np.random.default_rng(seed)
    mask = rng.random(rows) < 0.2
    def nulls(values):
        return [None if m else v for v, m in zip(values, mask)]
    seconds = [int(s) for s in rng.integers(-2 * 10**9, 4 * 10**9, rows)]
    seconds[0] = 1_710_054_000  # 2024-03-10 07:00 UTC, when New York moves to daylight time
    seconds[1] = 1_710_050_400
    ints = [int(v) for v in rng.integers(-10**6, 10**6, rows)]
    arrays = {
        "ts_s": pa.array(nulls(seconds), pa.timestamp("s")),
        "ts_new_york": pa.array(nulls([s * 1000 + 123 for s in seconds]), pa.timestamp("ms", tz="America/New_York")),
        "ts_offset": pa.array(nulls([s * 10**6 for s in seconds]), pa.timestamp("us", tz="+05:30")),
        "ts_utc_ns": pa.array(nulls([s * 10**9 + 7 for s in seconds]), pa.timestamp("ns", tz="UTC")),
        "date64": pa.array(nulls([(s // 86400) * 86_400_000 for s in seconds]), pa.date64()),
        "time_s": pa.array(nulls([dt.time(s % 86400 // 3600, s % 3600 // 60, s % 60) for s in seconds]), pa.time32("s")),
        "dec32": pa.array(nulls([decimal.Decimal(v).scaleb(-2) for v in ints]), pa.decimal32(8, 2)),
        "dec64": pa.array(nulls([decimal.Decimal(v * 10**6 + 5).scaleb(-3) for v in ints]), pa.decimal64(15, 3)),
        "dec256": pa.array(nulls([decimal.Decimal(v * 10**40 - 3).scaleb(-5) for v in ints]), pa.decimal256(60, 5)),
        "half": pa.array(nulls([np.float16(v / 1000) for v in ints]), pa.float16()),
        "nothing": pa.nulls(rows),
        "uint64_max": pa.array([2**64 - 1 - i for i in range(rows)], pa.uint64()),
        "tags": pa.array(nulls([[i, i + 1] for i in range(rows)]), pa.list_(pa.int32())),
        "view": pa.array(nulls([f"view {i}" for i in range(rows)]), pa.string_view()),
        "last": pa.array(list(range(rows)), pa.int32()),
    }
    return pa.table(arrays)


def write(name, table, max_chunksize=None, **options):
    path = os.path.join(HERE, name + ".arrows")
    with pa.OSFile(path, "wb") as sink:
        with pa.ipc.new_stream(sink, table.schema, options=pa.ipc.IpcWriteOptions(**options)) as writer:
            writer.write_table(table, max_chunksize=max_chunksize)
    return path


def leaf_names(fields, prefix=""):
    """The leaf columns' names: a struct's fields as parent.child."""
    names = []
    for field in fields:
        if pa.types.is_struct(field.type):
            names += leaf_names(list(field.type), prefix + field.name + ".")
        else:
            names.append(prefix + field.name)
    return names


def read_back(path):
    with pa.OSFile(path, "rb") as source:
        table = pa.ipc.open_stream(source).read_all()
    return table.drop_columns([c for c in table.column_names if c in UNREAD])


def main():
    table = sample_table()
    written = {
        "types": write("types", table, max_chunksize=25),
        "zstd": write("zstd", table, max_chunksize=25, compression="zstd"),
        "lz4": write("lz4", table, compression="lz4"),
        "legacy": write("legacy", table.select(["int32", "string", "ts_us"]), use_legacy_format=True),
        "empty": write("empty", table.slice(0, 0)),
        "more": write("more", more_table(), max_chunksize=16),
    }
    # A zero-row batch between two others.
    path = os.path.join(HERE, "zero_rows.arrows")
    small = table.select(["int64", "string", "float64"])
    with pa.OSFile(path, "wb") as sink, pa.ipc.new_stream(sink, small.schema) as writer:
        writer.write_table(small.slice(0, 10))
        writer.write_batch(pa.record_batch([pa.array([], t.type) for t in small.columns], schema=small.schema))
        writer.write_table(small.slice(10, 5))
    written["zero_rows"] = path
    result = {}
    for name, path in written.items():
        entry = expected_table(read_back(path))
        with pa.OSFile(path, "rb") as source:
            entry["all_columns"] = leaf_names(pa.ipc.open_stream(source).schema)
        result[name] = entry
    with open(os.path.join(HERE, "expected.json"), "w") as out:
        json.dump(result, out, indent=1, ensure_ascii=False, sort_keys=True)
        out.write("\n")
    for name in sorted(written):
        print(f"{name}.arrows: {os.path.getsize(written[name])} bytes")


if __name__ == "__main__":
    main()
