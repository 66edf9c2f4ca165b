"""Great Expectations (SQL execution engine) on the benchmark table: the checks of the
mlgate data gate that GX can express, computed by PostgreSQL through SQLAlchemy.

    python warehouse_ge.py URL TABLE

`validate(batch)` is shared with spark_bench.py (the same expectations on Spark).
"""
import sys

import great_expectations as gx


def validate(batch):
    """Validates the data gate's expectations on `batch` and prints how many were met."""
    expectations = [
        gx.expectations.ExpectTableRowCountToBeBetween(min_value=1),
        gx.expectations.ExpectColumnValuesToNotBeNull(column="income", mostly=0.95),
        gx.expectations.ExpectColumnMeanToBeBetween(column="age", min_value=18, max_value=90),
        gx.expectations.ExpectColumnStdevToBeBetween(column="income", min_value=0),
        gx.expectations.ExpectColumnMinToBeBetween(column="credit_score", min_value=0),
        gx.expectations.ExpectColumnMaxToBeBetween(column="income", min_value=0),
        gx.expectations.ExpectColumnQuantileValuesToBeBetween(
            column="credit_score", quantile_ranges={"quantiles": [0.1], "value_ranges": [[0, 1000]]}),
        gx.expectations.ExpectColumnUniqueValueCountToBeBetween(column="region", max_value=10),
    ]
    failed = 0
    for expectation in expectations:
        result = batch.validate(expectation)
        failed += not result.success
    print(f"great_expectations: {len(expectations) - failed} of {len(expectations)} expectations met")


if __name__ == "__main__":
    url, table = sys.argv[1], sys.argv[2]
    context = gx.get_context(mode="ephemeral")
    source = context.data_sources.add_postgres(name="warehouse", connection_string=url)
    asset = source.add_table_asset(name=table, table_name=table)
    validate(asset.add_batch_definition_whole_table("whole").get_batch())
