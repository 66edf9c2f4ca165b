"""Writes the Parquet fixtures Spark writes, and the cells mlgate must read as JSON.

Spark writes Parquet through parquet-java (parquet-mr), not pyarrow: INT96 timestamps by
default, decimals as INT32/INT64/FIXED_LEN_BYTE_ARRAY by precision (or always fixed
bytes in its legacy format), and with the v2 writer DELTA_BINARY_PACKED and
DELTA_BYTE_ARRAY pages. Three files, one per writer set-up, each one part file of one
partition (copied out of the folder Spark writes):

- spark_defaults.parquet: Spark 4.3's defaults (SNAPPY, INT96 timestamps, v1 pages);
- spark_legacy.parquet: `spark.sql.parquet.writeLegacyFormat` and TIMESTAMP_MILLIS, GZIP;
- spark_v2.parquet: parquet-java's v2 writer (`parquet.writer.version=v2`: data pages v2,
  DELTA encodings) with TIMESTAMP_MICROS and ZSTD.

`expected_spark.json` holds every cell as pyarrow reads the file back, turned into text
by make_fixtures.py's rules (docs/parquet.md), independently of mlgate's Swift code.

Run from the repository root, with Java 17 (Debian's openjdk-17-jre-headless):

    python3 -m venv .build/spark-venv
    .build/spark-venv/bin/pip install pyspark==4.3.0 pyarrow==26.0.1 pandas polars numpy
    .build/spark-venv/bin/python Tests/MLGateTests/Fixtures/parquet/make_spark_fixtures.py
"""

import datetime as dt
import decimal
import glob
import json
import os
import shutil
import sys
import tempfile

from pyspark.sql import SparkSession
from pyspark.sql import types as T

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_fixtures import expected  # noqa: E402  (the same text rules as pyarrow's fixtures)

ROWS = 40


def rows():
    base = dt.datetime(2024, 1, 31, 12, 34, 56, 123456)
    words = ["north", "south", "Zürich", "naïve ☃", ""]
    out = []
    for i in range(ROWS):
        null = i % 7 == 3
        out.append((
            None if null else (i * 37) % 256 - 128,
            None if null else i * 1000 - 20000,
            None if null else i * 70_000_000 - 1_400_000_000,
            None if null else (i - 20) * 461_168_601_842_738_790,
            None if null else (i - 20) / 8,
            None if null else (i - 20) * 1234.5678,
            None if null else words[i % len(words)] + str(i),
            None if null else i % 2 == 0,
            None if null else (base + dt.timedelta(days=i * 400 - 8000)).date(),
            None if null else base + dt.timedelta(hours=i * 997, microseconds=i),
            None if null else base + dt.timedelta(minutes=i * 13),
            None if null else decimal.Decimal(i * 1234 - 20000).scaleb(-2),
            None if null else decimal.Decimal(i * 987654321987 - 10**13).scaleb(-4),
            None if null else decimal.Decimal(i * 10**25 + i).scaleb(-10),
            None if null else bytes([i, 0x80, 255 - i]),
            None if i % 5 == 1 else (float(i) / 4, None if i % 3 == 0 else f"p{i}"),
            i,
        ))
    return out


SCHEMA = T.StructType([
    T.StructField("byte", T.ByteType()),
    T.StructField("short", T.ShortType()),
    T.StructField("int", T.IntegerType()),
    T.StructField("long", T.LongType()),
    T.StructField("float", T.FloatType()),
    T.StructField("double", T.DoubleType()),
    T.StructField("string", T.StringType()),
    T.StructField("bool", T.BooleanType()),
    T.StructField("date", T.DateType()),
    T.StructField("ts", T.TimestampType()),
    T.StructField("ts_ntz", T.TimestampNTZType()),
    T.StructField("dec9", T.DecimalType(9, 2)),
    T.StructField("dec18", T.DecimalType(18, 4)),
    T.StructField("dec38", T.DecimalType(38, 10)),
    T.StructField("binary", T.BinaryType()),
    T.StructField("point", T.StructType([T.StructField("x", T.DoubleType()), T.StructField("label", T.StringType())])),
    T.StructField("id", T.LongType(), nullable=False),
])

SETUPS = {
    "spark_defaults": {},
    "spark_legacy": {"spark.sql.parquet.writeLegacyFormat": "true",
                     "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MILLIS",
                     "spark.sql.parquet.compression.codec": "gzip"},
    "spark_v2": {"spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
                 "spark.sql.parquet.compression.codec": "zstd"},
}


def main():
    spark = (SparkSession.builder.master("local[1]").appName("mlgate-fixtures")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.enabled", "false")
             .getOrCreate())
    frame = spark.createDataFrame(rows(), SCHEMA).coalesce(1)
    result = {}
    for name, conf in SETUPS.items():
        for key in ["spark.sql.parquet.writeLegacyFormat", "spark.sql.parquet.outputTimestampType",
                    "spark.sql.parquet.compression.codec"]:
            spark.conf.unset(key)
        for key, value in conf.items():
            spark.conf.set(key, value)
        folder = tempfile.mkdtemp()
        writer = frame.write.mode("overwrite")
        if name == "spark_v2":
            writer = writer.option("parquet.writer.version", "v2")
        writer.parquet(os.path.join(folder, "out"))
        parts = glob.glob(os.path.join(folder, "out", "part-*.parquet"))
        assert len(parts) == 1, parts
        path = os.path.join(HERE, name + ".parquet")
        shutil.copyfile(parts[0], path)
        shutil.rmtree(folder)
        result[name] = expected(path)
        print(f"{name}.parquet: {os.path.getsize(path)} bytes")
    spark.stop()
    with open(os.path.join(HERE, "expected_spark.json"), "w") as out:
        json.dump(result, out, indent=1, ensure_ascii=False, sort_keys=True)
        out.write("\n")


if __name__ == "__main__":
    main()
