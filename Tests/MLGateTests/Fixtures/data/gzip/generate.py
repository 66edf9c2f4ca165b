"""Writes the gzip fixtures with Python's gzip module (mtime 0, so reruns give the
same bytes). Run from this directory:  python3 generate.py
"""
import gzip
import json

people = open("../people.csv", "rb").read()


def write(name, data):
    open(name, "wb").write(data)


def gz(data):
    return gzip.compress(data, mtime=0)


write("people.csv.gz", gz(people))
rows = [{"id": 1, "name": "Ada"}, {"id": 2, "name": "Zoë", "extra": None}]
write("people.jsonl.gz", gz("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()))
# Two members one after another (as `cat a.gz b.gz`), then zero padding.
half = people.index(b"\n3,") + 1
write("two-members.csv.gz", gz(people[:half]) + gz(people[half:]) + b"\0\0\0\0")
write("empty.csv.gz", gz(b""))
write("not-gzip.csv.gz", people)
whole = gz(people)
write("truncated.csv.gz", whole[: len(whole) - 12])
corrupt = bytearray(whole)
corrupt[-6] ^= 0xFF  # the CRC-32 no longer matches
write("bad-crc.csv.gz", bytes(corrupt))
garbage = bytearray(whole)
garbage[10] = 0xFF   # an invalid deflate block type
write("corrupt.csv.gz", bytes(garbage))
write("trailing-garbage.csv.gz", whole + b"junk")
write("invalid-utf8.csv.gz", gz(b"id,name\n1,ok\n2,ab\xffc\n"))

# What Python's gzip reads from each (the expectations in GzipTests.swift).
for name in ["people.csv.gz", "two-members.csv.gz", "empty.csv.gz", "not-gzip.csv.gz", "truncated.csv.gz",
             "bad-crc.csv.gz", "corrupt.csv.gz", "trailing-garbage.csv.gz"]:
    try:
        data = gzip.decompress(open(name, "rb").read())
        print(name, "ok", len(data), "bytes", "(same as people.csv)" if data == people else "")
    except Exception as error:
        print(name, type(error).__name__, error)
