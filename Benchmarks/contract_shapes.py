"""The schema shapes of the contract benchmark suite (contract-shapes.sh): each a Table
Schema using one family of features that real schemas use, and a generator of a CSV file
for it with about one cell in a hundred breaking the schema in a way each tool sees alike.

    python contract_shapes.py list                 the shape names, one per line
    python contract_shapes.py make SHAPE ROWS DIR  writes DIR/SHAPE-ROWS.csv and
                                                   DIR/SHAPE.schema.json

The shapes (the present benchmark's own schema, Benchmarks/contract/schema.json, is the
suite's first shape, `loans`, and is not made here):
  formats         string formats email, uri, uuid and two patterns (codes, phone numbers)
  temporal        dates (default and %d/%m/%Y), datetimes with time zones (Z, ±hh:mm),
                  times, datetimes with a format; bounds on a date
  locale-numbers  numbers with decimalChar ',' and groupChar '.', bareNumber false
                  (currency and percent signs), integers with units (bareNumber
                  false; frictionless 5.21 has no groupChar for integers)
  booleans-missing  custom trueValues/falseValues, schema-wide missingValues
                  ('', NA, -), required fields, integer bounds, an enum
  unique-strings  unique string ids (1 per row) and unique e-mail addresses,
                  minLength/maxLength
  keys            a composite primary key, a v2 uniqueKeys pair, and a foreign key
                  within the file (a parent order, often listed after its child)
Deterministic: the same ROWS give the same bytes.
"""
import json
import os
import random
import sys
import uuid

MONTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def shape_formats(rows, r):
    schema = {"fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True}},
        {"name": "email", "type": "string", "format": "email"},
        {"name": "website", "type": "string", "format": "uri"},
        {"name": "token", "type": "string", "format": "uuid"},
        {"name": "code", "type": "string", "constraints": {"pattern": "[A-Z]{3}-[0-9]{4}"}},
        {"name": "phone", "type": "string", "constraints": {"pattern": "\\+?[0-9]{7,12}"}},
        {"name": "note", "type": "string"},
    ]}
    header = [f["name"] for f in schema["fields"]]

    def row(i):
        bad = r.random() < 0.01
        which = r.randrange(5)
        email = f"user{i}@example{i % 97}.com" if not (bad and which == 0) else f"user{i}.example.com"
        website = f"https://www{i % 13}.example.org/items/{i}" if not (bad and which == 1) else f"www.example.org/{i}"
        token = str(uuid.UUID(int=r.getrandbits(128), version=4)) if not (bad and which == 2) else f"not-a-uuid-{i}"
        code = f"{chr(65 + i % 26)}{chr(65 + i // 26 % 26)}{chr(65 + i // 676 % 26)}-{i % 10000:04d}" if not (bad and which == 3) else f"ab-{i % 1000}"
        phone = f"+{r.randrange(10**9, 10**11)}" if not (bad and which == 4) else f"{r.randrange(100, 999)}-CALL"
        return [str(i), email, website, token, code, phone, f"item {i}"]
    return schema, header, row


def shape_temporal(rows, r):
    schema = {"fields": [
        {"name": "id", "type": "integer"},
        {"name": "day", "type": "date", "constraints": {"minimum": "2000-01-01", "maximum": "2030-12-31"}},
        {"name": "day_eu", "type": "date", "format": "%d/%m/%Y"},
        {"name": "at", "type": "datetime"},
        {"name": "at_local", "type": "datetime", "format": "%Y-%m-%d %H:%M:%S"},
        {"name": "clock", "type": "time"},
    ]}
    header = [f["name"] for f in schema["fields"]]

    def row(i):
        bad = r.random() < 0.01
        which = r.randrange(5)
        y, m = r.randrange(1995, 2031), r.randrange(1, 13)
        d = r.randrange(1, MONTHS[m - 1] + 1)
        h, mi, s = r.randrange(24), r.randrange(60), r.randrange(60)
        day = f"{y:04d}-{m:02d}-{d:02d}" if not (bad and which == 0) else f"{y:04d}-02-30"
        day_eu = f"{d:02d}/{m:02d}/{y:04d}" if not (bad and which == 1) else f"{y:04d}-{m:02d}-{d:02d}"
        zone = r.choice(["Z", "+02:00", "-05:00", "+05:30"])
        at = f"{y:04d}-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{zone}" if not (bad and which == 2) else f"{y:04d}-{m:02d}-{d:02d}T25:00:00Z"
        at_local = f"{y:04d}-{m:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}" if not (bad and which == 3) else f"{d:02d}.{m:02d}.{y:04d}"
        clock = f"{h:02d}:{mi:02d}:{s:02d}" if not (bad and which == 4) else f"{h + 24:02d}:{mi:02d}:00"
        return [str(i), day, day_eu, at, at_local, clock]
    return schema, header, row


def grouped(n, sep):
    return f"{n:,}".replace(",", sep)


def shape_locale_numbers(rows, r):
    schema = {"fields": [
        {"name": "id", "type": "integer"},
        {"name": "amount", "type": "number", "decimalChar": ",", "groupChar": ".", "constraints": {"minimum": 0}},
        {"name": "price", "type": "number", "decimalChar": ",", "groupChar": ".", "bareNumber": False},
        {"name": "share", "type": "number", "bareNumber": False, "constraints": {"maximum": 100}},
        {"name": "units", "type": "integer", "bareNumber": False},
        {"name": "plain", "type": "number"},
    ]}
    header = [f["name"] for f in schema["fields"]]

    def row(i):
        bad = r.random() < 0.01
        which = r.randrange(5)
        whole, cents = r.randrange(0, 2_000_000), r.randrange(100)
        amount = f"{grouped(whole, '.')},{cents:02d}" if not (bad and which == 0) else f"-{whole},{cents:02d}"
        price = f"€ {grouped(whole // 10, '.')},{cents:02d}" if not (bad and which == 1) else "€ n/a"
        share = f"{r.randrange(0, 10000) / 100}%" if not (bad and which == 2) else f"{r.randrange(101, 200)}%"
        units = f"{r.randrange(0, 5_000_000)} pcs" if not (bad and which == 3) else "pcs"
        plain = repr(r.random() * 1000) if not (bad and which == 4) else "1.2.3"
        return [str(i), amount, price, share, units, plain]
    return schema, header, row


def shape_booleans_missing(rows, r):
    schema = {"fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True}},
        {"name": "flag", "type": "boolean", "trueValues": ["yes", "Y"], "falseValues": ["no", "N"]},
        {"name": "active", "type": "boolean"},
        {"name": "score", "type": "number", "constraints": {"required": True}},
        {"name": "level", "type": "integer", "constraints": {"minimum": 1, "maximum": 5}},
        {"name": "status", "type": "string", "constraints": {"required": True, "enum": ["new", "open", "closed"]}},
    ], "missingValues": ["", "NA", "-"]}
    header = [f["name"] for f in schema["fields"]]

    def row(i):
        bad = r.random() < 0.01
        which = r.randrange(5)
        missing = r.choice(["", "NA", "-"])
        flag = r.choice(["yes", "Y", "no", "N", missing]) if not (bad and which == 0) else "maybe"
        active = r.choice(["true", "false", "True", "FALSE", "1", "0"]) if not (bad and which == 1) else "yes"
        score = repr(round(r.random(), 6)) if not (bad and which == 2) else missing
        level = str(r.randrange(1, 6)) if r.random() > 0.05 else missing
        if bad and which == 3:
            level = str(r.choice([0, 6, 9]))
        status = r.choice(["new", "open", "closed"]) if not (bad and which == 4) else r.choice(["pending", missing])
        return [str(i), flag, active, score, level, status]
    return schema, header, row


def shape_unique_strings(rows, r):
    schema = {"fields": [
        {"name": "sku", "type": "string", "constraints": {"unique": True, "required": True}},
        {"name": "email", "type": "string", "constraints": {"unique": True}},
        {"name": "name", "type": "string", "constraints": {"minLength": 2, "maxLength": 40}},
        {"name": "price", "type": "number", "constraints": {"minimum": 0}},
    ]}
    header = [f["name"] for f in schema["fields"]]
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

    def row(i):
        bad = r.random() < 0.01
        which = r.randrange(3)
        n = i if not (bad and which == 0) else max(1, i - r.randrange(1, 1000))
        sku = "".join(alphabet[(n * 7919 + k * 104729) % 32 ^ (n >> (k * 3)) % 32] for k in range(6)) + f"-{n}"
        e = i if not (bad and which == 1) else max(1, i - r.randrange(1, 1000))
        email = f"customer.{e}@shop.example"
        name = f"Product {i} " + "x" * r.randrange(0, 20) if not (bad and which == 2) else "P" * r.choice([1, 50])
        return [sku, email, name, f"{r.randrange(0, 100000) / 100}"]
    return schema, header, row


def shape_keys(rows, r):
    schema = {"$schema": "https://datapackage.org/profiles/2.0/tableschema.json", "fields": [
        {"name": "order_id", "type": "integer"},
        {"name": "line", "type": "integer"},
        {"name": "account", "type": "string"},
        {"name": "ref", "type": "string"},
        {"name": "parent_order", "type": "integer"},
        {"name": "quantity", "type": "integer", "constraints": {"minimum": 1}},
    ], "primaryKey": ["order_id", "line"], "uniqueKeys": [["account", "ref"]],
        "foreignKeys": [{"fields": "parent_order", "reference": {"resource": "", "fields": "order_id"}}]}
    header = [f["name"] for f in schema["fields"]]
    orders = max(1, rows // 3)

    def row(i):
        bad = r.random() < 0.01
        which = r.randrange(3)
        order, line = i // 3 + 1, i % 3 + 1
        if bad and which == 0:
            line = max(1, line - 1) if line > 1 else 2  # repeats a key of this order (or the next row's)
        account = f"acct-{order % 50000}"
        ref = f"R{i}" if not (bad and which == 1) else f"R{max(0, i - 3)}"
        # A parent order anywhere in the file, earlier or later; sometimes none; a few
        # beyond the file's orders.
        parent = "" if i % 4 else str(r.randrange(1, orders + 1))
        if bad and which == 2:
            parent = str(orders + 1 + r.randrange(1000))
        return [str(order), str(line), account, ref, parent, str(r.randrange(1, 20))]
    return schema, header, row


SHAPES = {"formats": shape_formats, "temporal": shape_temporal, "locale-numbers": shape_locale_numbers,
          "booleans-missing": shape_booleans_missing, "unique-strings": shape_unique_strings, "keys": shape_keys}


def make(shape, rows, folder):
    r = random.Random(f"{shape}-{rows}")
    schema, header, row = SHAPES[shape](rows, r)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"{shape}.schema.json"), "w") as fh:
        json.dump(schema, fh, indent=1)
        fh.write("\n")
    path = os.path.join(folder, f"{shape}-{rows}.csv")
    with open(path + ".part", "w", newline="") as fh:
        fh.write(",".join(header) + "\n")
        for i in range(rows):
            cells = row(i)
            fh.write(",".join(f'"{c}"' if ("," in c or '"' in c) else c for c in cells) + "\n")
    os.replace(path + ".part", path)
    return path


if __name__ == "__main__":
    if sys.argv[1:] == ["list"]:
        print("\n".join(SHAPES))
    elif len(sys.argv) == 5 and sys.argv[1] == "make":
        print(make(sys.argv[2], int(sys.argv[3]), sys.argv[4]))
    else:
        sys.exit(__doc__)
