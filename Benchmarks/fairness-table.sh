#!/usr/bin/env bash
# A fairness gate on a PostgreSQL table (docs/warehouse.md, "Pushed down: model and
# fairness gates"): a binary model judged by a uniform score cut at 0.7, a continuous
# weight on every row (each row its own bootstrap content), two sexes × five regions,
# four checks with `confidence` (200 resamples), beside a weighted regressor's gate of
# continuous predictions.
#
#   Benchmarks/fairness-table.sh [--rows N] [--rounds R]   (default 1,000,000 rows, 2 rounds)
#   BASE=/path/to/other/mlgate Benchmarks/fairness-table.sh  (that build beside, interleaved)
#
# Starts its own PostgreSQL 15 (.build/bench-fairness-table, stopped at the end), makes
# the table with generate_series (seeded) and exports it as a CSV, checks that mlgate's
# report on the table equals its report on the file (report_agreement.py: counts
# exactly, other numbers to 1e-12 relative), then runs R rounds of each build under GNU
# time and prints wall time and peak RSS.
# shellcheck source=Benchmarks/bench_functions.sh
source "$(dirname "$0")/bench_functions.sh"
rounds=2
bench_setup "$@"
bench_mlgate

bench_postgres bench-fairness-table
logs=$(mktemp -d)
cleanup() {
  bench_postgres_stop
  rm -rf "$logs"
}
trap cleanup EXIT

dir=$data/fairness-table-$rows
mkdir -p "$dir"
psql -c "SELECT setseed(0.42)" -c "CREATE TABLE fairness AS SELECT i AS id, s AS score,
    CASE WHEN random() < s THEN 1 ELSE 0 END AS label, 0.5 + random() AS w,
    (ARRAY['F', 'M'])[1 + i % 2] AS sex, (ARRAY['north', 'south', 'east', 'west', 'centre'])[1 + (i / 2) % 5] AS region,
    t AS target, t + (random() - 0.5) * 10 AS estimate
  FROM (SELECT i, random() AS s, random() * 100 AS t FROM generate_series(1, $rows) AS i) AS drawn" >/dev/null
psql -c "\\copy fairness TO '$(pwd)/$dir/fairness.csv' WITH (FORMAT csv, HEADER true)" >/dev/null
cat >"$dir/gate.yml" <<'YML'
version: 1
gates:
  - name: weighted-classifier
    kind: fairness
    predictions: PREDICTIONS
    task: binary
    label: label
    score: score
    threshold: 0.7
    weight: w
    sensitive: [sex, region]
    reference: {sex: F, region: north}
    confidence: 0.9
    bootstrap: {resamples: 200, seed: 7}
    checks:
      - {check: demographic_parity_difference, max: 0.2}
      - {check: equalized_odds_difference, max: 0.2}
      - {check: disparate_impact, min: 0.8}
      - {check: group_ratio, metric: precision, min: 0.8}
  - name: weighted-regressor
    kind: fairness
    predictions: PREDICTIONS
    task: regression
    label: target
    prediction: estimate
    weight: w
    sensitive: [sex, region]
    checks:
      - {check: group_difference, metric: mean_absolute_error, max: 1}
YML
url="postgresql://bench@127.0.0.1:$port/postgres?sslmode=disable"
sed -e "s|PREDICTIONS|fairness.csv|" "$dir/gate.yml" >"$dir/file.yml"
sed -e "s|PREDICTIONS|'$url#fairness'|" "$dir/gate.yml" >"$dir/server.yml"

agreements=()  # agree_reports appends its summary, printed as it runs
(cd "$dir" && agree_reports mlgate server.yml file.yml "$logs" "the server") || exit 1

interleaved "$dir" "$logs"  # sets builds

echo "# a fairness gate on a PostgreSQL table, $rows rows (continuous weights, 200 resamples), $rounds interleaved rounds (medians)"
echo
echo "| build | wall time (s) | peak RSS (MB) |"
echo "| --- | ---: | ---: |"
for build in "${builds[@]}"; do
  name=${build%%=*}
  python3 - "$logs" "$name" "$rounds" <<'PY'
import statistics, sys
logs, name, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = [open(f"{logs}/{name}-{r}.time").read().split() for r in range(1, rounds + 1)]
print(f"| {name} | {statistics.median(float(t[0]) for t in times):.2f} | {statistics.median(float(t[1]) / 1024 for t in times):.0f} |")
PY
done
