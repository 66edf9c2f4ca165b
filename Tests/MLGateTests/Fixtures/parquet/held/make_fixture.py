"""Writes data.parquet and schema.json: numbers a Parquet reader hands over as numbers
(doubles, signed integers, dates and timestamps) and strings it marks as dictionary entries, chosen to sit on every edge of the contract's kernels and
dataset checks — bounds, exponent texts, integers past 2^53 and 10^17, NaN, infinities,
nulls, repeated keys — in small pages, dictionary pages and plain pages after a
dictionary fallback, over three row groups.

NumberColumnTests reads it with the numbers held and as text and expects every report
to be the same. Its first 400 rows, in smaller pages, are the Parquet fuzz target's seed
Fuzz/corpus/parquet/held_numbers.parquet (under the fuzzer's 64 KB input limit).
Run with pyarrow (any recent version): python make_fixture.py
"""
import json
import os
import random

import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261205)
rows = 3000


def maybe_null(values, share):
    return [None if rng.random() < share else v for v in values]


edges = [0.0, -0.0, 1e-05, 1.5e-7, 1e-300, 5e-324, 1e21, 1e22, 0.1, 1 / 3, 2.5, 3.0, -2.0, 1.0, 0.9999999999999999,
         float("nan"), float("inf"), float("-inf"), 123456789012345.67, 1.7976931348623157e308]
big = [2**53, 2**53 + 1, -(2**53) - 1, 10**17 - 1, 10**17, -(10**17) + 1, -(10**17), 10**18 - 1, 10**18, 2**63 - 1, -(2**63), 0, -5]

ids = list(range(rows))
for index in rng.sample(range(rows), 40):
    ids[index] = ids[rng.randrange(rows)]
score = [rng.random() if rng.random() < 0.9 else rng.choice(edges) for _ in range(rows)]
columns = {
    "id": pa.array(maybe_null(ids, 0.005), pa.int64()),
    "flag": pa.array(maybe_null([rng.choice([0, 1, 2, 1, 0, 3]) for _ in range(rows)], 0.05), pa.int32()),
    "age": pa.array([rng.randint(10, 130) for _ in range(rows)], pa.int64()),
    "big": pa.array([rng.choice(big) if rng.random() < 0.3 else rng.randint(-10**6, 10**6) for _ in range(rows)], pa.int64()),
    "big_number": pa.array([rng.choice(big) if rng.random() < 0.3 else rng.randint(-10**6, 10**6) for _ in range(rows)], pa.int64()),
    "score": pa.array(maybe_null(score, 0.02), pa.float64()),
    "whole": pa.array([float(rng.randint(0, 5)) if rng.random() < 0.95 else 2.5 for _ in range(rows)], pa.float64()),
    "open": pa.array(maybe_null([rng.choice([0.0, 0.5, 1.0, 0.25, 1e-05]) for _ in range(rows)], 0.1), pa.float64()),
    "small": pa.array([rng.randint(-3, 3) for _ in range(rows)], pa.int8()),
    "label": pa.array([rng.choice(["a", "b"]) for _ in range(rows)], pa.string()),
    "kind": pa.array(maybe_null([rng.choice(["x", "y", "z", "w", "x", ""]) for _ in range(rows)], 0.05), pa.string()),
    "active": pa.array(maybe_null([rng.random() < 0.7 for _ in range(rows)], 0.05), pa.bool_()),
    "strict": pa.array([rng.random() < 0.5 for _ in range(rows)], pa.bool_()),
    "day": pa.array([rng.choice(["2024-02-28", "2024-02-29", "2023-02-29", "2024-13-01", "01/02/2024", "2024-01-01"]) for _ in range(rows)], pa.string()),
}
# Dates and instants, which a data gate's date and datetime fields settle by value: the
# edges of the years the default formats read (1 and 9999) and just past them, instants
# before 1970, and fractions of a second in each unit (nanoseconds that are not whole
# microseconds among them).
first_day, last_day = -719162, 2932896  # 0001-01-01 and 9999-12-31
day_edges = [first_day - 1, first_day, last_day, last_day + 1, 0, -1, 11016, 19782]
second_edges = [first_day * 86400 - 1, first_day * 86400, (last_day + 1) * 86400 - 1, (last_day + 1) * 86400, 0, -1, -86401]


def instants(per_second, edges_share, low=946684800, high=1893456000):
    values = []
    for _ in range(rows):
        if rng.random() < edges_share:
            second = rng.choice(second_edges)
            if per_second > 10**9 // 1000 and abs(second) > 9 * 10**9:
                second = rng.choice([0, -1, -86401])  # nanoseconds reach only 1677 to 2262
        else:
            second = rng.randrange(low, high)
        values.append(second * per_second + rng.choice([0, 0, rng.randrange(per_second)]))
    return values


columns["signup"] = pa.array(maybe_null([rng.choice(day_edges) if rng.random() < 0.02 else rng.randrange(10000, 20000) for _ in range(rows)], 0.05), pa.int32()).cast(pa.date32())
columns["seen"] = pa.array(maybe_null(instants(10**6, 0.02), 0.05), pa.int64()).cast(pa.timestamp("us"))
columns["seen_utc"] = pa.array(instants(1000, 0.02), pa.int64()).cast(pa.timestamp("ms", tz="UTC"))
columns["seen_ns"] = pa.array(maybe_null(instants(10**9, 0.02, -10**9, 10**9), 0.05), pa.int64()).cast(pa.timestamp("ns"))
table = pa.table(columns)
pq.write_table(table, os.path.join(HERE, "data.parquet"), row_group_size=1100, data_page_size=700,
               dictionary_pagesize_limit=300, compression="snappy")

seed = os.path.join(HERE, "..", "..", "..", "..", "..", "Fuzz", "corpus", "parquet", "held_numbers.parquet")
pq.write_table(table.slice(0, 400), seed, row_group_size=150, data_page_size=300, dictionary_pagesize_limit=120)

schema = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"unique": True}},
        {"name": "flag", "type": "integer", "constraints": {"enum": [0, 1, 2], "required": True}},
        {"name": "age", "type": "integer", "constraints": {"minimum": 18, "maximum": 120}},
        {"name": "big", "type": "integer", "constraints": {"maximum": 10**17}},
        {"name": "big_number", "type": "number", "constraints": {"minimum": -(2**53), "maximum": 2**53}},
        {"name": "score", "type": "number", "constraints": {"minimum": 0, "maximum": 1}},
        {"name": "whole", "type": "integer"},
        {"name": "open", "type": "number", "constraints": {"exclusiveMinimum": 0, "exclusiveMaximum": 1}},
        {"name": "small", "type": "integer", "constraints": {"minimum": -2}},
        {"name": "label", "type": "string"},
        {"name": "kind", "type": "string", "constraints": {"enum": ["x", "y", "z"]}},
        {"name": "active", "type": "boolean", "constraints": {"required": True}},
        {"name": "strict", "type": "boolean", "trueValues": ["yes"], "falseValues": ["False"]},
        {"name": "day", "type": "date"},
        {"name": "signup", "type": "date"},
        {"name": "seen", "type": "datetime", "constraints": {"minimum": "2000-01-01T00:00:00", "maximum": "2029-06-30T12:00:00"}},
        {"name": "seen_utc", "type": "datetime", "constraints": {"required": True}},
        {"name": "seen_ns", "type": "datetime"},
    ],
}
with open(os.path.join(HERE, "schema.json"), "w") as out:
    json.dump(schema, out, indent=2)
    out.write("\n")
