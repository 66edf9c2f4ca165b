#!/usr/bin/env bash
# The shared scan: four gates over one file should cost about what the slowest of them
# costs alone, since every gate that reads an input consumes the same scan of it
# (DESIGN.md, Architecture: Scan/). Targets: the whole config's wall time at most 1.5 ×
# the slowest single gate's, its peak RSS at most 1.2 × the largest single gate's.
#
#   Benchmarks/shared-scan.sh [--rows N] [--rounds R] [--write]   (default 1,000,000 rows, 5 rounds)
#
# Generates once (shared_scan_data.py, seeded, into .build/bench-data/shared-scan-ROWS/)
# a ROWS-row CSV with columns for all four gate kinds and a reference CSV with shifted
# distributions, a Table Schema (types, required, enum, minimum/maximum, unique, pattern)
# and five configs: all.yml (a data gate with the schema as contract, a model gate with
# binary metrics, a fairness gate over sex and race, a drift gate against the reference)
# and each gate alone. Then R rounds, each running all.yml and the four one-gate configs
# one after another (interleaved: timings on this machine swing by a third, so only runs
# of one round are compared), every run under `/usr/bin/time -v` (wall time, peak RSS).
# Prints the medians and the two ratios (shared_scan_summary.py); --write puts them into
# docs/performance.md (<!-- shared-scan-results -->). A gate that fails (exit 1) is an
# answer, not an error; exit 2 (a config error) stops the benchmark.
set -euo pipefail
rounds=5  # unless --rounds says otherwise (bench_setup)
# shellcheck source=Benchmarks/bench_functions.sh
source "$(dirname "$0")/bench_functions.sh"
bench_setup "$@"
bench_mlgate

dir=$data/shared-scan-$rows
if [ ! -f "$dir/all.yml" ] || [ "$bench/shared_scan_data.py" -nt "$dir/all.yml" ]; then
  python3 "$bench/shared_scan_data.py" "$dir" "$rows"
fi
echo "# shared scan, $rows rows ($(du -h "$dir/current.csv" | cut -f1) + reference $(du -h "$dir/reference.csv" | cut -f1)), $rounds rounds"

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
for round in $(seq 1 "$rounds"); do
  line="round $round:"
  for config in all data model fairness drift; do
    status=0
    /usr/bin/time -v -o "$logs/$config-$round.time" "$mlgate" check --config "$dir/$config.yml" --no-reports --quiet \
      >"$logs/$config.out" 2>&1 || status=$?
    if [ "$status" -gt 1 ]; then
      cat "$logs/$config.out" >&2
      echo "mlgate check --config $dir/$config.yml exited $status" >&2
      exit 1
    fi
    line+=" $config $(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$logs/$config-$round.time")"
  done
  echo "$line"
done

summary=$(python3 "$bench/shared_scan_summary.py" "$logs" "$rounds")
echo
echo "$summary"
if $write; then
  write_section shared-scan-results "$rows rows ($(du -h "$dir/current.csv" | cut -f1)), $rounds interleaved rounds" "$summary"
fi
