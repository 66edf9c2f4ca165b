#!/usr/bin/env python3
"""Writes the input files (data, schema.json, dialect.json) of every case.

The inputs are committed; this script is their source of truth, kept so that
byte-exact inputs (BOM, CRLF, lone CR, invalid UTF-8, gzip with mtime 0) can
be recreated or extended. It rewrites a case folder from scratch (removing its
expected.json), so run make_golden.py afterwards:

    python3 make_cases.py [case ...]
    ../../../../../.build/frictionless-venv/bin/python make_golden.py [case ...]

Plain python3, no dependencies.
"""
import gzip, io, json, os, sys
ROOT = os.path.dirname(os.path.abspath(__file__))
CASES = {}
V2 = "https://datapackage.org/profiles/2.0/tableschema.json"

def case(name, data, schema=None, dialect=None, data_name="data.csv"):
    CASES[name] = dict(data=data, schema=schema, dialect=dialect, data_name=data_name)

def f(name, type="string", **kw):
    d = {"name": name, "type": type}
    d.update(kw)
    return d

def S(*fields, **kw):
    d = {"fields": list(fields)}
    d.update(kw)
    return d

# ---------------- header ----------------
case("header-blank-label", "id,,age\n1,x,30\n2,y,40\n",
     S(f("id", "integer"), f("name"), f("age", "integer")))
case("header-duplicate-label", "id,name,name,id\n1,a,b,2\n2,c,d,3\n",
     S(f("id", "integer"), f("name"), f("name2"), f("id2", "integer")))
case("header-missing-label", "id,name\n1,a\n2,b\n3,c\n",
     S(f("id", "integer"), f("name"), f("age", "integer")))
case("header-extra-label", "id,name,age,extra\n1,a,30,x\n2,b,40,y\n",
     S(f("id", "integer"), f("name"), f("age", "integer")))
case("header-incorrect-label", "id,nme,Age\n1,a,30\n2,b,40\n",
     S(f("id", "integer"), f("name"), f("age", "integer")))
case("header-combined-order", "a,,a,x,y\n1,2,3,4,5\n",
     S(f("a", "integer"), f("b", "integer"), f("c", "integer")))
case("header-first-line-empty", "\nid,name\n1,a\nx,b\n",
     S(f("id", "integer"), f("name")))
case("fields-match-exact-reordered", "name,id\na,1\nb,2\n",
     S(f("id", "integer"), f("name")))
case("fields-match-equal", "name,id,extra\na,1,x\nb,zz,y\n",
     S(f("id", "integer"), f("name"), f("age", "integer"), fieldsMatch="equal"))
case("fields-match-subset", "extra,name,id\nx,a,1\ny,b,2\n",
     S(f("id", "integer"), f("name"), f("age", "integer"), fieldsMatch="subset"))
case("fields-match-superset", "name,extra\na,x\nb,y\n",
     S(f("id", "integer", constraints={"required": True}), f("name"), f("age", "integer"),
       fieldsMatch="superset"))
case("fields-match-partial", "extra,name\nx,a\ny,\n",
     S(f("id", "integer", constraints={"required": True}), f("name", constraints={"required": True}),
       f("age", "integer"), fieldsMatch="partial"))
case("fields-match-partial-unmatched", "x,y\n1,2\n3,4\n",
     S(f("id", "integer"), f("name"), fieldsMatch="partial"))
case("fields-match-equal-duplicate-labels", "id,id\n1,2\n",
     S(f("id", "integer"), fieldsMatch="equal"))

# ---------------- rows ----------------
case("blank-row", "id,name,score\n1,a,10\n,,\n\n2,b,20\nNA,,\n,,,\n,,,x\n3,c,30\n",
     S(f("id", "integer"), f("name"), f("score", "integer"), missingValues=["", "NA"]))
case("extra-and-missing-cells", "id,name,age\n1,a,30\n2,b\n3\n4,d,40,x,y\n5,e,50,\n6,,\n",
     S(f("id", "integer"), f("name"), f("age", "integer", constraints={"required": True})))

# ---------------- types ----------------
case("type-string-formats",
     "email,uri,uuid,binary\n"
     "a@example.com,https://example.com/x,f47ac10b-58cc-4372-a567-0e02b2c3d479,aGVsbG8=\n"
     "not-an-email,example.com,not-a-uuid,abc\n"
     "a@b,ftp://x,F47AC10B-58CC-4372-A567-0E02B2C3D479,aGVsbG8\n"
     "a b@example.com,mailto:me@example.com,f47ac10b58cc4372a5670e02b2c3d479,!!!!\n",
     S(f("email", format="email"), f("uri", format="uri"), f("uuid", format="uuid"),
       f("binary", format="binary")))
case("type-number",
     "plain,euro,grouped,bare\n"
     "1.5,\"1,5\",\"1,234.5\",€12.50\n"
     " 2 ,\"1.234,5\",\"1,2,3\",12%\n"
     "1e3,1.5,1234,-7 USD\n"
     "NaN,\"1.234.567,8\",\"12,34\",abc\n"
     "-Infinity,\"1 234,5\",\"1 234\",$-1.5\n"
     "1_000,\",5\",\".5\",1.2.3\n"
     "abc,x,,\n"
     "0x10,,,\n",
     S(f("plain", "number"),
       f("euro", "number", decimalChar=",", groupChar="."),
       f("grouped", "number", groupChar=","),
       f("bare", "number", bareNumber=False)))
case("type-integer",
     "plain,bare\n"
     "1,$1\n"
     " 2 ,2 items\n"
     "+3,-3 €\n"
     "1.0,1.5\n"
     "1e3,USD\n"
     "1_000,1_000\n"
     "007,x7y\n"
     "abc,\n"
     "١٢,12.\n",
     S(f("plain", "integer"), f("bare", "integer", bareNumber=False)))
case("type-boolean",
     "default,custom\n"
     "true,yes\n"
     "False,no\n"
     "1,Y\n"
     "0,N\n"
     "yes,true\n"
     "TRUE, yes\n"
     "tRuE,YES\n",
     S(f("default", "boolean"), f("custom", "boolean", trueValues=["yes", "Y"], falseValues=["no", "N"])))
case("type-date",
     "default,any,pattern\n"
     "2024-01-31,2024-01-31,31/01/2024\n"
     "2024-1-5,Jan 5 2024,5/1/2024\n"
     "2024-02-30,05.01.2024,2024-01-31\n"
     "24-01-31,not a date,31/13/2024\n"
     "2024-01-31T00:00:00,2024-01-31T10:00:00,31/01/24\n"
     "20240131,,\n",
     S(f("default", "date"), f("any", "date", format="any"), f("pattern", "date", format="%d/%m/%Y")))
case("type-datetime",
     "default,any,pattern\n"
     "2024-01-31T10:20:30,2024-01-31 10:20,31/01/2024 10:20\n"
     "2024-01-31T10:20:30Z,Jan 31 2024 10am,31/01/2024 25:00\n"
     "2024-01-31T10:20:30+02:00,tomorrow,2024-01-31 10:20\n"
     "2024-01-31 10:20:30,2024-01-31,\n"
     "2024-01-31T10:20,,\n"
     "2024-01-31T10:20:30.123456,,\n"
     "2024-01-31X10:20:30,,\n"
     "2024-01-31,,\n",
     S(f("default", "datetime"), f("any", "datetime", format="any"),
       f("pattern", "datetime", format="%d/%m/%Y %H:%M")))
case("type-time",
     "default,any,pattern\n"
     "10:20:30,10:20,10h20\n"
     "10:20,10am,10:20\n"
     "25:00:00,noon,25h00\n"
     "10:20:30Z,,\n"
     "10:20:30.5,,\n"
     "1:20:30,,\n",
     S(f("default", "time"), f("any", "time", format="any"), f("pattern", "time", format="%Hh%M")))
case("type-year-yearmonth-duration",
     "year,yearmonth,duration\n"
     "2024,2024-01,P1Y2M3DT4H5M6S\n"
     "24,2024-13,PT1.5S\n"
     "20245,2024/01,1 day\n"
     "+999,2024-1,P1W\n"
     "abcd,202401,-P1D\n"
     "-999,2024-00,P\n",
     S(f("year", "year"), f("yearmonth", "yearmonth"), f("duration", "duration")))
case("type-object-array",
     "object,array\n"
     "\"{\"\"a\"\": 1}\",\"[1, 2]\"\n"
     "{},[]\n"
     "\"[1, 2]\",\"{\"\"a\"\": 1}\"\n"
     "not json,not json\n"
     "null,null\n"
     "\"{'a': 1}\",\"['a']\"\n",
     S(f("object", "object"), f("array", "array")))
case("type-list",
     "tags,nums\n"
     "a;b;c,1;2;3\n"
     "single,4\n"
     "a;;b,5;;6\n"
     "x,1;two;3\n"
     "x,1.5\n",
     S(f("tags", "list", delimiter=";"), f("nums", "list", delimiter=";", itemType="integer")))
case("type-geopoint",
     "default,array,object\n"
     "\"10.5, 20.25\",\"[10.5, 20.25]\",\"{\"\"lon\"\": 10.5, \"\"lat\"\": 20.25}\"\n"
     "\"200, 20\",\"[10, 95]\",\"{\"\"lat\"\": 20}\"\n"
     "10 20,\"[10]\",\"{\"\"lon\"\": 1, \"\"lat\"\": 2, \"\"x\"\": 3}\"\n"
     "\"-180,-90\",\"[\"\"10\"\", \"\"20\"\"]\",\"{\"\"lon\"\": \"\"a\"\", \"\"lat\"\": 2}\"\n",
     S(f("default", "geopoint"), f("array", "geopoint", format="array"),
       f("object", "geopoint", format="object")))
case("type-any",
     "any,n\nanything,1\n123,2\n  ,3\n{},4\n",
     S(f("any", "any", constraints={"enum": ["anything", "123", "{}"]}), f("n", "integer")))
case("schema-invalid-string-format", "code\nABC\n",
     S(f("code", "string", format="custom-format")))

# ---------------- constraints ----------------
case("constraint-required",
     "id,name,score\n1,a,1\n2,,2\n3,NA,\n,c,3\n",
     S(f("id", "integer", constraints={"required": True}),
       f("name", constraints={"required": True}),
       f("score", "number", constraints={"required": True}),
       missingValues=["", "NA"]))
case("constraint-numeric-bounds",
     "int,num\n5,5.0\n0,0\n10,10\n11,10.01\n-1,-0.5\n1,0.1\nabc,abc\n",
     S(f("int", "integer", constraints={"minimum": 0, "maximum": 10}),
       f("num", "number", constraints={"exclusiveMinimum": 0, "exclusiveMaximum": 10}),
       **{"$schema": V2}))
case("constraint-exclusive-v1-rejected", "num\n5\n0\n",
     S(f("num", "number", constraints={"exclusiveMinimum": 0})))
case("constraint-multiple-per-cell",
     "code,n\nab,5\nabcdefg,50\nZZ,-5\n",
     S(f("code", constraints={"minLength": 3, "maxLength": 5, "pattern": "[a-z]+", "enum": ["abc", "abcd"]}),
       f("n", "integer", constraints={"minimum": 0, "maximum": 10, "enum": [1, 2, 5]})))
case("constraint-date-bounds",
     "d,dt\n2024-06-15,2024-06-15T12:00:00\n2023-12-31,2025-01-01T00:00:00\n2025-01-01,2024-01-01T00:00:00\nbad,bad\n",
     S(f("d", "date", constraints={"minimum": "2024-01-01", "maximum": "2024-12-31"}),
       f("dt", "datetime", constraints={"minimum": "2024-01-01T00:00:01", "maximum": "2024-12-31T23:59:59"})))
case("constraint-string",
     "code,word,grade\n"
     "AB12,hello,A\n"
     "ab12,hi,B\n"
     "AB123,hello world,a\n"
     "XAB12,toolongword,F\n"
     "\"AB12\n\",,C\n",
     S(f("code", constraints={"pattern": "[A-Z]{2}\\d{2}"}),
       f("word", constraints={"minLength": 3, "maxLength": 10}),
       f("grade", constraints={"enum": ["A", "B", "C"]})))
case("constraint-enum-typed",
     "int,num,flag,d\n1,1.0,true,2024-01-01\n01,1.50,1,2024-1-1\n3,2.5,false,2024-01-02\n",
     S(f("int", "integer", constraints={"enum": [1, 2]}),
       f("num", "number", constraints={"enum": [1, 1.5]}),
       f("flag", "boolean", constraints={"enum": [True]}),
       f("d", "date", constraints={"enum": ["2024-01-01"]})))

# ---------------- missing values ----------------
case("missing-values-schema-and-field",
     "a,b,c\nNA,NA,NA\n-,-,-\n,,\nn/a,x,1\n",
     S(f("a", "integer"), f("b", "integer", missingValues=["-"]),
       f("c", "integer", missingValues=[]),
       missingValues=["NA", "n/a"]))

# ---------------- unique / keys ----------------
case("unique-constraint",
     "id,code,n\n1,a,1\n2,A,01\n3,a,1.0\n,b,\n,b,\n1,c,2\n",
     S(f("id", "integer", constraints={"unique": True}),
       f("code", constraints={"unique": True}),
       f("n", "number", constraints={"unique": True})))
case("blank-row-with-keys", "id,code,name\n1,a,x\n,,\n2,b,y\n,,\n",
     S(f("id", "integer"), f("code", constraints={"unique": True}),
       f("name", constraints={"required": True}), primaryKey=["id"]))
case("primary-key-single",
     "id,name\n1,a\n2,b\n01,c\n,d\n,e\nx,f\n",
     S(f("id", "integer"), f("name"), primaryKey="id"))
case("primary-key-composite",
     "a,b,v\n1,x,1\n1,y,2\n1,x,3\n,x,4\n,x,5\n,,6\n,,7\n2,,8\n2,,9\n",
     S(f("a", "integer"), f("b"), f("v", "integer"), primaryKey=["a", "b"]))
# Foreign keys within the table (a self-reference, resource ""): a reference to a later
# row resolves, a missing key is skipped, a type error reads as missing, a row may
# reference itself; numbers compare equal to integers as Python's Decimal does.
case("foreign-key-self",
     "id,parent_id,name\n1,,root\n2,1,a\n3,5,b\n4,9,c\n5,1,d\n6,x,e\n,2,f\n7,7,g\n8,10,h\n\n9,9.0,i\n",
     S(f("id", "integer"), f("parent_id", "number"), f("name"),
       foreignKeys=[{"fields": "parent_id", "reference": {"resource": "", "fields": "id"}}]))
case("foreign-key-composite",
     "country,code,parent_code,n\nde,a,,1\nde,b,a,2\nfr,a,b,3\nfr,b,a,4\nde,c,z,5\n,d,a,6\n,,,7\nde,e,b,-1\n",
     S(f("country"), f("code"), f("parent_code"), f("n", "integer", constraints={"minimum": 0}),
       primaryKey=["country", "code"],
       foreignKeys=[{"fields": ["country", "parent_code"], "reference": {"resource": "", "fields": ["country", "code"]}}]))
case("foreign-key-two-keys",
     "id,manager,mentor\n1,,\n2,1,3\n3,4,1\n4,2,9\n5,7,8\n",
     S(f("id", "integer", constraints={"unique": True}), f("manager", "integer"), f("mentor", "integer"),
       foreignKeys=[{"fields": ["manager"], "reference": {"resource": "", "fields": ["id"]}},
                    {"fields": "mentor", "reference": {"fields": "id", "resource": ""}}]))
case("unique-keys-v2",
     "a,b\n1,x\n1,x\n",
     S(f("a", "integer"), f("b"), uniqueKeys=[["a", "b"]], **{"$schema": V2}))

# ---------------- schema-less ----------------
case("schemaless-infer-types",
     "id,price,active,day,label,empty\n"
     + "".join(f"{i},{i}.5,{'true' if i % 2 else 'false'},2024-01-{i:02d},item{i},\n" for i in range(1, 20))
     + "x,cheap,maybe,soon,item20,\n")
case("schemaless-confidence-order",
     "a,b,c\n"
     "x,1,1\n"
     + "".join(f"{i},{i},{i}\n" for i in range(1, 10))
     + "11,1.5,\n")
case("schemaless-header-quirks", "id,,id\n1,2,3\n4,5,6\n")

# ---------------- CSV quirks ----------------
case("csv-quoted-fields",
     "id,text,n\n"
     "1,\"a, b\",1\n"
     "2,\"line1\nline2\",2\n"
     "3,\"say \"\"hi\"\"\",3\n"
     "4,ab\"c\"d,4\n"
     "5,\"x\"y,5\n"
     "6,  \"pad\"  ,6\n"
     "7,\"\",x\n",
     S(f("id", "integer"), f("text"), f("n", "integer")))
case("csv-crlf-bom", b"\xef\xbb\xbfid,name\r\n1,a\r\n2,b\r\nx,c\r\n",
     S(f("id", "integer"), f("name")))
case("csv-lone-cr", b"id,name\r1,a\r2,b\rx,c\r",
     S(f("id", "integer"), f("name")))
case("csv-trailing-empty-lines", "id,name\n1,a\n2,b\n\n\n",
     S(f("id", "integer"), f("name")))
case("csv-semicolon-dialect", "id;amount;note\n1;1,5;a,b\n2;x;c\n",
     S(f("id", "integer"), f("amount", "number", decimalChar=","), f("note")),
     dialect={"delimiter": ";"})
case("csv-semicolon-sniffed", "id;amount\n1;2\n2;x\n",
     S(f("id", "integer"), f("amount", "integer")))
case("csv-sniffed-skip-initial-space", "id, name, n\n1, a, 1\n2,  b, x\n3,c,3\n",
     S(f("id", "integer"), f("name", constraints={"enum": ["a", "b", "c"]}), f("n", "integer")))
case("csv-skip-initial-space", "id, name, n\n1, a, 1\n2,  b, x\n3, \"c, d\", 3\n",
     S(f("id", "integer"), f("name"), f("n", "integer")),
     dialect={"skipInitialSpace": True})
case("csv-comment-char", "# leading comment\nid,n\n1,1\n# a comment\n2,x\n  # not a comment\n\"#quoted\",3\n",
     S(f("id", "integer"), f("n", "integer")),
     dialect={"commentChar": "#"})
case("csv-whitespace-no-dialect", " id ,name , n\n 1 , a ,1\n2,b, x \n",
     S(f("id", "integer"), f("name", constraints={"enum": ["a", "b"]}), f("n", "integer")))
case("csv-header-row-detection", "title line\nid,name,n\n1,a,1\n2,b,2\n3,c,x\n",
     S(f("id", "integer"), f("name"), f("n", "integer")))
case("csv-header-false", "1,a\n2,b\nx,c\n",
     S(f("id", "integer"), f("name")),
     dialect={"header": False})
case("csv-gzip", "GZ:id,name\n1,a\nx,b\n",
     S(f("id", "integer"), f("name")), data_name="data.csv.gz")
case("tsv-file", "id\tname\tn\n1\ta,b\t1\n2\tc\tx\n",
     S(f("id", "integer"), f("name"), f("n", "integer")), data_name="data.tsv")
case("jsonl-file",
     '{"id": 1, "name": "a", "tags": ["x", "y"], "meta": {"k": 1}, "score": 1.5}\n'
     '{"id": "2", "name": 2, "tags": "[\\"z\\"]", "meta": "{}", "score": "2.5"}\n'
     '{"id": 3.0, "name": null, "tags": {"a": 1}, "meta": [1], "score": true}\n'
     '{"id": true, "extra": 1}\n'
     '{"name": "e", "id": 5, "tags": [], "meta": {}, "score": 5, "zzz": 1}\n',
     S(f("id", "integer"), f("name", constraints={"required": True}), f("tags", "array"),
       f("meta", "object"), f("score", "number")), data_name="data.jsonl")
case("jsonl-schemaless",
     '{"id": 1, "name": "a", "tags": ["x"], "meta": {"k": 1}}\n'
     '{"id": 2, "name": "b", "tags": [], "meta": {}}\n'
     '{"id": 3, "name": "c", "tags": ["y", "z"], "meta": {"a": null}}\n',
     None, data_name="data.jsonl")
case("encoding-invalid-utf8", b"id,name\n1,caf\xc3\xa9\n2,caf\xe9\n3,\xff\xfe\n",
     S(f("id", "integer"), f("name")))
case("encoding-invalid-utf8-late",
     b"id,name\n" + b"".join(b"%d,name%d\n" % (i, i) for i in range(1, 8000)) + b"8000,caf\xe9\n8001,ok\n",
     S(f("id", "integer"), f("name")))
case("source-unterminated-quote", "id,name\n1,a\n2,\"unterminated\n3,c\n",
     S(f("id", "integer"), f("name")))
case("jsonl-key-order",
     '{"name": "a", "id": 1}\n{"id": 2, "name": "b"}\n',
     S(f("id", "integer"), f("name")), data_name="data.jsonl")
case("jsonl-invalid-line",
     '{"id": 1}\n{"id": 2\n{"id": 3}\n', S(f("id", "integer")), data_name="data.jsonl")
case("jsonl-not-object",
     '{"id": 1}\n[2]\n{"id": 3}\n', S(f("id", "integer")), data_name="data.jsonl")
case("source-empty-file", "", S(f("id", "integer")))

# ---------------- detection (issue #19): delimiter, quoting, encoding, header row ----------------
# No dialect.json: frictionless detects each of these from a sample of the file.
PEOPLE = S(f("id", "integer"), f("name"), f("city"), f("amount", "number"))
case("detect-semicolon", "id;name;city;amount\n1;Anna;Köln;2.5\n2;Bob;Graz;x\n3;Cem;Bern;4\n", PEOPLE)
case("detect-tab", "id\tname\tcity\tamount\n1\tAnna\tKöln\t2.5\n2\tBob\tGraz\tx\n3\tCem\tBern\t4\n", PEOPLE)
case("detect-pipe", "id|name|city|amount\n1|Anna|Köln|2.5\n2|Bob|Graz|x\n3|Cem|Bern|4\n4|Dan|Linz\n", PEOPLE)
case("detect-quoted-semicolon",
     'id;name;city;amount\n1;"Anna; Lee";"Köln";2.5\n2;"Bob";"Graz, AT";x\n3;"Cem";"Bern";4\n', PEOPLE)
case("detect-single-quote",
     "id,name,city,amount\n1,'Anna',Köln,2.5\n2,'Bob, Jr',Graz,3\n3,'Cem',Bern,4\n", PEOPLE)
case("detect-one-column", "name\nAnna\nBob\n\nCem\n", S(f("name", constraints={"required": True})))
LATIN = ("id;name;city;amount\n1;Jürgen Müller;Köln;2.5\n2;Zoë Brontë;Besançon;x\n3;José Núñez;Málaga;4\n"
         "4;François Lefèvre;Genève;5\n5;Søren Ærø;Århus;6\n6;Ana Peña;Logroño;7\n")
case("detect-latin1", LATIN.encode("latin-1"), PEOPLE)
W1252 = ("id;name;city;amount\n1;“Jürgen” Müller – Köln;Köln;2.5\n2;Zoë Brontë;Besançon;x\n"
         "3;José Núñez;Málaga;4\n4;François Lefèvre — “Genève”;Genève;5\n5;Œdipe Œuvre;Reims;6\n6;Ana Peña €;Logroño;7\n")
case("detect-windows-1252", W1252.encode("cp1252"), PEOPLE)
UTF16 = "id,name,city,amount\n1,Anna,Köln,2.5\n2,Zoë,Besançon,x\n3,José,Málaga,4\n"
case("detect-utf16le-bom", UTF16.encode("utf-16"), PEOPLE)
case("detect-utf16be-bom", b"\xfe\xff" + UTF16.encode("utf-16-be"), PEOPLE)
case("detect-utf8-bom-semicolon", b"\xef\xbb\xbf" + "id;name;city;amount\r\n1;Anna;Köln;2.5\r\n2;Bob;Graz;x\r\n".encode(), PEOPLE)
case("detect-preamble", "Quarterly export\ngenerated 2024-01-05 by the finance tool\nid,name,city,amount\n"
     "1,Anna,Köln,2.5\n2,Bob,Graz,x\n3,Cem,Bern,4\n", PEOPLE)
case("detect-preamble-semicolon", "Export;2024\n\nid;name;city;amount\n1;Anna;Köln;2.5\n2;Bob;Graz;x\n3;Cem;Bern;4\n", PEOPLE)
case("detect-preamble-comment", "# exported by the tool\n# columns: id, name, city, amount\nid,name,city,amount\n"
     "1,Anna,Köln,2.5\n# a note between rows\n2,Bob,Graz,x\n", PEOPLE, dialect={"commentChar": "#"})
case("detect-preamble-schemaless", "Title\nid,name,n\n1,a,1\n2,b,2\n3,c,x\n4,d,4\n")

def write(name, spec):
    d = os.path.join(ROOT, name)
    os.makedirs(d, exist_ok=True)
    for old in os.listdir(d):
        os.remove(os.path.join(d, old))
    data = spec["data"]
    if isinstance(data, str) and data.startswith("GZ:"):
        raw = data[3:].encode()
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as g:
            g.write(raw)
        data = buf.getvalue()
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, spec["data_name"]), "wb") as fh:
        fh.write(data)
    for key in ("schema", "dialect"):
        if spec[key] is not None:
            with open(os.path.join(d, key + ".json"), "w") as fh:
                fh.write(json.dumps(spec[key], indent=2) + "\n")

only = sys.argv[1:]
for name, spec in CASES.items():
    if not only or name in only:
        write(name, spec)
print(len(CASES), "cases")
