"""The data-contract benchmark's polars peer on a Parquet file: polars reads it
(`scan_parquet`) and judges the same Table Schema and dataset checks with the same
expressions as contract_polars.py, except that a column Parquet already types is taken
as it is (only text columns are cast, as contract_polars.py casts every column).

    python contract_polars_parquet.py DATA.parquet SCHEMA.json CHECKS.json

Prints the common JSON shape of the contract benchmark (see contract.sh).
"""
import os
import sys

import polars as pl

here = os.path.dirname(os.path.abspath(__file__))
source = open(os.path.join(here, "contract_polars.py")).read()
parquet_types = pl.read_parquet_schema(sys.argv[1])
source = source.replace("def typed(field):", "def text_typed(field):", 1)
source = source.replace(
    "counts = {}",
    "def typed(field):\n"
    "    if parquet_types.get(field['name']) == pl.String:\n"
    "        return text_typed(field)\n"
    "    return pl.col(field['name'])\n\n\ncounts = {}",
    1,
)
source = source.replace("pl.scan_csv(data, infer_schema=False)", "pl.scan_parquet(data)", 1)
exec(compile(source, "contract_polars.py (parquet)", "exec"), {"__name__": "__main__", "parquet_types": parquet_types})
