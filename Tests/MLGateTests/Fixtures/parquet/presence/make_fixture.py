"""Writes data.parquet, data_v2.parquet, schema.json and schema_types.json: a table whose schema leaves some fields to their
columns' types (no constraints, format or options), which a data gate reads only for
a blank row's test (PresenceColumns): an integer field on int64, uint64 and uint32
columns, a number field on doubles (NaN, infinities, -0.0, subnormals, the largest
double), floats and decimals, a boolean field on booleans, a string field on strings
(empty ones too), and a column the schema does not name.

The deciding fields (an id and a label) are null together in a few stretches of rows:
there the left-out columns decide whether the row is blank — some rows have every
column null, some only a NaN or an empty string besides (blank as their text is
empty), some one value (not blank). The rows are in three row groups of small pages
of small pages, so that pages are passed over undecoded, skipped into and read in the
middle: data.parquet with data pages v1 and Snappy, data_v2.parquet with v2 and ZSTD.

PresenceColumnsTests runs the gates with those columns left out where they cannot
tell a blank row and with every column read, and expects the same reports.
Run with pyarrow (any recent version): python make_fixture.py
"""
import decimal
import json
import os
import random

import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261206)
rows = 30000
# Stretches where the deciding columns are null: inside a batch of 8192, across a
# batch's end, near the end of a row group, and in the last row group.
undecided = set(range(3000, 3010)) | set(range(8188, 8197)) | set(range(19995, 20003)) | set(range(27000, 27004))

ids, labels = [], []
counts, big, small, ratios, singles, decimals, flags, notes, extras = ([] for _ in range(9))
edges = [float("nan"), float("inf"), float("-inf"), -0.0, 5e-324, 1.7976931348623157e308, 0.1, 2.5]
for row in range(rows):
    gap = row in undecided
    ids.append(None if gap or row % 997 == 0 else row)
    labels.append(None if gap else rng.choice(["a", "b", "c"]))
    counts.append(rng.choice([0, -(2**63), 2**63 - 1, rng.randrange(-10**6, 10**6)]) if rng.random() > 0.05 else None)
    big.append(rng.choice([0, 2**64 - 1, 2**63, rng.randrange(0, 10**9)]) if rng.random() > 0.05 else None)
    small.append(rng.choice([0, 2**32 - 1, rng.randrange(0, 10**6)]) if rng.random() > 0.05 else None)
    ratios.append(rng.choice(edges) if rng.random() > 0.05 else None)
    singles.append(rng.choice([0.5, -1.25, float("nan"), 3.0e38]) if rng.random() > 0.05 else None)
    decimals.append(decimal.Decimal(rng.randrange(-10**6, 10**6)).scaleb(-2) if rng.random() > 0.05 else None)
    flags.append(rng.random() < 0.5 if rng.random() > 0.05 else None)
    notes.append(rng.choice(["", "x", "note"]) if rng.random() > 0.05 else None)
    extras.append(rng.randrange(0, 100) if rng.random() > 0.05 else None)

# In the stretches, the left-out columns decide: every one null (blank), a NaN or an
# empty string only (blank), or one value (not blank).
for index, row in enumerate(sorted(undecided)):
    for column in (counts, big, small, ratios, singles, decimals, flags, notes, extras):
        column[row] = None
    case = index % 4
    if case == 1:
        ratios[row] = float("nan")
        notes[row] = ""
    elif case == 2:
        [counts, big, small, decimals, flags, notes, extras][index % 7][row] = {
            0: 7, 1: 2**64 - 1, 2: 5, 3: decimal.Decimal("1.50"), 4: False, 5: "z", 6: 3}[index % 7]
    elif case == 3:
        singles[row] = 0.5

table = pa.table({
    "id": pa.array(ids, pa.int64()),
    "count": pa.array(counts, pa.int64()),
    "big": pa.array(big, pa.uint64()),
    "small": pa.array(small, pa.uint32()),
    "ratio": pa.array(ratios, pa.float64()),
    "single": pa.array(singles, pa.float32()),
    "amount": pa.array(decimals, pa.decimal128(10, 2)),
    "flag": pa.array(flags, pa.bool_()),
    "note": pa.array(notes, pa.string()),
    "label": pa.array(labels, pa.string()),
    "extra": pa.array(extras, pa.int64()),
})
for name, options in [("data.parquet", {}), ("data_v2.parquet", {"data_page_version": "2.0", "compression": "zstd"})]:
    with pq.ParquetWriter(os.path.join(HERE, name), table.schema, data_page_size=4096,
                          use_dictionary=["label", "note"], **options) as writer:
        writer.write_table(table, row_group_size=10000)

fields = [
    {"name": "id", "type": "integer", "constraints": {"unique": True}},
    {"name": "count", "type": "integer"},
    {"name": "big", "type": "integer"},
    {"name": "small", "type": "integer"},
    {"name": "ratio", "type": "number"},
    {"name": "single", "type": "number"},
    {"name": "amount", "type": "number"},
    {"name": "flag", "type": "boolean"},
    {"name": "note", "type": "string"},
    {"name": "label", "type": "string", "constraints": {"enum": ["a", "b"]}},
]
with open(os.path.join(HERE, "schema.json"), "w") as out:
    json.dump({"fields": fields}, out, indent=2)
    out.write("\n")
# Types only: every field (and the unnamed column) settled, none deciding first.
with open(os.path.join(HERE, "schema_types.json"), "w") as out:
    json.dump({"fields": [{"name": f["name"], "type": f["type"]} for f in fields]}, out, indent=2)
    out.write("\n")
