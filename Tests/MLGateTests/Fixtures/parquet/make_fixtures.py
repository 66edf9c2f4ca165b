"""Writes the Parquet fixtures and, for each, the cells mlgate must read as JSON.

Run from the repository root (pyarrow, pandas, polars and numpy in a venv):

    python3 -m venv /tmp/pq && /tmp/pq/bin/pip install pyarrow pandas polars numpy
    /tmp/pq/bin/python Tests/MLGateTests/Fixtures/parquet/make_fixtures.py

Every value in `expected.json` comes from pyarrow reading the file back (`to_pylist`),
turned into text by the rules of docs/parquet.md (pandas' `to_csv` text), independently
of mlgate's Swift code: a null is `null`, every other cell a string.
"""

import base64
import datetime as dt
import decimal
import json
import math
import os
import uuid

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS = 60


def text(value, arrow_type):
    """The cell text of one value read by pyarrow, by docs/parquet.md."""
    if value is None:
        return None
    if pa.types.is_boolean(arrow_type):
        return "True" if value else "False"
    if pa.types.is_integer(arrow_type):
        return str(value)
    if pa.types.is_float16(arrow_type):
        return float_text(float(np.float32(value)), np.float32)
    if pa.types.is_float32(arrow_type):
        return float_text(value, np.float32)
    if pa.types.is_floating(arrow_type):
        return float_text(value, float)
    if pa.types.is_decimal(arrow_type):
        return format(value, "f")
    if pa.types.is_timestamp(arrow_type):
        stamp = pd.Timestamp(value)
        return str(stamp)
    if pa.types.is_date(arrow_type):
        return value.isoformat()
    if pa.types.is_time(arrow_type):
        return str(value)
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return value
    if pa.types.is_dictionary(arrow_type):
        return text(value, arrow_type.value_type)
    if getattr(arrow_type, "extension_name", None) == "arrow.uuid":
        return str(value if isinstance(value, uuid.UUID) else uuid.UUID(bytes=value))
    if pa.types.is_binary(arrow_type) or pa.types.is_fixed_size_binary(arrow_type) or pa.types.is_large_binary(arrow_type):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return base64.b64encode(value).decode("ascii")
    raise TypeError(f"no text rule for {arrow_type}")


def nanos_text(nanos):
    seconds, fraction = divmod(nanos, 10**9)
    clock = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    if fraction == 0:
        return clock
    return clock + (f".{fraction // 1000:06d}" if fraction % 1000 == 0 else f".{fraction:09d}")


def float_text(value, kind):
    if math.isnan(value):
        return None  # pandas writes NaN as an empty cell
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if kind is np.float32:
        return str(np.float32(value))
    return repr(float(value))


def expected(path):
    """The columns and cells pyarrow reads, structs flattened to parent.child."""
    return expected_table(pq.read_table(path))


def expected_table(table):
    """The columns and cells of an Arrow table, structs flattened to parent.child."""
    while any(pa.types.is_struct(field.type) for field in table.schema):
        table = table.flatten()
    columns = {}
    for name, column in zip(table.column_names, table.columns):
        column_type = column.type
        if getattr(column_type, "extension_name", None):
            values = [None if v is None else v for v in column.to_pylist()]
        elif pa.types.is_time(column_type) and column_type.unit == "ns":
            # datetime.time stops at microseconds: print the nanoseconds from the integers.
            values = [None if v is None else nanos_text(v) for v in column.cast(pa.int64()).to_pylist()]
            columns[name] = values
            continue
        elif pa.types.is_timestamp(column_type) and column_type.unit == "ns":
            values = [None if v is None else v for v in column.to_pandas().tolist()]
            values = [None if (v is None or v is pd.NaT) else v for v in values]
        else:
            values = column.to_pylist()
        columns[name] = [text(v, column_type) for v in values]
    return {"columns": table.column_names, "rows": table.num_rows, "cells": columns}


def sample_table(rows=ROWS, seed=1):
    rng = np.random.default_rng(seed)
    nulls = lambda p=0.2: rng.random(rows) < p
    def with_nulls(values, p=0.2):
        mask = nulls(p)
        return [None if m else v for v, m in zip(values, mask)]
    ints = rng.integers(-1000, 1000, rows)
    floats = rng.normal(0, 1000, rows)
    floats[:6] = [0.1, 1e-5, 1e16, -0.0, 123456789.125, 2.5e-300]
    doubles = with_nulls(list(floats))
    doubles[7] = float("nan")
    doubles[8] = float("inf")
    words = ["north", "south", "east", "west", "Zürich", "naïve ☃", ""]
    base = dt.datetime(2024, 1, 31, 12, 34, 56)
    stamps = [base + dt.timedelta(seconds=int(s), microseconds=int(u)) for s, u in zip(rng.integers(-10**8, 10**8, rows), rng.integers(0, 10**6, rows))]
    stamps[0] = dt.datetime(1969, 12, 31, 23, 59, 59)
    stamps[1] = dt.datetime(2000, 2, 29)
    arrays = {
        "bool": pa.array(with_nulls([bool(b) for b in rng.integers(0, 2, rows)]), pa.bool_()),
        "int8": pa.array(with_nulls([int(v) % 256 - 128 for v in ints]), pa.int8()),
        "int16": pa.array(with_nulls([int(v) * 30 for v in ints]), pa.int16()),
        "int32": pa.array(with_nulls([int(v) * 2_000_000 for v in ints]), pa.int32()),
        "int64": pa.array(with_nulls([int(v) * 9_000_000_000_000_000 // 1000 for v in ints]), pa.int64()),
        "uint8": pa.array(with_nulls([int(v) % 256 for v in ints]), pa.uint8()),
        "uint16": pa.array(with_nulls([int(v) % 65536 for v in ints * 77]), pa.uint16()),
        "uint32": pa.array(with_nulls([(int(v) * 4_000_000) % 2**32 for v in ints]), pa.uint32()),
        "uint64": pa.array(with_nulls([(int(v) * 18_000_000_000_000_000) % 2**64 for v in ints]), pa.uint64()),
        "float32": pa.array(with_nulls([float(np.float32(v)) for v in floats]), pa.float32()),
        "float64": pa.array(doubles, pa.float64()),
        "string": pa.array(with_nulls([words[i % len(words)] + str(i % 3) for i in range(rows)]), pa.string()),
        "large_string": pa.array(with_nulls([f"row {i}" for i in range(rows)]), pa.large_string()),
        "binary": pa.array(with_nulls([bytes([i, 255 - i, 0x80]) if i % 2 else b"plain" for i in range(rows)]), pa.binary()),
        "fixed": pa.array(with_nulls([bytes([i % 256] * 4) + b"\xff" for i in range(rows)]), pa.binary(5)),
        "date": pa.array(with_nulls([s.date() for s in stamps]), pa.date32()),
        "time_ms": pa.array(with_nulls([dt.time(s.hour, s.minute, s.second, (s.microsecond // 1000) * 1000) for s in stamps]), pa.time32("ms")),
        "time_us": pa.array(with_nulls([s.time() for s in stamps]), pa.time64("us")),
        "time_ns": pa.array(with_nulls([(s.hour * 3600 + s.minute * 60 + s.second) * 10**9 + s.microsecond * 1000 + i % 7 for i, s in enumerate(stamps)]), pa.time64("ns")),
        "ts_ms": pa.array(with_nulls([s.replace(microsecond=(s.microsecond // 1000) * 1000) for s in stamps]), pa.timestamp("ms")),
        "ts_us": pa.array(with_nulls(stamps), pa.timestamp("us")),
        "ts_ns": pa.array(with_nulls([int(pd.Timestamp(s).value) + i % 5 for i, s in enumerate(stamps)]), pa.timestamp("ns")),
        "ts_utc": pa.array(with_nulls([s.replace(tzinfo=dt.timezone.utc) for s in stamps]), pa.timestamp("us", tz="UTC")),
        "dec_small": pa.array(with_nulls([decimal.Decimal(int(v)).scaleb(-2) for v in ints]), pa.decimal128(7, 2)),
        "dec_big": pa.array(with_nulls([decimal.Decimal(int(v) * 10**20 + i).scaleb(-10) for i, v in enumerate(ints)]), pa.decimal128(38, 10)),
        "dec_neg_scale0": pa.array(with_nulls([decimal.Decimal(int(v)) for v in ints]), pa.decimal128(12, 0)),
        "category": pa.array(with_nulls([words[i % 3] for i in range(rows)])).dictionary_encode(),
        "point": pa.StructArray.from_arrays(
            [pa.array([float(i) / 4 for i in range(rows)]), pa.array(with_nulls([f"p{i}" for i in range(rows)]))],
            names=["x", "label"], mask=pa.array(nulls(0.1))),
        "required_int": pa.array(list(range(rows)), pa.int64()),
    }
    schema = pa.schema([pa.field(name, array.type, nullable=(name != "required_int")) for name, array in arrays.items()])
    return pa.Table.from_arrays(list(arrays.values()), schema=schema)


def write(name, table, **options):
    path = os.path.join(HERE, name + ".parquet")
    pq.write_table(table, path, **options)
    return path


def main():
    written = {}
    table = sample_table()
    # Every type, pyarrow's defaults (SNAPPY, dictionary, data page v1).
    written["types"] = write("types", table)
    # Each codec, on the same table (dictionary off to exercise PLAIN pages, data page v2 on).
    subset = table.select(["bool", "int32", "int64", "float64", "string", "date", "ts_us", "dec_big", "required_int"])
    for codec in ["NONE", "SNAPPY", "GZIP", "ZSTD", "LZ4", "BROTLI"]:
        written[f"codec_{codec.lower()}"] = write(f"codec_{codec.lower()}", subset, compression=codec, use_dictionary=False)
    written["dict_v2"] = write("dict_v2", table, data_page_version="2.0", compression="ZSTD")
    written["plain_v2"] = write("plain_v2", subset, data_page_version="2.0", use_dictionary=False, compression="SNAPPY")
    # Small pages and row groups: several of each.
    written["row_groups"] = write("row_groups", subset, row_group_size=16, data_page_size=64, write_batch_size=8)
    # The delta and byte-stream-split encodings.
    encoded = table.select(["int32", "int64", "float32", "float64", "string", "binary", "required_int", "fixed", "dec_big"])
    written["encodings_v1"] = write("encodings_v1", encoded, use_dictionary=False, compression="NONE", column_encoding={
        "int32": "DELTA_BINARY_PACKED", "int64": "DELTA_BINARY_PACKED", "required_int": "DELTA_BINARY_PACKED",
        "float32": "BYTE_STREAM_SPLIT", "float64": "BYTE_STREAM_SPLIT", "string": "DELTA_LENGTH_BYTE_ARRAY",
        "binary": "DELTA_BYTE_ARRAY", "fixed": "BYTE_STREAM_SPLIT", "dec_big": "DELTA_BYTE_ARRAY"})
    written["encodings_v2"] = write("encodings_v2", encoded, use_dictionary=False, compression="ZSTD", data_page_version="2.0",
        data_page_size=128, write_batch_size=16, column_encoding={
        "int32": "DELTA_BINARY_PACKED", "int64": "DELTA_BINARY_PACKED", "required_int": "DELTA_BINARY_PACKED",
        "float32": "BYTE_STREAM_SPLIT", "float64": "BYTE_STREAM_SPLIT", "string": "DELTA_BYTE_ARRAY",
        "binary": "DELTA_LENGTH_BYTE_ARRAY", "fixed": "BYTE_STREAM_SPLIT", "dec_big": "DELTA_BYTE_ARRAY"})
    # Legacy timestamps (INT96), and decimals stored as INT32 / INT64.
    legacy = table.select(["ts_us", "ts_ns", "dec_small", "dec_neg_scale0", "required_int"])
    written["int96"] = write("int96", legacy.select(["ts_us", "ts_ns", "required_int"]), use_deprecated_int96_timestamps=True)
    written["decimal_ints"] = write("decimal_ints", legacy.select(["dec_small", "dec_neg_scale0"]), store_decimal_as_integer=True)
    # Empty: no rows at all; and a zero-row row group between two others.
    written["empty"] = write("empty", table.slice(0, 0))
    path = os.path.join(HERE, "zero_row_group.parquet")
    small = table.select(["int64", "string", "required_int"])
    with pq.ParquetWriter(path, small.schema) as writer:
        writer.write_table(small.slice(0, 10))
        writer.write_table(small.slice(0, 0))
        writer.write_table(small.slice(10, 10))
    written["zero_row_group"] = path
    # A list and a map beside flat columns: read only when the flat ones are.
    nested = pa.table({
        "id": pa.array(range(5), pa.int64()),
        "tags": pa.array([["a"], [], None, ["b", "c"], ["d"]], pa.list_(pa.string())),
        "attrs": pa.array([[("k", 1)], [], None, [("a", 2), ("b", 3)], []], pa.map_(pa.string(), pa.int64())),
        "score": pa.array([0.5, 0.25, None, 1.0, 0.125]),
    })
    nested_path = write("nested", nested)
    # pandas (pyarrow engine, SNAPPY, its schema in the key-value metadata) and polars (ZSTD).
    frame = pd.DataFrame({
        "id": np.arange(40),
        "score": np.linspace(0, 1, 40),
        "label": pd.array([i % 2 for i in range(40)], dtype="Int64"),
        "group": pd.Categorical(["a", "b", "c", "a"] * 10),
        "when": pd.date_range("2024-03-01", periods=40, freq="37min"),
        "name": [None if i % 7 == 0 else f"n{i}" for i in range(40)],
        "flag": [i % 3 == 0 for i in range(40)],
    })
    frame.loc[5, "score"] = np.nan
    pandas_path = os.path.join(HERE, "pandas.parquet")
    frame.to_parquet(pandas_path)
    written["pandas"] = pandas_path
    polars_frame = pl.DataFrame({
        "id": list(range(40)),
        "score": [i / 7 for i in range(40)],
        "label": [None if i % 9 == 0 else i % 2 for i in range(40)],
        "name": [f"p{i % 5}" for i in range(40)],
        "day": [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(40)],
        "at": [dt.datetime(2024, 1, 1) + dt.timedelta(hours=i, microseconds=i) for i in range(40)],
    })
    polars_path = os.path.join(HERE, "polars.parquet")
    polars_frame.write_parquet(polars_path)
    written["polars"] = polars_path
    # Float16 and UUID (FIXED_LEN_BYTE_ARRAY logical types).
    extras = pa.table({
        "half": pa.array(np.array([0.1, -2.5, 65504, None, 1e-7], dtype=object).tolist(), pa.float64()).cast(pa.float16()),
        "id": pa.array([uuid.UUID(int=i * 0x1234567890ABCDEF1234567890ABCDEF % 2**128).bytes for i in range(5)], pa.uuid()),
    })
    written["extras"] = write("extras", extras)
    # Uncompressed and dictionary-encoded, for tests that damage a page's indices.
    letters = pa.table({"letter": pa.array(["a", "b", "c"] * 10)}, schema=pa.schema([pa.field("letter", pa.string(), nullable=False)]))
    written["dict_plain"] = write("dict_plain", letters, compression="NONE")

    # The bundled example's tables as pandas writes them from its CSV files (for the
    # test that a gate run on them reports as on the CSV files).
    example = os.path.join(HERE, "..", "..", "..", "..", "Examples", "loans")
    os.makedirs(os.path.join(HERE, "loans"), exist_ok=True)
    for name in sorted(os.listdir(example)):
        if name.endswith(".csv"):
            frame = pd.read_csv(os.path.join(example, name), keep_default_na=False, na_values=[""])
            frame.to_parquet(os.path.join(HERE, "loans", name[:-4] + ".parquet"), index=False)

    result = {name: expected(path) for name, path in written.items()}
    flat = pq.read_table(nested_path).select(["id", "score"])
    result["nested"] = {"columns": ["id", "tags", "attrs", "score"], "rows": 5,
                        "cells": {n: [text(v, flat.column(n).type) for v in flat.column(n).to_pylist()] for n in ["id", "score"]}}
    with open(os.path.join(HERE, "expected.json"), "w") as out:
        json.dump(result, out, indent=1, ensure_ascii=False, sort_keys=True)
        out.write("\n")
    for name in sorted(os.listdir(HERE)):
        if name.endswith(".parquet"):
            print(f"{name}: {os.path.getsize(os.path.join(HERE, name))} bytes")


if __name__ == "__main__":
    main()
