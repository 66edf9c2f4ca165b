"""Writes cases.bin: raw blocks and their Snappy compression by pyarrow (libsnappy), for
SnappyDecoderTests to decompress and compare byte for byte. The blocks reach every
kind of tag libsnappy writes: short and long literals (lengths past 60 take 1 to 2
extra bytes), copies with 1- and 2-byte offsets, overlapping copies of every period
from 1 to 17 (runs and repeats), and blocks past 64 KB (libsnappy compresses those in
64 KB fragments).

Format: for each case, the raw length and the compressed length as little-endian
uint32, then the raw bytes, then the compressed bytes.
Run with pyarrow (any recent version): python make_fixture.py
"""
import os
import random
import struct

import pyarrow as pa

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261205)


def periodic(period, length):
    pattern = bytes(rng.randrange(256) for _ in range(period))
    return (pattern * (length // period + 1))[:length]


def texty(length):
    words = [b"north", b"south", b"0.25", b"2024-01-05", b"user", b"@mail.org", b",", b"\n", b"label", b"1", b"0"]
    out = bytearray()
    while len(out) < length:
        out += rng.choice(words)
    return bytes(out[:length])


cases = [b"", b"a", bytes(range(256)), bytes(rng.randrange(256) for _ in range(100)),
         bytes(rng.randrange(256) for _ in range(5000)), bytes(300), b"ab" * 5000]
cases += [periodic(period, rng.randrange(20, 400)) for period in range(1, 18)]
cases += [texty(rng.randrange(50, 3000)) for _ in range(12)]
cases += [texty(70000), periodic(7, 70000) + bytes(rng.randrange(256) for _ in range(2000))]
# Literals then copies, back to back: short copies of every length.
mixed = bytearray()
for _ in range(400):
    mixed += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 70)))
    start = rng.randrange(len(mixed))
    mixed += mixed[start:start + rng.randrange(4, 70)]
cases.append(bytes(mixed))

with open(os.path.join(HERE, "cases.bin"), "wb") as out:
    for raw in cases:
        packed = pa.compress(raw, codec="snappy", asbytes=True) if raw else b"\x00"
        out.write(struct.pack("<II", len(raw), len(packed)))
        out.write(raw)
        out.write(packed)
print(len(cases), "cases")
