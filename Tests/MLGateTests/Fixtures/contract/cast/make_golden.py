#!/usr/bin/env python3
"""Builds cast.json: how frictionless-py reads cells, for FieldCastTests and TypeInferenceTests.

Run with the frictionless venv (see README.md):
    .build/frictionless-venv/bin/python Tests/MLGateTests/Fixtures/contract/cast/make_golden.py
"""
import datetime as dt
import decimal
import json
import math
import os
import sys

import frictionless
from frictionless import Detector, Field
from frictionless.fields.geopoint import geopoint as GeoPoint
from frictionless.fields.yearmonth import yearmonth as YearMonth
import isodate

EPOCH_DATE = dt.date(1970, 1, 1)
EPOCH = dt.datetime(1970, 1, 1)

# Cases where mlgate deliberately differs (README.md, "Deliberate differences"):
# (type, format, cell) -> reason. Written with "skip" so the Swift test counts them apart.
DEVIATIONS = {
    ("integer", None, "\u0661\u0662"): "non-ASCII decimal digits are not digits for mlgate",
    ("number", None, "\u0661.5"): "non-ASCII decimal digits are not digits for mlgate",
    ("number", None, "\u0661"): "non-ASCII decimal digits are not digits for mlgate",
    ("year", None, "\u0662\u0660\u0662\u0664"): "non-ASCII decimal digits are not digits for mlgate",
    ("date", None, "\uff11\uff12\uff13\uff14-01-01"): "non-ASCII decimal digits are not digits for mlgate",
    ("string", "email", "user@m\u00fcller.de"): "internationalised domains are not punycode-encoded",
    ("duration", None, "P1.5Y"): "fractional months are rounded to whole months",
}


def num(x):
    if isinstance(x, decimal.Decimal) and x.is_nan():
        return "NaN"
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def seconds_of_time(t):
    s = t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6
    if t.tzinfo is not None:
        s -= t.utcoffset().total_seconds()
    return s


def encode(ftype, value):
    if value is None:
        return None
    if ftype in ("string", "any"):
        return {"string": value}
    if ftype == "number":
        return {"number": num(value)}
    if ftype == "integer":
        return {"integer": str(value)}
    if ftype == "boolean":
        return {"boolean": value}
    if ftype == "date":
        return {"date": (value - EPOCH_DATE).days}
    if ftype == "time":
        return {"time": seconds_of_time(value)}
    if ftype == "datetime":
        if value.tzinfo is not None:
            s = (value.replace(tzinfo=None) - EPOCH).total_seconds() - value.utcoffset().total_seconds()
        else:
            s = (value - EPOCH).total_seconds()
        return {"datetime": s}
    if ftype == "year":
        return {"year": value}
    if ftype == "yearmonth":
        return {"yearmonth": [value.year, value.month]}
    if ftype == "duration":
        if isinstance(value, isodate.Duration):
            months = value.years * 12 + value.months
            return {"duration": [float(months), value.tdelta.total_seconds()]}
        return {"duration": [0.0, value.total_seconds()]}
    if ftype in ("object", "array", "geojson"):
        return {"json": json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)}
    if ftype == "geopoint":
        return {"geopoint": [num(value.lon), num(value.lat)]}
    raise ValueError(ftype)


OPTION_NAMES = {
    "decimalChar": "decimalChar", "groupChar": "groupChar", "bareNumber": "bareNumber",
    "trueValues": "trueValues", "falseValues": "falseValues", "delimiter": "delimiter", "itemType": "itemType",
}


def read(ftype, fmt, options, cell):
    descriptor = {"name": "f", "type": ftype}
    if fmt is not None:
        descriptor["format"] = fmt
    descriptor.update(options)
    field = Field.from_descriptor(descriptor)
    value, notes = field.read_cell(cell)
    if notes:
        return False, None
    if ftype == "list":
        item_type = options.get("itemType", "string")
        return True, {"list": [encode(item_type, v) for v in value]}
    return True, encode(ftype, value)


CASES = []


def add(ftype, cells, fmt=None, **options):
    for cell in cells:
        CASES.append((ftype, fmt, options, cell))


# string
add("string", ["abc", " padded ", "Zürich", "日本語", "emoji 😀", "0", "true"])
add("string", ["user@example.com", "first.last+tag@sub.example.co.uk", "a@b.co", "no-at-sign", "two@@example.com",
               "a@b@c.com", "@example.com", "user@", "user@localhost", "user@example.c", "user@example.c0m",
               "user@-example.com", "user@example-.com", "user@exa_mple.com", "user name@example.com",
               "\"quoted name\"@example.com", "\"quoted\\.ok\"@example.com", "user.@example.com", ".user@example.com",
               "us..er@example.com", "ñandú@example.com", "Üser@example.com", "user@example.com.", "USER@EXAMPLE.COM",
               "user@123.example.com", "user@example.123", "x" * 64 + "@example.com", "x" * 65 + "@example.com",
               "user@m\u00fcller.de", "user\n@example.com", "user@exam ple.com"], fmt="email")
add("string", ["http://example.com", "https://example.com/path?q=1#frag", "mailto:user@example.com", "urn:isbn:0451450523",
               "ftp://x", "example.com", "/relative/path", "1http://x", "h:", "a+b.c-d:rest", "://missing", "", "http//x",
               "data:text/plain,hello", "file:///tmp/x", "C:\\Windows", "ht tp://x"], fmt="uri")
add("string", ["123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000",
               "123e4567e89b12d3a456426614174000", "{123e4567-e89b-12d3-a456-426614174000}",
               "urn:uuid:123e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-42661417400",
               "123e4567-e89b-12d3-a456-4266141740000", "g23e4567-e89b-12d3-a456-426614174000", "not-a-uuid",
               "123e4567-e89b-12d3-a456_426614174000", "{{123e4567e89b12d3a456426614174000}}",
               "1-2-3-4-5-6-7-8-9-0-1-2-3-4-5-6-7-8-9-0-1-2-3-4-5-6-7-8-9-0-1-2"], fmt="uuid")
add("string", ["aGVsbG8=", "aGVsbG8", "aGVsbA==", "aGVsbA=", "aGVsbA", "aGVs", "a", "ab", "abc", "abcd", "ab==", "a===",
               "aGVs bG8=", "aGVs*bG8=", "!!!!", "aGVsbG8=junk", "====", "ab=c", "abc=", "héllo", "YQ==YQ=="], fmt="binary")

# number
add("number", ["1", "-1", "+1", "1.5", "-0.0", ".5", "5.", "1e5", "1E-5", "1.5e+3", " 1.5 ", "\t2\n", "1_000", "1__000",
               "_1", "1_", "NaN", "nan", "-nan", "sNaN", "NaN12", "inf", "-Infinity", "INF", "infinity", "infinit",
               "0001", "00.5", "1,000", "1.000,5", "$1,000", "95%", "abc", "1e", "e5", ".", "-", "+", "1.2.3",
               "0x10", "1e999", "12345678901234567890123", "1 000", "\u00a01\u00a0", "\u0661.5", "١"])
add("number", ["1,000.5", "1,000", "1,0,0,0", "1000", "1.5", "-1,234.5", "1,000,000"], groupChar=",")
add("number", ["1.000,5", "1000,5", "1.5", "1,5", "-2,25", "1 000,5"], decimalChar=",", groupChar=".")
add("number", ["1,5", "1.5", "1 000,5"], decimalChar=",")
add("number", ["1 000,5", "1 000.5"], decimalChar=",", groupChar=" ")
add("number", ["$1,000", "$1000", "95%", "€ 12.50", "12.50 EUR", "-$5", "USD -5", "abc", "1.5.", "%", "-5%", "5-"], bareNumber=False)
add("number", ["$1,000.50", "1,000 USD", "EUR 1.000,5"], bareNumber=False, groupChar=",")
add("number", ["EUR 1.000,5"], bareNumber=False, groupChar=".", decimalChar=",")

# integer
add("integer", ["0", "1", "-1", "+1", "0001", "-007", " 42 ", "1_000", "1__000", "_1", "1_", "1.0", "1e5", "1.5", "abc",
                "", "-", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                "123456789012345678901234567890", "-000123456789012345678901234567890", "\u0661\u0662", "1 000",
                "\u20031\u2003", "0x10", "NaN", "inf"])
add("integer", ["$1000", "1000 USD", "95%", "-5%", "USD -5", "abc", "1,000", "-$5", "5-", "1.5"], bareNumber=False)

# boolean
add("boolean", ["true", "True", "TRUE", "1", "false", "False", "FALSE", "0", "tRUE", "yes", "no", " true", "true ", "t", "2", "1.0"])
add("boolean", ["yes", "Y", "no", "N", "true", "maybe"], trueValues=["yes", "Y"], falseValues=["no", "N"])
add("boolean", ["x", "y"], trueValues=["x"], falseValues=["x", "y"])

# date
add("date", ["2024-02-29", "2023-02-29", "2024-01-31", "2024-1-5", "2024-01- 5", "2024-13-01", "2024-00-10", "2024-01-00",
             "2024-01-32", "2024-04-31", "0001-01-01", "0000-01-01", "9999-12-31", "24-01-01", "2024/01/01", "20240101",
             " 2024-01-01", "2024-01-01 ", "2024-01-01T00:00:00", "2024-01-1x", "2024-1-10", "2024-10-5", "１２３４-01-01",
             "2024-01-01\n", "2024-12-3", "2024-12-30"])
add("date", ["31/12/2024", "1/2/2024", "29/02/2023", "29/02/2024", "2024-12-31", "31/12/24"], fmt="%d/%m/%Y")
add("date", ["12/31/24", "01/01/69", "01/01/68", "1/1/00"], fmt="%m/%d/%y")
add("date", ["31 Dec 2024", "31 dec 2024", "1 DECEMBER 2024", "31 December 2024", "31 Dez 2024"], fmt="%d %b %Y")
add("date", ["December 31, 2024", "may 1, 2024", "Sept 1, 2024"], fmt="%B %d, %Y")
add("date", ["2024-060", "2023-366", "2024-366", "2024-000"], fmt="%Y-%j")
add("date", ["02-29", "03-01"], fmt="%m-%d")
add("date", ["2024-01-15", "2024-01-15 10:30"], fmt="fmt:%Y-%m-%d")
add("date", ["2024  01 15", "2024 01 15", "2024\t01 15"], fmt="%Y %m %d")
add("date", ["2024-01-15", "2024/01/15", "01/15/2024", "15/01/2024", "Jan 15 2024", "January 15, 2024", "15 Jan 2024",
             "2024-01-15T10:00:00", "20240115", "garbage", "2024-02-30"], fmt="any")

# datetime
add("datetime", ["2024-01-15T10:20:30", "2024-01-15T10:20:30Z", "2024-01-15T10:20:30z", "2024-01-15T10:20:30+02:00",
                 "2024-01-15T10:20:30-0530", "2024-01-15T10:20:30+02", "2024-01-15T10:20:30.5", "2024-01-15T10:20:30.123456789",
                 "2024-01-15T10:20:30,25Z", "2024-01-15 10:20:30", "2024-01-15x10:20:30", "2024-01-15T10:20", "2024-01-15",
                 "2024-01-15T24:00:00", "2024-01-15T24:00:01", "2024-01-15T25:00:00", "2024-01-15T10:60:00",
                 "2024-01-15T10:20:60", "2024-02-30T10:20:30", "2024-W03-1T10:20:30", "2024-01-15T10:20:30+24:00",
                 "2024-01-15T10:20:30+00:00", "2024-01-15T10:20:30-00:00", "2024-01-15T10:20:30+02:60",
                 "2024-01-15T10:20:30 ", " 2024-01-15T10:20:30", "2024-01-15T102030", "20240115T10:20:30",
                 "9999-12-31T24:00:00", "2024-01-15T10:20:30+0200", "2024-01-15T10:20:30+02:00:00",
                 "2024-01-15T10:20:30.Z", "2024-01-15T10:20:30Zjunk", "2024-1-15T10:20:30", "2024-01-15T10:20:30.000001+01:00"])
add("datetime", ["15/01/2024 10:20", "15/01/2024 10:20:30", "15/01/2024 9:05"], fmt="%d/%m/%Y %H:%M")
add("datetime", ["2024-01-15T10:20:30+0200", "2024-01-15T10:20:30+02:00", "2024-01-15T10:20:30Z", "2024-01-15T10:20:30z",
                 "2024-01-15T10:20:30+02:0030", "2024-01-15T10:20:30+02:00:30", "2024-01-15T10:20:30+99:00",
                 "2024-01-15T10:20:30-05:30", "2024-01-15T10:20:30", "2024-01-15T10:20:30+0200:30",
                 "2024-01-15T10:20:30+02:00:30.5", "2024-01-15T10:20:30+020030.123456", "2024-01-15T10:20:30+2400",
                 "2024-01-15T10:20:30-2359"], fmt="%Y-%m-%dT%H:%M:%S%z")
add("datetime", ["2024-01-15 10:20:30.5", "2024-01-15 10:20:30.123456", "2024-01-15 10:20:30.1234567"], fmt="%Y-%m-%d %H:%M:%S.%f")
add("datetime", ["01/15/2024 12:00 AM", "01/15/2024 12:00 PM", "01/15/2024 1:30 pm", "01/15/2024 13:30 PM"], fmt="%m/%d/%Y %I:%M %p")
add("datetime", ["2024-01-15 10:20:60", "2024-01-15 10:20:61", "2024-01-15 10:20:62"], fmt="%Y-%m-%d %H:%M:%S")
add("datetime", ["2024-01-15T10:20:30Z", "2024-01-15 10:20", "Jan 15 2024 10:20 PM", "01/15/2024 10:20:30", "2024-01-15T10:20:30+02:00", "nope"], fmt="any")

# time
add("time", ["10:20:30", "00:00:00", "23:59:59", "24:00:00", "24:00:01", "25:00:00", "10:60:00", "10:20:60", "10:20",
             "10:20:30Z", "10:20:30+02:00", "10:20:30-0130", "10:20:30.5", "10:20:30,123456789", "1:20:30", "10:20:3",
             "102030", "10:20:30 ", " 10:20:30", "10:20:30+25:00", "T10:20:30", "10:20:30.5+01:00", "01:00:00+02:00"])
add("time", ["10:20", "9:05", "10:20:30"], fmt="%H:%M")
add("time", ["10:20 PM", "12:00 am"], fmt="%I:%M %p")
add("time", ["10:20:30+0100"], fmt="%H:%M:%S%z")
add("time", ["10:20", "10:20:30 PM", "10:20:30Z"], fmt="any")

# year, yearmonth
add("year", ["2024", "0999", "999", "10000", "0000", "-999", "+999", " 999", "1_00", "20.4", "abcd", "9999", "٢٠٢٤"])
add("yearmonth", ["2024-01", "2024-12", "2024-13", "2024-00", "2024-1", "2024-001", "24-01", "2024", "2024-01-01",
                  " 2024- 01", "-2024-01", "10000-01", "2024/01", "+2024-+1", "2024_0-01"])

# duration
add("duration", ["P1Y2M3DT4H5M6S", "PT0.5S", "P1W", "PT", "P", "P1Y", "P1M", "PT1M", "-P1D", "+P1D", "P1,5D", "PT36H",
                 "P1DT", "P1Y2M", "1Y", "P1D2Y", "PT1H2H", "p1d", "P1.5Y", "P0001-02-03T04:05:06", "P00010203T040506",
                 "P0000-01-01T00:00:00", "PT1.S", "P1D\n", "P-1D", "P10W2D", "PT1000000H"])

# object / array / geojson
add("object", ['{"a": 1}', '{}', '{"b": 2, "a": [1, 2.5, "x"]}', '[]', '"x"', "1", "null", "{bad}", '{"a": NaN}',
               '{"a": Infinity}', ' {"a": 1} ', '{"a": 1}x', '{"a": 1, "a": 2}', '{"ü": "é"}', '{"a": 1e400}',
               '{"a": 12345678901234567890}', '{"a": "\\u00e9\\ud83d\\ude00"}', "{'a': 1}", '{"a": 1.0}', '{"a": -0}',
               '{"a": true, "b": null}', '{"a": 1,}', '{"a": "line\\nbreak"}'])
add("array", ['[]', '[1, 2, 3]', '["a", {"b": 1}]', '{}', '[1,]', '[1] ', 'x', '[NaN, -Infinity]', '[[1], [2, [3]]]', '[0.1, 1e16, 1e-5, 123456789.125]'])
add("geojson", ['{"type": "Point", "coordinates": [10, 20]}', '{"type": "Point", "coordinates": [10, 20, 30]}',
                '{"type": "Point", "coordinates": [10]}', '{"type": "Point"}', '{"type": "LineString", "coordinates": [[0, 0], [1, 1]]}',
                '{"type": "LineString", "coordinates": [[0, 0]]}',
                '{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}',
                '{"type": "Feature", "geometry": null, "properties": {}}', '{"type": "Feature", "geometry": null}',
                '{"type": "FeatureCollection", "features": []}', '{"type": "GeometryCollection", "geometries": []}',
                '{"a": 1}', '{}', '[1, 2]', '{"type": "Unknown", "coordinates": [1, 2]}',
                '{"type": "Point", "coordinates": ["1", 2]}', '{"type": "Point", "coordinates": [true, 2]}',
                '{"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]}',
                '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": null, "id": 7}',
                '{"type": "Point", "coordinates": [1, 2], "bbox": [1, 2, 3, 4]}',
                '{"type": "Point", "coordinates": [1, 2], "crs": {"type": "name", "properties": {"name": "EPSG:4326"}}}',
                '{"type": "Point", "coordinates": [1, 2], "crs": {"type": "other", "properties": {}}}'])

# list
add("list", ["a,b,c", "a", "", "a,,b", " a , b "])
add("list", ["1,2,3", "1, 2", "1,x", "1,,2"], itemType="integer")
add("list", ["1;2.5;-3", "1;2,5"], itemType="number", delimiter=";")
add("list", ["true,false,1", "true,yes"], itemType="boolean")
add("list", ["2024-01-01|2024-02-30", "2024-01-01|2024-02-03"], itemType="date", delimiter="|")
add("list", ["2024-01-15T10:20:30Z,2024-01-15T10:20:30+02:00"], itemType="datetime")
add("list", ["10:20:30,23:00:00"], itemType="time")
add("list", ["a::b::c"], delimiter="::")

# geopoint
add("geopoint", ["10.5, 20", "10,20", "180,90", "-180,-90", "180.1,0", "0,90.5", "0,-91", "10", "10,20,30", "a,b",
                 " 10 , 20 ", "NaN,0", "inf,0", "1_0,2_0", "1e1,2e1", "", ",", "10;20"])
add("geopoint", ["[10, 20]", "[10.5,-20.25]", "[181, 0]", "[1]", "[1, 2, 3]", '["10", "20"]', "[true, false]", '"12"',
                 '{"1": 0, "2": 0}', "[null, 1]", "10,20", "[NaN, 0]"], fmt="array")
add("geopoint", ['{"lon": 10, "lat": 20}', '{"lat": 20, "lon": 10}', '{"lon": 10, "lat": 95}', '{"lon": 10}',
                 '{"lon": 10, "lat": 20, "alt": 1}', '{"lon": "10", "lat": "20"}', '{"x": 1, "y": 2}', "[10, 20]"], fmt="object")

# Seeded mutations of typical cells: characters swapped, dropped, doubled or inserted.
def mutations(seeds, count, alphabet, seed):
    import random
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        text = list(rng.choice(seeds))
        for _ in range(rng.randint(1, 2)):
            op = rng.randrange(4)
            i = rng.randrange(len(text) + 1)
            if op == 0 and text:
                del text[min(i, len(text) - 1)]
            elif op == 1:
                text.insert(i, rng.choice(alphabet))
            elif op == 2 and text:
                text[min(i, len(text) - 1)] = rng.choice(alphabet)
            elif text:
                j = min(i, len(text) - 1)
                text.insert(j, text[j])
        cell = "".join(text)
        if cell and cell not in out:
            out.append(cell)
    return out


add("number", mutations(["-1.5e3", "1_000.25", "+.5", "NaN", "Infinity", "0.001"], 40, "0123456789.-+eE_ ni", 1))
add("integer", mutations(["-1_000", "+42", "007", "123456789012345678901"], 30, "0123456789_-+ .", 2))
add("date", mutations(["2024-02-29", "2023-12-31", "2024-1-5"], 30, "0123456789- /", 3))
add("datetime", mutations(["2024-01-15T10:20:30Z", "2024-01-15T10:20:30.5+02:00", "2024-01-15 10:20:30-0530"], 40, "0123456789-:+TZ., ", 4))
add("time", mutations(["10:20:30", "10:20:30.25Z", "23:59:59+01:00"], 30, "0123456789:+-Z.", 5))
add("duration", mutations(["P1Y2M3DT4H5M6S", "PT0.5S", "P1W", "-P2D"], 30, "0123456789PYMWDTHS.,-", 6))
add("yearmonth", mutations(["2024-01", "1999-12"], 15, "0123456789- +", 7))
add("year", mutations(["2024", "0999"], 10, "0123456789 +-_", 8))
add("geopoint", mutations(["10.5, 20", "-180,90"], 15, "0123456789., -", 9))
add("string", mutations(["user@example.com", "first.last@sub.example.org"], 20, "@.-_ aZ9\"", 10), fmt="email")
add("string", mutations(["123e4567-e89b-12d3-a456-426614174000"], 15, "0123456789abcdefg-{}", 11), fmt="uuid")
add("string", mutations(["aGVsbG8=", "aGVsbA=="], 15, "aZ09+/=-_ ", 12), fmt="binary")

# any
add("any", ["anything", "1", "2024-01-01", "日本"])


def build_cases():
    out = []
    for ftype, fmt, options, cell in CASES:
        if cell == "":
            continue  # a missing value: the caller removes those before casting
        valid, value = read(ftype, fmt, options, cell)
        case = {"type": ftype, "format": fmt, "options": options, "cell": cell, "valid": valid, "value": value}
        key = (ftype, fmt, cell)
        if key in DEVIATIONS:
            case["skip"] = DEVIATIONS[key]
        if fmt == "any" and ftype in ("date", "datetime") and valid:
            # dateutil fills missing fields from today; keep only the verdict when the
            # text has no full date.
            pass
        out.append(case)
    return out


# inference
COLUMNS = [
    ["1", "2", "3"],
    ["1", "2", "x"],
    ["1", "2", "3", "4", "5", "6", "7", "8", "9", "x"],
    ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "x"],
    ["1.5", "2", "3"],
    ["1", "0", "1"],
    ["true", "false", "True"],
    ["true", "false", "1"],
    ["2024-01-01", "2024-02-03"],
    ["2024-01-01T10:00:00", "2024-01-01T11:00:00Z"],
    ["10:00:00", "11:30:00"],
    ["2024-01", "2024-02"],
    ["2024", "2025"],
    ["P1D", "PT2H"],
    ["10,20", "30,40"],
    ['{"a": 1}', '{"b": 2}'],
    ['[1]', '[2, 3]'],
    ['{"type": "Point", "coordinates": [1, 2]}'],
    ["a", "b"],
    ["", "", ""],
    ["", "1", "2"],
    ["", "", "", "", "", "", "", "", "1", "x"],
    ["1", "", "", "", "", "", "", "", "", "x"],
    [],
    ["NaN", "1"],
    ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "a", "b"],
    ["1"] * 150 + ["x"] * 50,
    ["x"] * 5 + ["1"] * 120,
    ["2024-01-01", "x", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-06", "2024-01-07", "2024-01-08", "2024-01-09", "2024-01-10"],
]

COLUMNS_NA = [
    (["NA", "1", "2"], ["NA"]),
    (["", "1", "2"], ["NA"]),
    (["", "x", "2"], ["NA", ""]),
]


def infer(column, missing_values=None):
    detector = Detector(field_missing_values=missing_values) if missing_values else Detector()
    fragment = [[cell] for cell in column][:100]
    schema = detector.detect_schema(fragment, labels=["x"])
    field = schema.fields[0]
    fmt = field.format if field.format != "default" else None
    return field.type, fmt


def build_inference():
    out = []
    for column in COLUMNS:
        t, f = infer(column)
        out.append({"cells": column, "missingValues": [""], "type": t, "format": f})
    for column, na in COLUMNS_NA:
        t, f = infer(column, na)
        out.append({"cells": column, "missingValues": na, "type": t, "format": f})
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = {
        "generator": "make_golden.py",
        "frictionless": frictionless.__version__ if hasattr(frictionless, "__version__") else "unknown",
        "python": sys.version.split()[0],
        "cases": build_cases(),
        "inference": build_inference(),
    }
    with open(os.path.join(here, "cast.json"), "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1, allow_nan=False)
        f.write("\n")
    print(f"{len(data['cases'])} cases, {len(data['inference'])} inference columns")


if __name__ == "__main__":
    main()
