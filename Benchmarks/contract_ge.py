"""Data contract with Great Expectations 1.x: an ephemeral context, a pandas data
source with a whole-dataframe batch, one expectation for each constraint of the Table
Schema and each dataset check, validated in one run (the unique expectation in a second).

    python contract_ge.py DATA.csv SCHEMA.json CHECKS.json

Prints the common JSON shape of the contract benchmark (see contract.sh), counts from
each expectation's unexpected_count, dataset values from its observed_value.

How Great Expectations counts, and what is normalised here:
- type: GE on pandas checks a column's dtype, not each cell. The CSV is read with the
  schema's pandas dtypes (Int64, float64, boolean, str), so a cell that is not an
  integer, number or boolean would fail the read itself; expect_column_values_to_be_in_
  type_list then checks the column. Dates and datetimes are read as text and checked per
  cell with expect_column_values_to_match_strftime_format (datetime.strptime, as
  frictionless does for dates).
- unique: expect_column_values_to_be_unique counts every occurrence of a repeated value
  (pandas duplicated(keep=False)), the first included. Validated alone with
  result_format COMPLETE, its unexpected_index_list gives every such row (its
  unexpected_list stops at 200 values); the count reported is occurrences minus the
  distinct values at those rows, frictionless's count.
- minimum and maximum are two expect_column_values_to_be_between, one bound each, so
  that each is counted alone; null cells are skipped by every column map expectation.
- missing_fraction is the unexpected_count / element_count of expect_column_values_to_
  not_be_null with mostly = 1 - max; quantile uses expect_column_quantile_values_to_be_
  between with allow_relative_error="linear" (pandas' interpolation; GE's default is
  "nearest").
"""
import json
import sys

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd

data, schema_path, checks_path = sys.argv[1:4]
schema = json.load(open(schema_path))
checks = json.load(open(checks_path))["checks"]

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
DTYPES = {"integer": "Int64", "number": "float64", "boolean": "boolean",
          "string": "str", "date": "str", "datetime": "str"}
TYPE_LISTS = {"integer": ["Int64Dtype", "int64"], "number": ["float64", "Float64Dtype"], "boolean": ["BooleanDtype", "bool"]}
FORMATS = {"date": "%Y-%m-%d", "datetime": "%Y-%m-%dT%H:%M:%S"}

context = gx.get_context(mode="ephemeral")
suite = context.suites.add(gx.ExpectationSuite(name="contract"))
keys = {}  # expectation id -> "<field>/<constraint>" or a dataset check key
complete = {}  # key -> expectation validated alone with result_format COMPLETE (unique)


def expect(key, expectation):
    keys[suite.add_expectation(expectation).id] = key


for field in schema["fields"]:
    name, kind = field["name"], field["type"]
    constraints = field.get("constraints", {})
    primary = schema.get("primaryKey") == [name]
    if kind in TYPE_LISTS:
        expect(f"{name}/type", gxe.ExpectColumnValuesToBeInTypeList(column=name, type_list=TYPE_LISTS[kind]))
    if kind in FORMATS:
        expect(f"{name}/type", gxe.ExpectColumnValuesToMatchStrftimeFormat(column=name, strftime_format=FORMATS[kind]))
    if constraints.get("required") or primary:
        expect(f"{name}/required", gxe.ExpectColumnValuesToNotBeNull(column=name))
    if constraints.get("unique") or primary:
        complete[f"{name}/unique"] = gxe.ExpectColumnValuesToBeUnique(column=name)
    if "minimum" in constraints:
        expect(f"{name}/minimum", gxe.ExpectColumnValuesToBeBetween(column=name, min_value=constraints["minimum"]))
    if "maximum" in constraints:
        expect(f"{name}/maximum", gxe.ExpectColumnValuesToBeBetween(column=name, max_value=constraints["maximum"]))
    if "enum" in constraints:
        expect(f"{name}/enum", gxe.ExpectColumnValuesToBeInSet(column=name, value_set=constraints["enum"]))
    if "pattern" in constraints:
        expect(f"{name}/pattern", gxe.ExpectColumnValuesToMatchRegex(column=name, regex=f"^(?:{constraints['pattern']})$"))
    if field.get("format") == "email":
        expect(f"{name}/format", gxe.ExpectColumnValuesToMatchRegex(column=name, regex=EMAIL))

for check in checks:
    name, column, low, high = check["check"], check.get("column"), check.get("min"), check.get("max")
    if name == "row_count":
        expect("row_count", gxe.ExpectTableRowCountToBeBetween(min_value=low, max_value=high))
    elif name == "missing_fraction":
        expect(f"missing_fraction:{column}", gxe.ExpectColumnValuesToNotBeNull(column=column, mostly=1 - high))
    elif name == "mean":
        expect(f"mean:{column}", gxe.ExpectColumnMeanToBeBetween(column=column, min_value=low, max_value=high))
    elif name == "std":
        expect(f"std:{column}", gxe.ExpectColumnStdevToBeBetween(column=column, min_value=low, max_value=high))
    elif name == "quantile":
        expect(f"quantile_{check['q']}:{column}", gxe.ExpectColumnQuantileValuesToBeBetween(
            column=column, quantile_ranges={"quantiles": [check["q"]], "value_ranges": [[low, high]]},
            allow_relative_error="linear"))
    elif name == "distinct_count":
        expect(f"distinct_count:{column}", gxe.ExpectColumnUniqueValueCountToBeBetween(
            column=column, min_value=low, max_value=high))

batch_definition = (
    context.data_sources.add_pandas("contract")
    .add_dataframe_asset("table")
    .add_batch_definition_whole_dataframe("whole")
)
frame = pd.read_csv(data, dtype={f["name"]: DTYPES[f["type"]] for f in schema["fields"]})
batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
results = [(keys[r.expectation_config.id], r) for r in batch.validate(suite).results]
# The rows that repeat a value are needed to count as frictionless does: only COMPLETE
# lists them all, and a validation's result_format applies to every expectation in it.
results += [(key, batch.validate(e, result_format="COMPLETE")) for key, e in complete.items()]

failures, dataset, notes = {}, {}, []
for key, result in results:
    if result.exception_info.get("raised_exception"):
        sys.exit(f"{key}: {result.exception_info['exception_message']}")
    r = result.result
    if "/" in key:
        count = r.get("unexpected_count")
        if count is None:  # a column-level expectation (dtype): no cells to count
            count = 0
            if not result.success:
                notes.append(f"{key}: column fails, observed {r.get('observed_value')}")
        elif key.endswith("/unique") and count:
            indexes = r["unexpected_index_list"]
            count -= frame.loc[indexes, key.split("/")[0]].nunique()
        failures[key] = failures.get(key, 0) + count
    else:
        if key.startswith("missing_fraction:"):
            value = r["unexpected_count"] / r["element_count"]
        elif key.startswith("quantile_"):
            value = r["observed_value"]["values"][0]
        else:
            value = r["observed_value"]
        dataset[key] = value
        if not result.success:
            print(f"dataset check {key} fails: {value}", file=sys.stderr)
print(json.dumps({"rows": len(frame),
                  "failures": {k: int(v) for k, v in sorted(failures.items()) if v},
                  "dataset": {k: v.item() if hasattr(v, "item") else v for k, v in dataset.items()},
                  **({"notes": notes} if notes else {})}, indent=1))
