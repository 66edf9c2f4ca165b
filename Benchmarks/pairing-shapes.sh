#!/usr/bin/env bash
# A champion on the candidate's PostgreSQL server (docs/warehouse.md, "A binary model
# with a score column: constant memory") on a shape Benchmarks/pairing.sh does not have
# (pairing_shapes_data.py: labels yes/no, prediction columns, float weights, quoted
# non-ASCII ids, a slice of five values; 200 resamples, three metrics with `confidence`).
#
#   Benchmarks/pairing-shapes.sh [--rows N] [--rounds R]   (default 300,000 rows, 2 rounds)
#   BASE=/path/to/other/mlgate Benchmarks/pairing-shapes.sh  (that build beside, interleaved)
#   SHAPE=regression Benchmarks/pairing-shapes.sh            (a regressor and its champion:
#     continuous targets, six-decimal estimates, weights, a slice; docs/warehouse.md,
#     "A regressor: sums on the server, the bootstrap as the rows come")
#   SHAPE=regression-median Benchmarks/pairing-shapes.sh     (the same, the median absolute
#     error with a confidence: two more reads, in each model's errors' order)
#   SHAPE=multiclass Benchmarks/pairing-shapes.sh            (a multiclass model and its champion:
#     six-decimal probabilities of three classes, accuracy, log loss, F1 and Brier score;
#     docs/warehouse.md, "A multiclass model and its champion")
#   TYPES=text Benchmarks/pairing-shapes.sh                  (every column loaded as `text`,
#     as a CSV loaded as it is: docs/warehouse.md, "Numbers held as text")
#
# Starts its own PostgreSQL 15 (.build/bench-pairing-shapes, stopped at the end), loads
# both tables by COPY, checks that mlgate's report on the tables equals its report on
# the files (report_agreement.py: counts exactly, other numbers to 1e-12 relative), then
# runs R rounds of each build under GNU time and prints wall time, peak RSS and how each
# read the champion (its `baseline` result).
# shellcheck source=Benchmarks/bench_functions.sh
source "$(dirname "$0")/bench_functions.sh"
rows=300000 rounds=2
bench_setup "$@"
bench_mlgate

shape=${SHAPE:-binary}
case "$shape" in
  binary) columns="key text, outcome text, proba float8, decision text, wt float8, region text" ;;
  regression|regression-median) columns="key text, target float8, estimate float8, wt float8, region text" ;;
  multiclass) columns="key text, label text, p_cat float8, p_dog float8, p_bird float8, decision text, wt float8, region text" ;;
  *) echo "SHAPE is binary, regression, regression-median or multiclass, not $shape" >&2; exit 2 ;;
esac
if [ "${TYPES:-}" = text ]; then columns=${columns//float8/text}; fi
dir=$data/pairing-shapes-$shape-$rows
if [ ! -f "$dir/gate.yml" ] || [ "$bench/pairing_shapes_data.py" -nt "$dir/gate.yml" ]; then
  mkdir -p "$dir"
  python3 "$bench/pairing_shapes_data.py" "$dir" "$rows" "$shape"
fi

bench_postgres bench-pairing-shapes
logs=$(mktemp -d)
cleanup() {
  bench_postgres_stop
  rm -rf "$logs"
}
trap cleanup EXIT

for table in p c; do
  psql -c "CREATE TABLE shapes_$table ($columns)"
  psql -c "\\copy shapes_$table FROM '$dir/$table.csv' WITH (FORMAT csv, HEADER true)"
done
psql -c "ANALYZE"
url="postgresql://bench@127.0.0.1:$port/postgres?sslmode=disable"
sed -e "s|PREDICTIONS|p.csv|" -e "s|CHAMPION|c.csv|" "$dir/gate.yml" >"$dir/file.yml"
sed -e "s|PREDICTIONS|'$url#shapes_p'|" -e "s|CHAMPION|'$url#shapes_c'|" "$dir/gate.yml" >"$dir/server.yml"

agreements=()  # agree_reports appends its summary, printed as it runs
agree_reports mlgate "$dir/server.yml" "$dir/file.yml" "$logs" "the server"

interleaved "$dir" "$logs"  # sets builds

echo "# a champion on the candidate's server, $rows rows of pairing_shapes_data.py ($shape${TYPES:+, columns of type $TYPES}), $rounds interleaved rounds (medians)"
echo
echo "| build | wall time (s) | peak RSS (MB) | baseline |"
echo "| --- | ---: | ---: | --- |"
for build in "${builds[@]}"; do
  name=${build%%=*}
  python3 - "$logs" "$name" "$rounds" <<'PY'
import json, statistics, sys
logs, name, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = [open(f"{logs}/{name}-{r}.time").read().split() for r in range(1, rounds + 1)]
seconds = statistics.median(float(t[0]) for t in times)
megabytes = statistics.median(float(t[1]) / 1024 for t in times)
report = json.load(open(f"{logs}/{name}.json"))
baseline = next(c for c in report["gates"][0]["checks"] if c["name"] == "baseline")["message"]
read = baseline[baseline.index("paired by"):] if "paired by" in baseline else baseline
print(f"| {name} | {seconds:.2f} | {megabytes:.0f} | {read} |")
PY
done
