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
# Then the model-metrics and drift benchmarks of run.sh on Parquet copies of their data,
# beside scikit-learn and Evidently reading the same files (pandas.read_parquet), and on
# the CSV files for the ratios there.
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
  "$py" "$bench/parquet_config.py" "$1" "$schema" "$checks"
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

# Model metrics and drift on Parquet copies of run.sh's data (pyarrow's defaults), beside
# scikit-learn and Evidently reading the same Parquet files through pandas, and mlgate on
# the CSV files: the ratios to the peers on Parquet should be at least those on CSV.
sk_venv=.build/bench-venv drift_venv=.build/drift-venv
bench_venv "$sk_venv" "scikit-learn==1.9.1" "fairlearn==0.15.0" pandas pyarrow==26.0.1
bench_venv "$drift_venv" "evidently==0.7.23" "pandas<3" scipy numpy pyarrow==26.0.1
to_parquet() { # CSV PARQUET: pyarrow's defaults
  [ -f "$2" ] || "$py" -c 'import sys, pyarrow.csv as c, pyarrow.parquet as pq; pq.write_table(c.read_csv(sys.argv[1]), sys.argv[2])' "$1" "$2"
}
predictions="$data/predictions-v2-binary-$rows.csv"
[ -f "$predictions" ] || "$sk_venv/bin/python" "$bench/make_predictions.py" "$predictions" "$rows" binary
to_parquet "$predictions" "${predictions%.csv}.parquet"
metrics=(metrics --task binary --label label --score score --prediction prediction --format json)
measure mlgate-metrics-parquet "$mlgate" "${metrics[@]}" "${predictions%.csv}.parquet"
measure mlgate-metrics-csv "$mlgate" "${metrics[@]}" "$predictions"
measure sklearn-parquet "$sk_venv/bin/python" "$bench/sklearn_metrics.py" "${predictions%.csv}.parquet" binary
measure sklearn-csv "$sk_venv/bin/python" "$bench/sklearn_metrics.py" "$predictions" binary
"$sk_venv/bin/python" "$bench/agree_metrics.py" "$data/parquet-mlgate-metrics-parquet.out" "$data/parquet-sklearn-parquet.out"
reference="$data/drift-reference-$rows.csv" current="$data/drift-current-$rows.csv"
[ -f "$current" ] || "$drift_venv/bin/python" "$bench/make_drift_data.py" "$reference" "$current" "$rows"
to_parquet "$reference" "${reference%.csv}.parquet"
to_parquet "$current" "${current%.csv}.parquet"
measure mlgate-drift-parquet "$mlgate" drift "${reference%.csv}.parquet" "${current%.csv}.parquet" --format json
measure mlgate-drift-csv "$mlgate" drift "$reference" "$current" --format json
measure evidently-parquet "$drift_venv/bin/python" "$bench/evidently_drift.py" "${reference%.csv}.parquet" "${current%.csv}.parquet"
measure evidently-csv "$drift_venv/bin/python" "$bench/evidently_drift.py" "$reference" "$current"
"$drift_venv/bin/python" "$bench/agree_drift.py" "$data/parquet-mlgate-drift-parquet.out" "$data/parquet-evidently-parquet.out"

echo
table "${results[@]}" | sed '1s/| process |/| tool |/'
ratios() { # PEER MLGATE: PEER / MLGATE
  local peer mine
  peer=$(time_of "$1") mine=$(time_of "$2")
  if [ "$peer" = failed ] || [ "$mine" = failed ]; then echo "-"; else awk -v p="$peer" -v m="$mine" 'BEGIN { printf "%.1f", p / m }'; fi
}
peers="scikit-learn / mlgate metrics: $(ratios sklearn-parquet mlgate-metrics-parquet)× on Parquet, $(ratios sklearn-csv mlgate-metrics-csv)× on CSV; Evidently / mlgate drift: $(ratios evidently-parquet mlgate-drift-parquet)× on Parquet, $(ratios evidently-csv mlgate-drift-csv)× on CSV"
echo "$peers"
m=$(time_of mlgate-parquet) p=$(time_of polars-parquet)
ratio=""
if [ "$m" != failed ] && [ "$p" != failed ]; then
  ratio="mlgate / polars wall time on Parquet: $(awk -v m="$m" -v p="$p" 'BEGIN { printf "%.2f", m / p }') (target: at most 0.33)"
  echo "$ratio"
fi
if $write; then
  write_section parquet-results "$rows rows ($(du -h "$file" | cut -f1) Parquet)" "$(table "${results[@]}")"$'\n\n'"$ratio"$'\n\n'"$peers"
fi
