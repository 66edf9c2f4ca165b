#!/usr/bin/env bash
# Warehouse tables (docs/warehouse.md): the gates on a PostgreSQL table of ROWS rows
# (default 10,000,000), mlgate beside Soda Core (soda-core-postgres) and Great
# Expectations' SQL execution engine on the same checks, on the same server.
#
#   Benchmarks/warehouse.sh [--rows N] [--write]
#
# Starts its own PostgreSQL 15 (initdb in .build/bench-warehouse, pg_ctl on a free port;
# stopped at the end), generates the tables in the server (generate_series, seeded
# random()), and runs each process once under GNU time (wall time, peak RSS), then again
# through a counting relay (warehouse_proxy.py) for the bytes the server sent it. Goals
# (issue #17): mlgate's peak RSS under 64 MB for every gate; for the aggregate gates (the
# data gate's dataset checks) at most 5% of the table's bytes moved. Last, exactness: the
# four mlgate configs run again on the tables exported as CSV files (psql's \copy), and
# their JSON reports must give the numbers they gave on the server (report_agreement.py:
# counts exactly, other numbers to 1e-12 relative; a difference fails the benchmark).
# --write puts the table into docs/performance.md (<!-- warehouse-results -->).
set -euo pipefail
rows=10000000
# shellcheck source=Benchmarks/bench_functions.sh
source "$(dirname "$0")/bench_functions.sh"
bench_setup "$@"
bench_mlgate

bench_postgres bench-warehouse
relay_pid=
cleanup() {
  [ -n "$relay_pid" ] && kill "$relay_pid" 2>/dev/null || true
  bench_postgres_stop
}
trap cleanup EXIT

echo "# generating $rows rows in PostgreSQL"
psql <<SQL
SELECT setseed(0.17);
CREATE TABLE bench AS
SELECT i AS id, 18 + (random() * 60)::int AS age,
       CASE WHEN random() < 0.02 THEN NULL ELSE round((20000 + random() * 100000)::numeric, 2)::float8 END AS income,
       (300 + random() * 550)::int AS credit_score,
       (ARRAY['north', 'south', 'east', 'west'])[1 + (random() * 3)::int] AS region,
       (ARRAY['F', 'M'])[1 + (random() < 0.5)::int] AS sex,
       r AS score, (random() < r)::int AS label, (r >= 0.5)::int AS prediction
FROM generate_series(1, $rows) AS i, LATERAL (SELECT random() AS r OFFSET 0 * i) AS s;
CREATE TABLE bench_current AS
SELECT id, age + 2 AS age, income * 1.05 AS income, credit_score - 10 AS credit_score, region, sex FROM bench;
ANALYZE;
SQL
table_bytes=$(psql -At -c "SELECT pg_table_size('bench')")
echo "# table bench: $rows rows, $table_bytes bytes on disk"

cfg=$work/configs
mkdir -p "$cfg"
write_configs() { # URL
  local url=$1
  cat >"$cfg/data.yml" <<YAML
version: 1
gates:
  - {name: data, kind: data, input: "$url#bench", checks: [
      {check: row_count, min: 1}, {check: missing_fraction, column: income, max: 0.05},
      {check: column_mean, column: age, min: 18, max: 90}, {check: column_std, column: income, min: 0},
      {check: column_min, column: credit_score, min: 0}, {check: column_max, column: income, min: 0},
      {check: column_quantile, column: credit_score, quantile: 0.1, min: 0}, {check: distinct_count, column: region, max: 10}]}
YAML
  cat >"$cfg/model.yml" <<YAML
version: 1
gates:
  - {name: model, kind: model, predictions: "$url#bench", task: binary, label: label, score: score, prediction: prediction,
     metrics: [{metric: roc_auc, min: 0.5}, {metric: log_loss, max: 1}, {metric: accuracy, min: 0.5}]}
YAML
  cat >"$cfg/fairness.yml" <<YAML
version: 1
gates:
  - {name: fairness, kind: fairness, predictions: "$url#bench", task: binary, label: label, prediction: prediction,
     sensitive: [sex, region], checks: [{check: demographic_parity_difference, max: 0.1}]}
YAML
  cat >"$cfg/drift.yml" <<YAML
version: 1
gates:
  - {name: drift, kind: drift, reference: "$url#bench", current: "$url#bench_current", columns: [age, income, credit_score, region]}
YAML
}

soda_config() { # PORT
  cat >"$cfg/soda.yml" <<YAML
data_source bench:
  type: postgres
  host: 127.0.0.1
  port: $1
  username: bench
  database: postgres
  schema: public
YAML
  cp "$bench/soda_checks.yml" "$cfg/soda-checks.yml"
}

bench_venv .build/venv-bench-soda soda-core-postgres==3.5.6
bench_venv .build/venv-bench-gx great-expectations==1.24.1 psycopg2-binary==2.9.13 sqlalchemy

# CMD… under 'upto MAX': succeeds when CMD's exit status is at most MAX (a gate that
# fails, mlgate's 1 or Soda's 1 and 2 for a warning or a failure, still ran; 'timed'
# takes any other status as a failure).
# shellcheck disable=SC2016 # expanded by the inner bash
upto=(bash -c '"${@:2}"; [ $? -le "$1" ]' upto)

run_all() { # URL PORT PREFIX: sets rows of results for each process
  local url=$1 port=$2 prefix=$3 gate
  write_configs "$url"
  soda_config "$port"
  for gate in data model fairness drift; do
    ran "$prefix mlgate $gate" timed "$work/out" "$work/err" "${upto[@]}" 1 "$mlgate" check --config "$cfg/$gate.yml" --quiet
  done
  ran "$prefix soda-core (data checks)" timed "$work/out" "$work/err" "${upto[@]}" 2 .build/venv-bench-soda/bin/soda scan -d bench -c "$cfg/soda.yml" "$cfg/soda-checks.yml"
  ran "$prefix great_expectations (data checks)" timed "$work/out" "$work/err" .build/venv-bench-gx/bin/python "$bench/warehouse_ge.py" "postgresql+psycopg2://bench@127.0.0.1:$port/postgres" bench
}

# Adds NAME's row to results, or says that it failed (never a previous run's figures).
ran() { # NAME CMD…
  local name=$1
  shift
  if "$@"; then
    results+=("$name|$seconds|$megabytes")
    cpus+=("$name|$cpu")
  else
    echo "warehouse.sh: $name failed: $(tail -n 3 "$work/err")" >&2
    results+=("$name (failed)|—|—")
  fi
}

results=()
cpus=()
run_all "postgresql://bench@127.0.0.1:$port/postgres?sslmode=disable" "$port" ""
timing=("${results[@]}")

# Bytes moved: the same processes once more, through the counting relay.
# A free port chosen now, not at the start: minutes later another process may hold it.
relay=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 "$bench/warehouse_proxy.py" "$relay" "$port" "$work/bytes" &
relay_pid=$!
# The relay writes its count file once it listens (Python starts slowly on a busy machine).
for _ in $(seq 100); do [ -f "$work/bytes" ] && break; sleep 0.3; done
moved=()
measure() { # NAME COMMAND…
  local name=$1 before after
  shift
  before=$(cat "$work/bytes")
  "$@" >/dev/null 2>&1 || true
  sleep 0.5
  after=$(cat "$work/bytes")
  moved+=("$name|$((after - before))")
}
write_configs "postgresql://bench@127.0.0.1:$relay/postgres?sslmode=disable"
soda_config "$relay"
for gate in data model fairness drift; do measure "mlgate $gate" "$mlgate" check --config "$cfg/$gate.yml" --quiet; done
measure "soda-core (data checks)" .build/venv-bench-soda/bin/soda scan -d bench -c "$cfg/soda.yml" "$cfg/soda-checks.yml"
measure "great_expectations (data checks)" .build/venv-bench-gx/bin/python "$bench/warehouse_ge.py" "postgresql+psycopg2://bench@127.0.0.1:$relay/postgres" bench

# Exactness: the same gates on the tables' rows as CSV files give the same numbers.
echo "# the same gates on the tables' rows as CSV files"
kill "$relay_pid" 2>/dev/null || true
relay_pid=
for table in bench bench_current; do psql -c "\\copy $table TO '$work/$table.csv' WITH (FORMAT csv, HEADER)"; done
url="postgresql://bench@127.0.0.1:$port/postgres?sslmode=disable"
write_configs "$url"
agreements=()
for gate in data model fairness drift; do
  sed -e "s|\"$url#bench\"|$work/bench.csv|" -e "s|\"$url#bench_current\"|$work/bench_current.csv|" "$cfg/$gate.yml" >"$cfg/$gate-file.yml"
  agree_reports "$gate" "$cfg/$gate.yml" "$cfg/$gate-file.yml" "$work" "the PostgreSQL table"
done

body=$(
  table "${timing[@]}"
  echo
  echo "| process | CPU time, user + system (s) |"
  echo "| --- | ---: |"
  for row in "${cpus[@]}"; do echo "| ${row%%|*} | ${row#*|} |"; done
  echo
  bytes_table "$table_bytes" bytes "${moved[@]}"
  echo
  echo "The same four mlgate configs on the tables' rows as CSV files (report_agreement.py):"
  echo
  for line in "${agreements[@]}"; do echo "- $line"; done
)
echo "$body"
if $write; then write_section warehouse-results "Warehouse tables, $rows rows in PostgreSQL 15 on the same machine" "$body"; fi
