"""A Table Schema in hand-written polars expressions, for any shape of the contract
benchmark suite (contract_shapes.py): what a polars user writes to check the same
schema, in one lazy query over the CSV (plus one join for foreign keys).

    python contract_shapes_polars.py DATA.csv SCHEMA.json

Prints {"rows": N, "failures": {KEY: count}} with KEY "<field>/<type|format|required|
unique|minimum|maximum|minLength|maxLength|pattern|enum>", "primaryKey",
"uniqueKeys:<a,b>" or "foreignKeys:<fields>". Counted as mlgate and frictionless count:
a cell that is a missing value is null; a present cell that does not read as its type is
a type (or format) error and is judged by no constraint; a unique failure is every
repeat after the first; a primary key fails on a repeat or when all its parts are null;
a unique key skips rows with a null part; a foreign key fails when it is not all null
and is not the referenced fields' key of any row.
"""
import json
import re
import sys

import polars as pl

data, schema_path = sys.argv[1:3]
schema = json.load(open(schema_path))
missing = schema.get("missingValues", [""])

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
URI = r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$"
UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
TRUE, FALSE = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]


def number_text(field, raw):
    text = raw
    if field.get("bareNumber", True) is False:
        text = text.str.replace_all(r"^\D*|\D*$", "")
    if "groupChar" in field:
        text = text.str.replace_all(re.escape(field["groupChar"]), "", literal=False)
    if field.get("decimalChar", ".") != ".":
        text = text.str.replace(re.escape(field["decimalChar"]), ".", literal=False)
    return text


def typed(field):
    raw, kind, fmt = pl.col(field["name"]), field.get("type", "string"), field.get("format", "default")
    if kind == "integer":
        return number_text(field, raw).cast(pl.Int64, strict=False)
    if kind == "number":
        return number_text(field, raw).cast(pl.Float64, strict=False)
    if kind == "date":
        return raw.str.to_date("%Y-%m-%d" if fmt == "default" else fmt, strict=False)
    if kind == "datetime":
        if fmt == "default":
            # With or without a zone, as frictionless 5.21 reads a default datetime.
            return pl.coalesce(
                raw.str.to_datetime("%Y-%m-%dT%H:%M:%S%#z", strict=False, time_zone="UTC"),
                raw.str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False).dt.replace_time_zone("UTC"))
        return raw.str.to_datetime(fmt, strict=False)
    if kind == "time":
        parsed = raw.str.to_time("%H:%M:%S" if fmt == "default" else fmt, strict=False)
        # frictionless 5.21 takes ISO 8601's end of day, 24:00:00, as a time (mlgate too).
        return parsed if fmt != "default" else pl.when(raw == "24:00:00").then(pl.time(0, 0, 0)).otherwise(parsed)
    if kind == "boolean":
        trues, falses = field.get("trueValues", TRUE), field.get("falseValues", FALSE)
        return pl.when(raw.is_in(trues)).then(True).when(raw.is_in(falses)).then(False)
    if fmt in ("email", "uri", "uuid"):
        return pl.when(raw.str.contains({"email": EMAIL, "uri": URI, "uuid": UUID}[fmt])).then(raw)
    return raw


def bound(field, value):
    kind = field.get("type")
    if kind == "date":
        return pl.lit(value).str.to_date("%Y-%m-%d")
    if kind == "datetime":
        return pl.lit(value).str.to_datetime("%Y-%m-%dT%H:%M:%S", time_zone="UTC")
    return pl.lit(value)


counts = {}
columns = []
for field in schema["fields"]:
    name = field["name"]
    raw, value = pl.col(name), pl.col(f"{name}:typed")
    columns.append(typed(field).alias(f"{name}:typed"))
    c = field.get("constraints", {})
    is_string = field.get("type", "string") == "string"
    if not is_string or field.get("format", "default") != "default":
        counts[f"{name}/{'format' if is_string else 'type'}"] = (raw.is_not_null() & value.is_null()).sum()
    if c.get("required"):
        counts[f"{name}/required"] = raw.is_null().sum()
    if c.get("unique"):
        counts[f"{name}/unique"] = (value.is_not_null() & ~value.is_first_distinct()).sum()
    if "minimum" in c:
        counts[f"{name}/minimum"] = (value < bound(field, c["minimum"])).sum()
    if "maximum" in c:
        counts[f"{name}/maximum"] = (value > bound(field, c["maximum"])).sum()
    if "minLength" in c:
        counts[f"{name}/minLength"] = (value.str.len_chars() < c["minLength"]).sum()
    if "maxLength" in c:
        counts[f"{name}/maxLength"] = (value.str.len_chars() > c["maxLength"]).sum()
    if "pattern" in c:
        counts[f"{name}/pattern"] = (~value.str.contains(f"^(?:{c['pattern']})$")).sum()
    if "enum" in c:
        counts[f"{name}/enum"] = (value.is_not_null() & ~value.is_in(c["enum"])).sum()


def key_columns(names):
    return [pl.col(f"{n}:typed") for n in names]


if schema.get("primaryKey"):
    parts = key_columns(schema["primaryKey"])
    all_null = pl.all_horizontal([p.is_null() for p in parts])
    counts["primaryKey"] = (all_null | (~all_null & ~pl.struct(parts).is_first_distinct())).sum()
for key in schema.get("uniqueKeys", []):
    parts = key_columns(key)
    complete = pl.all_horizontal([p.is_not_null() for p in parts])
    counts["uniqueKeys:" + ",".join(key)] = (complete & ~pl.struct(parts).is_first_distinct()).sum()

frame = pl.scan_csv(data, infer_schema=False, null_values=missing).with_columns(columns)
result = frame.select([pl.len().alias("rows")] + [e.alias(k) for k, e in counts.items()]).collect(engine="streaming").row(0, named=True)

# Foreign keys: an anti-join of each row's key against the referenced keys.
for fk in schema.get("foreignKeys", []):
    fields = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
    ref = fk["reference"]["fields"]
    ref = [ref] if isinstance(ref, str) else ref
    targets = [f"{n}:typed" for n in fields]
    referenced = (frame.select([pl.col(f"{n}:typed").alias(f"k{i}") for i, n in enumerate(ref)])
                  .filter(~pl.all_horizontal([pl.col(f"k{i}").is_null() for i in range(len(ref))])).unique())
    rows = (frame.select([pl.col(t).alias(f"k{i}") for i, t in enumerate(targets)])
            .filter(~pl.all_horizontal([pl.col(f"k{i}").is_null() for i in range(len(ref))])))
    missing_refs = rows.join(referenced, on=[f"k{i}" for i in range(len(ref))], how="anti", nulls_equal=True)
    result["foreignKeys:" + ",".join(fields)] = missing_refs.select(pl.len()).collect(engine="streaming").item()
    counts["foreignKeys:" + ",".join(fields)] = None

print(json.dumps({"rows": result["rows"], "failures": {k: result[k] for k in sorted(counts) if result[k]}}, indent=1))
