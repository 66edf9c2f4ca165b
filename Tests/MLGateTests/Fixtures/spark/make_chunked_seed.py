#!/usr/bin/env python3
"""Makes Fuzz/corpus/spark/session_chunked.h2 from session_1.h2 (a captured server side
of an ExecutePlan call): every ExecutePlanResponse's arrow_batch is split into 3 chunks
(chunk_index, num_chunks_in_batch), as Spark does with ResultChunkingOptions, so that
the fuzzer starts inside SparkArrowChunks. Header frames stay as captured (HPACK state).

    .build/spark-venv/bin/python Tests/MLGateTests/Fixtures/spark/make_chunked_seed.py
"""
import struct
from pathlib import Path

from pyspark.sql.connect.proto import base_pb2

root = Path(__file__).resolve().parents[4]
source = (root / "Fuzz/corpus/spark/session_1.h2").read_bytes()


def frame(kind, flags, stream, payload):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def rechunk(grpc):
    out, at = b"", 0
    while at + 5 <= len(grpc):
        length = struct.unpack(">I", grpc[at + 1:at + 5])[0]
        raw = grpc[at:at + 5 + length]
        at += 5 + length
        try:
            message = base_pb2.ExecutePlanResponse.FromString(raw[5:])
        except Exception:  # another call's answer (Config)
            message = None
        if message is None or not message.HasField("arrow_batch") or len(message.arrow_batch.data) < 3:
            out += raw
            continue
        data, third = message.arrow_batch.data, len(message.arrow_batch.data) // 3
        for index, piece in enumerate([data[:third], data[third:2 * third], data[2 * third:]]):
            part = base_pb2.ExecutePlanResponse()
            part.CopyFrom(message)
            part.arrow_batch.data = piece
            part.arrow_batch.chunk_index = index
            part.arrow_batch.num_chunks_in_batch = 3
            body = part.SerializeToString()
            out += b"\0" + struct.pack(">I", len(body)) + body
    return out + grpc[at:]


output, pending, at = b"", {}, 0
while at + 9 <= len(source):
    length = int.from_bytes(source[at:at + 3], "big")
    kind, flags, stream = source[at + 3], source[at + 4], struct.unpack(">I", source[at + 5:at + 9])[0] & 0x7FFFFFFF
    payload = source[at + 9:at + 9 + length]
    at += 9 + length
    if kind == 0 and stream:
        if flags & 0x8:
            payload = payload[1:len(payload) - payload[0]]
        pending[stream] = pending.get(stream, b"") + payload
        continue
    if kind == 1 and stream in pending:
        grpc = rechunk(pending.pop(stream))
        for start in range(0, len(grpc), 16384):
            output += frame(0, 0, stream, grpc[start:start + 16384])
    output += frame(kind, flags, stream, payload)
output += source[at:]
(root / "Fuzz/corpus/spark/session_chunked.h2").write_bytes(output)
print(len(output), "bytes")
