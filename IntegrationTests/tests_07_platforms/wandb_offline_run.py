"""Reads back what an offline W&B run recorded (WANDB_MODE=offline): the run's
transaction log, wandb/offline-run-*/run-*.wandb, the file `wandb sync` uploads. Its
format is W&B's: a 7-byte header (":W&B", magic 0xBEE1, version 0) and then LevelDB log
records (32 KiB blocks; each record: CRC32C, length, type; a record split over blocks is
FIRST, MIDDLE..., LAST) holding wandb.proto Record messages. Prints the run's project,
job type and name, its summary (key = JSON value) and each artifact with its files.

    python wandb_offline_run.py RUN.wandb
"""

import struct
import sys

from wandb.proto import wandb_internal_pb2 as pb

BLOCK = 32768
FULL, FIRST, MIDDLE, LAST = 1, 2, 3, 4


def records(data: bytes):
    if data[:4] != b":W&B" or struct.unpack("<HB", data[4:7]) != (0xBEE1, 0):
        sys.exit("not a W&B transaction log (expected the ':W&B' header, version 0)")
    position, pending = 7, b""
    while position + 7 <= len(data):
        left = BLOCK - position % BLOCK
        if left < 7:  # a block's tail too short for a header is padding
            position += left
            continue
        _checksum, length, kind = struct.unpack("<IHB", data[position:position + 7])
        chunk = data[position + 7:position + 7 + length]
        position += 7 + length
        if kind == FULL:
            yield chunk
        elif kind == FIRST:
            pending = chunk
        elif kind == MIDDLE:
            pending += chunk
        elif kind == LAST:
            yield pending + chunk
        elif kind == 0 and length == 0:
            continue
        else:
            sys.exit(f"unexpected LevelDB record type {kind} at byte {position}")


with open(sys.argv[1], "rb") as file:
    log = file.read()
for raw in records(log):
    record = pb.Record()
    record.ParseFromString(raw)
    kind = record.WhichOneof("record_type")
    if kind == "run":
        print(f"run: project {record.run.project}, job_type {record.run.job_type}, name {record.run.display_name}")
    elif kind == "summary":
        for item in record.summary.update:
            print(f"summary: {item.key or '/'.join(item.nested_key)} = {item.value_json}")
    elif kind == "artifact":
        files = " ".join(sorted(entry.path for entry in record.artifact.manifest.contents))
        print(f"artifact: {record.artifact.name} type {record.artifact.type} metadata {record.artifact.metadata} files {files}")
