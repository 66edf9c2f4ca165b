#!/usr/bin/env bash
# A champion's predictions on the candidate's PostgreSQL server (docs/warehouse.md, "A
# champion's predictions: joined on the server"): the paired model gate of
# Benchmarks/bootstrap.sh (ROC AUC and log loss with `confidence`, 200 resamples) on
# two tables of one server instead of two files.
#
#   Benchmarks/pairing.sh [--rows N] [--rounds R] [--write]   (default 1,000,000 rows, 3 rounds)
#   BASE=/path/to/other/mlgate Benchmarks/pairing.sh            (that build beside, interleaved)
#
# Starts its own PostgreSQL 15 (initdb in .build/bench-pairing, pg_ctl on a free port;
# stopped at the end) and loads bootstrap_data.py's files into it by COPY: scores with six
# decimals (every paired row distinct) and with two (6,832 distinct paired rows at 1M
# rows). Then R rounds, each running both configs with mlgate (and BASE) under GNU time,
# and once each config on the files. Prints the median wall time and peak RSS and the
# intervals each reported; fails when a build's intervals on the server are not its own
# on the files (to 1e-12 relative). --write puts the table into docs/performance.md
# (<!-- pairing-results -->).
set -euo pipefail
rounds=3  # unless --rounds says otherwise (bench_setup)
# shellcheck source=Benchmarks/bench_functions.sh
source "$(dirname "$0")/bench_functions.sh"
bench_setup "$@"
bench_mlgate

dir=$data/bootstrap-$rows
if [ ! -f "$dir/repeated.yml" ] || [ "$bench/bootstrap_data.py" -nt "$dir/repeated.yml" ]; then
  python3 "$bench/bootstrap_data.py" "$dir" "$rows"
fi

bench_postgres bench-pairing
logs=$(mktemp -d)
cleanup() {
  bench_postgres_stop
  rm -rf "$logs"
}
trap cleanup EXIT

url="postgresql://bench@127.0.0.1:$port/postgres?sslmode=disable"
for config in distinct repeated; do
  for table in p champion; do
    psql -c "CREATE TABLE ${config}_$table (id bigint, label int, score float8)"
    psql -c "\\copy ${config}_$table FROM '$dir/$config/$table.csv' WITH (FORMAT csv, HEADER true)"
  done
  sed -e "s|predictions: $config/p.csv|predictions: '$url#${config}_p'|" \
    -e "s|predictions: $config/champion.csv|predictions: '$url#${config}_champion'|" "$dir/$config.yml" >"$dir/$config-server.yml"
  grep -q "#${config}_champion" "$dir/$config-server.yml" || { echo "the config did not take the tables" >&2; exit 1; }
done
psql -c "ANALYZE"

builds=("mlgate=$mlgate")
if [ -n "${BASE:-}" ]; then builds+=("base=$BASE"); fi
run() {  # NAME EXECUTABLE CONFIG JSON TIME
  local status=0
  (cd "$dir" && /usr/bin/time -f "%e %M" -o "$5" "$2" check --config "$3" --quiet --json "$4") >"$logs/out" 2>&1 || status=$?
  if [ "$status" -gt 1 ]; then
    cat "$logs/out" >&2
    echo "$2 check --config $dir/$3 exited $status" >&2
    exit 1
  fi
}
for build in "${builds[@]}"; do
  for config in distinct repeated; do
    run "${build%%=*}" "${build#*=}" "$config.yml" "$logs/${build%%=*}-$config-file.json" /dev/null
  done
done
for round in $(seq 1 "$rounds"); do
  for config in distinct repeated; do
    for build in "${builds[@]}"; do
      name=${build%%=*}
      run "$name" "${build#*=}" "$config-server.yml" "$logs/$name-$config.json" "$logs/$name-$config-$round.time"
    done
  done
done

summary=$(python3 "$bench/bootstrap_summary.py" "$logs" "$rounds" --against-files "${builds[@]%%=*}")
echo "# a champion on the candidate's server, $rows rows, 200 resamples, $rounds interleaved rounds (medians)"
echo
echo "$summary"
if $write; then
  write_section pairing-results "$rows paired rows on one PostgreSQL 15 server, 200 resamples, $rounds interleaved rounds (medians)" "$summary"
fi
