#!/usr/bin/env bash
# The data-contract benchmark on Parquet: the contract benchmark's data (make_contract_data.py)
# written by pyarrow with its defaults (SNAPPY, dictionary, one row group per 1Mi rows),
# judged with the same Table Schema and dataset checks by mlgate (one data gate) and by
# polars (read_parquet and the same expressions: contract_polars_parquet.py); mlgate on
# the CSV file too, for comparison. Each a whole process timed by GNU time (wall seconds,
# peak RSS).
#
#   Benchmarks/parquet.sh [--rows N] [--write]   (default 1,000,000 rows)
#
# --write replaces the Parquet results in docs/performance.md. Never run by the tests.
set -euo pipefail
# shellcheck source=Benchmarks/bench_functions.sh
source "$(dirname "$0")/bench_functions.sh"
bench_setup "$@"

venv=.build/parquet-venv
bench_venv "$venv" polars==2.1.0 pyarrow==26.0.1 numpy==2.4.6
py=$venv/bin/python
"$py" -c "import polars, pyarrow"

csv="$data/contract-$rows.csv"
[ -f "$csv" ] || "$py" "$bench/make_contract_data.py" "$csv" "$rows"
file="$data/contract-$rows.parquet"
[ -f "$file" ] || "$py" -c 'import sys, pyarrow.csv as c, pyarrow.parquet as pq; pq.write_table(c.read_csv(sys.argv[1]), sys.argv[2])' "$csv" "$file"
schema=$bench/contract/schema.json
checks=$bench/contract/checks.json
echo "# data contract on Parquet, $rows rows ($(du -h "$file" | cut -f1) Parquet, $(du -h "$csv" | cut -f1) CSV)"

results=()
measure() { # name command...: one row of the table (failed: see the .err file)
  local name=$1
  shift
  if timed "$data/parquet-$name.out" "$data/parquet-$name.err" "$@"; then
    results+=("$name|$seconds|$megabytes")
  else
    results+=("$name|failed|-")
  fi
  echo "${results[-1]}" | tr '|' ' '
}

bench_mlgate
config() { # the input's file name: one data gate with the contract benchmark's schema and checks.json
  "$py" - "$1" "$schema" "$checks" <<'PY'
import json, sys
names = {"mean": "column_mean", "std": "column_std", "quantile": "column_quantile"}
print(f"version: 1\ngates:\n  - name: contract\n    kind: data\n    input: {sys.argv[1]}")
print(f"    schema: {{path: {sys.argv[2]}, samples: 20}}\n    checks:")
for check in json.load(open(sys.argv[3]))["checks"]:
    entry = {"check": names.get(check["check"], check["check"])}
    entry.update({("quantile" if k == "q" else k): v for k, v in check.items() if k != "check"})
    print("      - " + json.dumps(entry))
PY
}
config "contract-$rows.parquet" >"$data/parquet-$rows.mlgate.yml"
config "contract-$rows.csv" >"$data/parquet-csv-$rows.mlgate.yml"
# The gate fails on this data (exit 1): that is the answer, not an error.
# shellcheck disable=SC2016 # expanded by sh -c
measure mlgate-parquet sh -c '"$1" check --config "$2" --json "$3" --quiet >/dev/null; [ $? -le 1 ]' sh \
  "$mlgate" "$data/parquet-$rows.mlgate.yml" "$data/parquet-mlgate.json"
# shellcheck disable=SC2016
measure mlgate-csv sh -c '"$1" check --config "$2" --quiet >/dev/null; [ $? -le 1 ]' sh \
  "$mlgate" "$data/parquet-csv-$rows.mlgate.yml"
measure polars-parquet "$py" "$bench/contract_polars_parquet.py" "$file" "$schema" "$checks"

echo
table "${results[@]}" | sed '1s/| process |/| tool |/'
m=$(time_of mlgate-parquet) p=$(time_of polars-parquet)
ratio=""
if [ "$m" != failed ] && [ "$p" != failed ]; then
  ratio="mlgate / polars wall time on Parquet: $(awk -v m="$m" -v p="$p" 'BEGIN { printf "%.2f", m / p }') (target: at most 0.33)"
  echo "$ratio"
fi
if $write; then
  write_section parquet-results "$rows rows ($(du -h "$file" | cut -f1) Parquet)" "$(table "${results[@]}")"$'\n\n'"$ratio"
fi
