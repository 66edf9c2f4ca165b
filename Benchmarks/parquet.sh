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
measure() { # name command...
  local name=$1 out=$data/parquet-$1.out
  shift
  if ! timed "$out" "$data/parquet-$name.err" "$@"; then
    results+=("$name|failed|-")
    printf '%-20s failed, see %s\n' "$name" "$data/parquet-$name.err"
    return
  fi
  results+=("$name|$seconds|$megabytes")
  printf '%-20s %8s s %8s MB  (%d run%s)\n' "$name" "$seconds" "$megabytes" "$runs" "$([ "$runs" -gt 1 ] && echo s)"
}

bench_mlgate
config() { # the input's file name
  cat <<YAML
version: 1
gates:
  - name: contract
    kind: data
    input: $1
    schema: {path: $schema, samples: 20}
    checks:
      - {check: row_count, min: 1, max: 100000000}
      - {check: missing_fraction, column: income, max: 0.1}
      - {check: column_mean, column: age, min: 30, max: 70}
      - {check: column_std, column: score, min: 0.1, max: 0.5}
      - {check: column_quantile, column: income, quantile: 0.5, min: 10000, max: 200000}
      - {check: distinct_count, column: category, max: 10}
YAML
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
