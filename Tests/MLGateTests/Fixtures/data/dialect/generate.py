"""Writes cases.json: CSV texts, each with a Frictionless CSV dialect and the records
Python's csv module (which frictionless uses) reads from it.

    python3 generate.py        (from this directory; rewrites cases.json)

Each case: name, dialect (Frictionless keys; absent = default), text, records (a blank
line is []). The dialect maps to csv.reader options as frictionless's CsvControl.to_python
maps it: doubleQuote only counts when an escapeChar is set, an empty quoteChar means
QUOTE_NONE. The text is read as frictionless reads a file: a text stream opened with
newline='' (so CR, LF and CRLF all end lines).
"""
import csv
import io
import json
import sys


def read(text, dialect):
    options = {
        "delimiter": dialect.get("delimiter", ","),
        "quotechar": dialect.get("quoteChar", '"') or None,
        "quoting": csv.QUOTE_NONE if dialect.get("quoteChar", '"') == "" else csv.QUOTE_MINIMAL,
        "doublequote": dialect.get("doubleQuote", True) if dialect.get("escapeChar") else True,
        "escapechar": dialect.get("escapeChar"),
        "skipinitialspace": dialect.get("skipInitialSpace", False),
        "lineterminator": dialect.get("lineTerminator", "\r\n"),
        "strict": False,
    }
    return list(csv.reader(io.StringIO(text, newline=""), **options))


CASES = [
    ("default: quotes, doubled quotes, line breaks", {},
     'a,b,c\r\n"x,1","say ""hi""","multi\nline"\r\n1,2,3\n'),
    ("default: blank lines everywhere", {}, "\na,b\n\n1,2\r\n\r\n\r3,4\n\n"),
    ("default: lone CR ends records", {}, "a,b\r1,2\r3,4"),
    ("default: text after a closing quote is kept", {}, 'a,b\n"x"yz,"q"\n'),
    ("default: quote inside an unquoted field", {}, 'a,b\nsay "hi",x\n'),
    ("default: spaces kept", {}, "a, b\n 1 , 2 \n"),
    ("default: empty fields and a final delimiter", {}, "a,b,c\n,,\n1,\n"),
    ("default: quoted CRLF and lone CR kept", {}, 'a\n"x\r\ny\rz"\n'),
    ("default: non-ASCII", {}, "név,城市\nÉmile,東京\n"),
    ("semicolon", {"delimiter": ";"}, 'a;b\n1,5;"x;y"\n'),
    ("tab", {"delimiter": "\t"}, 'a\tb\n1\t"x\ty"\n"p ""q"""\t\n'),
    ("pipe and single quote", {"delimiter": "|", "quoteChar": "'"}, "a|b\n'x|y'|\"z\"\n'it''s'|1\n"),
    ("no quoting", {"quoteChar": ""}, 'a,b\n"x,y",z\n"unclosed,1\n'),
    ("escape, no double quote", {"escapeChar": "\\", "doubleQuote": False},
     'a,b\n"x\\"y",1\n"p""q",2\nu\\,v,3\n'),
    ("escape with double quote", {"escapeChar": "\\"},
     'a,b\n"x\\"y","p""q"\nu\\,v,w\\\\\n\\"lead,x\n'),
    ("escaped line feed continues the field", {"escapeChar": "\\"}, "a,b\nx\\\ny,z\nlast\\\n"),
    ("escaped CRLF ends the record after CR", {"escapeChar": "\\"}, "a,b\r\nx\\\r\ny,z\r\n"),
    ("escaped CR alone continues the field", {"escapeChar": "\\"}, "a,b\rx\\\ry,z\r"),
    ("escape inside a quoted field across lines", {"escapeChar": "\\"}, 'a\n"one\\\ntwo\nthree"\n'),
    ("escape at the very end", {"escapeChar": "\\"}, "a,b\nx,y\\"),
    ("escape and no quoting", {"escapeChar": "\\", "quoteChar": ""}, 'a,b\n"x\\,y",\\"z\n'),
    ("skip initial space", {"skipInitialSpace": True},
     'a, b,  c\n1,  "x, y",   \n  ,z\n   \n"q",  ""\n'),
    ("skip initial space with escape", {"skipInitialSpace": True, "escapeChar": "\\"}, "a, \\ b, c\n"),
    ("skip initial space, tab delimiter", {"skipInitialSpace": True, "delimiter": "\t"}, "a\t b\n 1\t  2\n"),
    ("no double quote, no escape (frictionless keeps doubling)", {"doubleQuote": False}, 'a\n"x""y"\n'),
    ("line terminator is ignored when reading", {"lineTerminator": ";"}, "a,b\r\n1,2\n3,4;5\r"),
    ("comment-looking lines are records to csv", {"commentChar": "#"}, "# note, \"quoted\"\na,b\n#x,1\n"),
    ("only blank lines", {}, "\n\r\n\r"),
    ("whitespace-only line", {}, "a\n  \n\t\n"),
]


def main():
    cases = []
    for name, dialect, text in CASES:
        cases.append({"name": name, "dialect": dialect, "text": text, "records": read(text, dialect)})
    json.dump({"python": sys.version.split()[0], "cases": cases}, open("cases.json", "w"), ensure_ascii=False, indent=1)
    open("cases.json", "a").write("\n")


if __name__ == "__main__":
    main()
