#!/usr/bin/env bash
# The data-contract benchmark suite: mlgate against hand-written polars checks of the same
# Table Schema, on seven schema shapes (issue #19's "fast path for every common schema
# shape"): the contract benchmark's own (loans: Benchmarks/contract/schema.json) and the
# six of Benchmarks/contract_shapes.py (string formats and patterns; dates, datetimes with
# time zones and times; locale numbers; booleans and missing values; unique strings;
# composite, unique and foreign keys).
#
#   Benchmarks/contract-shapes.sh [--rows N] [--write] [--rounds R] [SHAPE...]
#     default 1,000,000 rows, 5 rounds, every shape
#
# Per shape, R interleaved rounds (mlgate validate, then the polars script, each a whole
# process under GNU time); the medians, the ratio of the medians (polars / mlgate: the
# target is at least 3, mlgate at most a third of polars' wall time) and each tool's
# largest peak RSS (target for mlgate: at most 64 MB). Before timing, mlgate's counts per
# field and constraint are compared with polars' (contract_shapes_adapter.py): a shape
# where they differ is reported and the script exits 1 at the end.
# --write replaces the contract-shapes section of docs/performance.md.
# Never run by the tests: timings belong to this script alone.
set -euo pipefail
# shellcheck source=Benchmarks/bench_functions.sh
source "$(dirname "$0")/bench_functions.sh"
rounds=5
args=() shapes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --rows) args+=("$1" "$2"); shift 2 ;;
    --write) args+=("$1"); shift ;;
    -*) echo "usage: $0 [--rows N] [--write] [--rounds R] [SHAPE...]" >&2; exit 2 ;;
    *) shapes+=("$1"); shift ;;
  esac
done
bench_setup "${args[@]}"

venv=.build/contract-venv
bench_venv "$venv" great-expectations==1.24.1 pandera==0.35.0 polars==2.1.0 frictionless==5.21.0 pandas==3.1.1 numpy==2.4.6 pyarrow==26.0.1
py=$venv/bin/python
"$py" -c "import polars"
bench_mlgate
if [ ${#shapes[@]} -eq 0 ]; then
  mapfile -t shapes < <(echo loans; python3 "$bench/contract_shapes.py" list)
fi

rows_out=() disagreements=0
for shape in "${shapes[@]}"; do
  if [ "$shape" = loans ]; then
    file=$data/contract-$rows.csv schema=$bench/contract/schema.json
    [ -f "$file" ] || "$py" "$bench/make_contract_data.py" "$file" "$rows"
  else
    file=$data/shape-$shape-$rows.csv schema=$data/$shape.schema.json
    [ -f "$file" ] && [ -f "$schema" ] || mv "$(python3 "$bench/contract_shapes.py" make "$shape" "$rows" "$data")" "$file"
  fi
  megabytes_file=$(( $(stat -c %s "$file") / 1000000 ))
  # Agreement first (untimed).
  "$mlgate" validate "$file" --schema "$schema" --format json >"$data/shape-$shape.mlgate.json" || [ $? -le 1 ]
  "$py" "$bench/contract_shapes_adapter.py" "$data/shape-$shape.mlgate.json" "$schema" >"$data/shape-$shape.mlgate.out"
  "$py" "$bench/contract_shapes_polars.py" "$file" "$schema" >"$data/shape-$shape.polars.out"
  if ! agreement=$(python3 "$bench/contract_shapes_agree.py" "$data/shape-$shape.mlgate.out" "$data/shape-$shape.polars.out"); then
    disagreements=$((disagreements + 1))
    echo "$shape: mlgate and polars DISAGREE: $agreement"
  fi
  times=$(mktemp)
  for _ in $(seq "$rounds"); do
    # shellcheck disable=SC2016 # expanded by sh -c
    /usr/bin/time -f "mlgate %e %M" -a -o "$times" sh -c '"$1" validate "$2" --schema "$3" >/dev/null; [ $? -le 1 ]' sh "$mlgate" "$file" "$schema"
    /usr/bin/time -f "polars %e %M" -a -o "$times" "$py" "$bench/contract_shapes_polars.py" "$file" "$schema" >/dev/null
  done
  read -r m_s m_mb p_s p_mb ratio lo hi < <(python3 "$bench/contract_shapes_times.py" "$times")
  rm -f "$times"
  printf '%-18s %5d MB  mlgate %6s s %4s MB   polars %6s s %4s MB   polars / mlgate %5s× (rounds %s× to %s×)   %s\n' \
    "$shape" "$megabytes_file" "$m_s" "$m_mb" "$p_s" "$p_mb" "$ratio" "$lo" "$hi" "$agreement"
  rows_out+=("| $shape | $megabytes_file | $m_s | $m_mb | $p_s | $p_mb | $ratio× ($lo× to $hi×) |")
done

body=$(printf '%s\n' "| shape | file (MB) | mlgate (s) | mlgate peak RSS (MB) | polars (s) | polars peak RSS (MB) | polars / mlgate (single rounds) |" \
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |" "${rows_out[@]}")
echo
echo "$body"
if $write; then
  write_section contract-shapes "$rows rows a shape, medians of $rounds interleaved rounds" "$body"
fi
[ "$disagreements" -eq 0 ]
