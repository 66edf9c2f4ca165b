#!/usr/bin/env python3
"""Writes sniffer.json: random delimited samples and what Python 3.11's
csv.Sniffer().sniff(sample, ",\\t;|") says of each (the call frictionless 5.21 makes
on a file's first 100 lines): the delimiter and skipinitialspace, or null when it
raises "Could not determine delimiter".

    python3 make_sniffer_golden.py      # Python 3.11 (frictionless's golden files used 3.11.7)

Deterministic (seeded). Plain python3, no dependencies.
"""
import csv, json, os, random, sys

assert sys.version_info[:2] == (3, 11), "made with Python 3.11, as the frictionless goldens"
rng = random.Random(19)
CELLS = ["a", "bb", "12", "3.5", "x y", "", " a", "Köln", "O'Neil", "d'", "_", "-", "é"]
DELIMS = [",", ";", "\t", "|", ":", " "]

def cell(delim):
    c = rng.choice(CELLS)
    r = rng.random()
    if r < 0.2:
        q = rng.choice(['"', '"', "'"])
        inner = c + (rng.choice(DELIMS) + rng.choice(CELLS) if rng.random() < 0.4 else "")
        c = q + inner + q
    if rng.random() < 0.1:
        c = " " + c
    return c

def sample():
    delim = rng.choice(DELIMS)
    width = rng.randint(1, 6)
    lines = []
    for _ in range(rng.randint(1, 30)):
        w = width if rng.random() < 0.85 else rng.randint(1, 7)
        sep = delim + (" " if rng.random() < 0.05 else "")
        lines.append(sep.join(cell(delim) for _ in range(w)))
    ending = rng.choice(["\n", "\r\n", "\n"])
    text = ending.join(lines) + (ending if rng.random() < 0.8 else "")
    if rng.random() < 0.1:
        text = "title line\n\n" + text
    return text

cases = []
for _ in range(600):
    text = sample()
    try:
        d = csv.Sniffer().sniff(text, ",\t;|")
        result = {"delimiter": d.delimiter, "skipInitialSpace": bool(d.skipinitialspace)}
    except csv.Error:
        result = None
    cases.append({"sample": text, "sniffed": result})
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "sniffer.json"), "w") as fh:
    json.dump({"python": sys.version.split()[0], "delimiters": ",\t;|", "cases": cases}, fh, indent=1, ensure_ascii=False)
    fh.write("\n")
print(len(cases), "samples;", sum(c["sniffed"] is None for c in cases), "undecided")
