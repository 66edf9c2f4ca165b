#!/usr/bin/env bash
# The paired bootstrap: a model gate with a champion's predictions paired by id and
# checks with `confidence` (docs/metrics.md: a Poisson bootstrap of the distinct paired
# rows, so a resample costs a draw per distinct row).
#
#   Benchmarks/bootstrap.sh [--rows N] [--rounds R] [--write]   (default 1,000,000 rows, 3 rounds)
#   BASE=/path/to/other/mlgate Benchmarks/bootstrap.sh            (that build beside, interleaved)
#
# Generates once (bootstrap_data.py, seeded, into .build/bench-data/bootstrap-ROWS/) the
# paired predictions twice: scores with six decimals (every paired row distinct) and
# with two (6,832 distinct paired rows at 1M rows), 200 resamples, ROC AUC and log loss.
# Then R rounds, each running both configs with mlgate (and BASE), under GNU time.
# Prints the median wall time and peak RSS of each, and the intervals each reported;
# --write puts them into docs/performance.md (<!-- bootstrap-results -->). A gate that
# fails (exit 1) is an answer; exit 2 stops the benchmark.
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
builds=("mlgate=$mlgate")
if [ -n "${BASE:-}" ]; then builds+=("base=$BASE"); fi

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
for round in $(seq 1 "$rounds"); do
  for config in distinct repeated; do
    for build in "${builds[@]}"; do
      name=${build%%=*}
      status=0
      (cd "$dir" && /usr/bin/time -f "%e %M" -o "$logs/$name-$config-$round.time" "${build#*=}" check --config "$config.yml" \
        --quiet --json "$logs/$name-$config.json") >"$logs/out" 2>&1 || status=$?
      if [ "$status" -gt 1 ]; then
        cat "$logs/out" >&2
        echo "${build#*=} check --config $dir/$config.yml exited $status" >&2
        exit 1
      fi
    done
  done
done

summary=$(python3 "$bench/bootstrap_summary.py" "$logs" "$rounds" "${builds[@]%%=*}")
echo "# paired bootstrap, $rows rows, 200 resamples, $rounds interleaved rounds (medians)"
echo
echo "$summary"
if $write; then
  write_section bootstrap-results "$rows paired rows, 200 resamples, $rounds interleaved rounds (medians)" "$summary"
fi
