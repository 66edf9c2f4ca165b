"""Captures Arrow IPC streams exactly as a Spark Connect server sends them, for the Arrow
reader's tests (spark_*.arrows), and the cells pyarrow reads from them (expected_spark.json).

Needs a Spark Connect server on 127.0.0.1:15002 (pyspark 4.3.0's
sbin/start-connect-server.sh with Java 17; IntegrationTests/tests_08_spark starts one)
and, in the same venv, grpcio, grpcio-status, zstandard, googleapis-common-protos,
pandas<3 and pyarrow:

    .build/spark-venv/bin/python Tests/MLGateTests/Fixtures/arrow/capture_spark.py

Each query goes to ExecutePlan as a Relation.sql plan through pyspark's own generated
gRPC stub; every ArrowBatch of the answer is written to its own file.
"""

import json
import os
import sys
import uuid

import grpc
import pyarrow as pa
from pyspark.sql.connect.proto import base_pb2, base_pb2_grpc, relations_pb2

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "parquet"))
from make_fixtures import expected_table  # noqa: E402

QUERIES = {
    "spark_types": """
        SELECT id,
          CAST(id AS TINYINT) - 50 AS tiny, CAST(id * 300 AS SMALLINT) AS small, CAST(id * 70000 AS INT) AS int32,
          id * 9000000000000 AS big, CAST(id / 7 AS FLOAT) AS float32, id / 7 AS float64,
          CAST(id * 1.25 AS DECIMAL(10, 2)) AS dec_small, CAST(id AS DECIMAL(38, 10)) / 3 AS dec_big,
          IF(id % 5 = 0, NULL, CONCAT('row ', id, IF(id % 3 = 0, ' Zürich', ''))) AS text,
          id % 2 = 0 AS flag, DATE_ADD(DATE'2024-02-27', CAST(id AS INT)) AS day,
          TIMESTAMP'2024-03-10 01:30:00.123456' + MAKE_INTERVAL(0, 0, 0, 0, CAST(id AS INT), 0, 0) AS ts,
          TIMESTAMP_NTZ'2024-01-31 12:34:56' + MAKE_INTERVAL(0, 0, 0, CAST(id AS INT), 0, 0, 0) AS ts_ntz,
          CAST(CONCAT('b', id) AS BINARY) AS bytes,
          IF(id % 4 = 0, NULL, NAMED_STRUCT('x', id * 0.5D, 'label', CONCAT('p', id))) AS point,
          IF(id % 7 = 0, NULL, id) AS maybe
        FROM RANGE(0, 100)""",
    "spark_counts": "SELECT id % 3 AS grp, COUNT(*) AS n, SUM(id) AS total FROM RANGE(0, 10000) GROUP BY id % 3 ORDER BY grp",
    "spark_empty": "SELECT id, CAST(id AS STRING) AS text FROM RANGE(0, 0)",
}


def capture(stub, session, name, query):
    plan = base_pb2.Plan(root=relations_pb2.Relation(sql=relations_pb2.SQL(query=query)))
    request = base_pb2.ExecutePlanRequest(
        session_id=session, user_context=base_pb2.UserContext(user_id="mlgate"), plan=plan, client_type="mlgate-fixtures")
    paths = []
    for response in stub.ExecutePlan(request):
        if response.HasField("arrow_batch"):
            path = os.path.join(HERE, f"{name}_{len(paths)}.arrows")
            with open(path, "wb") as out:
                out.write(response.arrow_batch.data)
            paths.append(path)
    return paths


def main():
    channel = grpc.insecure_channel("127.0.0.1:15002")
    stub = base_pb2_grpc.SparkConnectServiceStub(channel)
    session = str(uuid.uuid4())
    # Zoned timestamps print in the session's zone: UTC, as mlgate's Spark reads set it.
    config = base_pb2.ConfigRequest(
        session_id=session, user_context=base_pb2.UserContext(user_id="mlgate"),
        operation=base_pb2.ConfigRequest.Operation(set=base_pb2.ConfigRequest.Set(
            pairs=[base_pb2.KeyValue(key="spark.sql.session.timeZone", value="UTC")])))
    stub.Config(config)
    result = {}
    for name, query in QUERIES.items():
        for path in capture(stub, session, name, query):
            with pa.OSFile(path, "rb") as source:
                reader = pa.ipc.open_stream(source)
                table = reader.read_all()
            entry = expected_table(table)
            entry["all_columns"] = entry["columns"]
            result[os.path.basename(path)[:-7]] = entry
            print(f"{os.path.basename(path)}: {os.path.getsize(path)} bytes, {table.num_rows} rows, {table.schema}")
    with open(os.path.join(HERE, "expected_spark.json"), "w") as out:
        json.dump(result, out, indent=1, ensure_ascii=False, sort_keys=True)
        out.write("\n")


if __name__ == "__main__":
    main()
