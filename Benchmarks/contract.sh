#!/usr/bin/env bash
# The data-contract benchmark: the same Table Schema (Benchmarks/contract/schema.json)
# and dataset checks (Benchmarks/contract/checks.json) judged on the same generated CSV
# by pandera, Great Expectations, frictionless and hand-written polars expressions, each a
# whole process timed by GNU time (wall seconds, peak RSS); then every tool's counts and
# dataset values are compared with frictionless's (the Table Schema's own implementation).
#
#   Benchmarks/contract.sh [--rows N] [--write]   (default 1,000,000 rows, ~115 MB)
#
# --write replaces the contract results in docs/performance.md (after the agreement check).
#
# Each tool prints one JSON object (see contract_polars.py):
#   {"rows": N, "failures": {"<field>/<constraint>": cells, ...}, "dataset": {"<check>": value, ...}}
# The pinned tools go into .build/contract-venv; the data is written once to
# .build/bench-data/contract-ROWS.csv. Never run by the tests: timings belong to this
# script alone. Exits 1 when two tools disagree for a reason not listed below.
set -euo pipefail
# shellcheck source=Benchmarks/bench_functions.sh
source "$(dirname "$0")/bench_functions.sh"
bench_setup "$@"

venv=.build/contract-venv
bench_venv "$venv" great-expectations==1.24.1 pandera==0.35.0 polars==2.1.0 frictionless==5.21.0 pandas==3.1.1 numpy==2.4.6 pyarrow==26.0.1
py=$venv/bin/python
# Imported once before timing, so that no tool pays for compiling its bytecode.
"$py" -c "import great_expectations, pandera.pandas, polars, frictionless, pandas, pyarrow"

file="$data/contract-$rows.csv"
[ -f "$file" ] || "$py" "$bench/make_contract_data.py" "$file" "$rows"
schema=$bench/contract/schema.json
checks=$bench/contract/checks.json
echo "# data contract, $rows rows ($(du -h "$file" | cut -f1)), $("$py" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["fields"]))' "$schema") fields, $(grep -c '"check"' "$checks") dataset checks"

results=()
outputs=()
measure() { # name command... : stdout to $data/contract-NAME.out, stderr to .err
  local name=$1 out=$data/contract-$1.out
  shift
  if ! timed "$out" "$data/contract-$name.err" "$@"; then
    results+=("$name|failed|-")
    printf '%-20s failed, see %s\n' "$name" "$data/contract-$name.err"
    return
  fi
  results+=("$name|$seconds|$megabytes")
  outputs+=("$name=$out")
  printf '%-20s %8s s %8s MB  (%d run%s)\n' "$name" "$seconds" "$megabytes" "$runs" "$([ "$runs" -gt 1 ] && echo s)"
}

# mlgate: the same schema and dataset checks as one data gate (the config is written next
# to the data, since its input path depends on --rows). The gate fails on this data (exit
# 1), which is the answer, not an error; the adapter that turns its JSON report into the
# common shape runs after the timed process.
# Built as the CI image builds it (bench_functions.sh: bench_mlgate).
bench_mlgate
run_mlgate() {
  local config=$data/contract-$rows.mlgate.yml
  cat >"$config" <<YAML
version: 1
gates:
  - name: contract
    kind: data
    input: contract-$rows.csv
    schema: {path: $schema, samples: 20}
    checks:
      - {check: row_count, min: 1, max: 100000000}
      - {check: missing_fraction, column: income, max: 0.1}
      - {check: column_mean, column: age, min: 30, max: 70}
      - {check: column_std, column: score, min: 0.1, max: 0.5}
      - {check: column_quantile, column: income, quantile: 0.5, min: 10000, max: 200000}
      - {check: distinct_count, column: category, max: 10}
YAML
  # shellcheck disable=SC2016 # expanded by sh -c
  measure mlgate sh -c '"$1" check --config "$2" --json "$3" --quiet >/dev/null; [ $? -le 1 ]' sh \
    "$mlgate" "$config" "$data/contract-mlgate.json"
  "$py" "$bench/contract_mlgate_adapter.py" "$data/contract-mlgate.json" "$schema" >"$data/contract-mlgate.out"
}
run_mlgate
measure polars "$py" "$bench/contract_polars.py" "$file" "$schema" "$checks"
measure pandera "$py" "$bench/contract_pandera.py" "$file" "$schema" "$checks"
measure great_expectations "$py" "$bench/contract_ge.py" "$file" "$schema" "$checks"
measure frictionless "$py" "$bench/contract_frictionless.py" "$file" "$schema" "$checks"

# The target is a ratio to polars: on a shared machine a noisy moment can slow one tool's
# three runs and not the other's, so the two are also run in seven interleaved rounds
# (mlgate, then polars, in each), and the ratio of those medians is the one reported.
interleaved=""
if printf '%s\n' "${outputs[@]}" | grep -q '^mlgate=' && printf '%s\n' "${outputs[@]}" | grep -q '^polars='; then
  pairs=$(mktemp)
  config=$data/contract-$rows.mlgate.yml
  for _ in 1 2 3 4 5 6 7; do
    # shellcheck disable=SC2016 # expanded by sh -c
    /usr/bin/time -f "mlgate %e" -a -o "$pairs" sh -c '"$1" check --config "$2" --quiet >/dev/null; [ $? -le 1 ]' sh "$mlgate" "$config"
    /usr/bin/time -f "polars %e" -a -o "$pairs" "$py" "$bench/contract_polars.py" "$file" "$schema" "$checks" >/dev/null
  done
  interleaved=$(python3 "$bench/contract_interleaved.py" "$pairs")
  rm -f "$pairs"
  read -r m p r lo hi <<<"$interleaved"
  echo "interleaved, 7 rounds: mlgate $m s, polars $p s (medians): polars / mlgate $r× (rounds from $lo× to $hi×)"
fi

echo
table "${results[@]}" | sed '1s/| process |/| tool |/'
echo

# Agreement: each tool against frictionless (or the first tool that ran, if it did not).
"$py" "$bench/contract_agreement.py" "${outputs[@]}"

if $write; then
  ratio=""
  m=$(time_of mlgate) p=$(time_of polars)
  if [ -n "$m" ] && [ "$m" != failed ] && [ -n "$p" ] && [ "$p" != failed ]; then
    ratio=$'\n\n'"polars / mlgate wall time: $(awk -v m="$m" -v p="$p" 'BEGIN { printf "%.2f", p / m }')×"
  fi
  if [ -n "$interleaved" ]; then
    read -r m p r lo hi <<<"$interleaved"
    ratio+="; in seven interleaved rounds (medians): mlgate $m s, polars $p s, polars / mlgate $r× (single rounds $lo× to $hi×)"
  fi
  write_section contract-results "$rows rows ($(du -h "$file" | cut -f1))" "$(table "${results[@]}")$ratio"
fi
