#!/usr/bin/env bash
# Issue #22's targets on shapes unlike the other benchmarks' files: the 13-column loans
# file (ids, integers, decimals with empty cells, categories, e-mails, dates) and the same
# columns with quoted free text, non-ASCII names and CRLF line ends (shapes_data.py).
#
#   Benchmarks/shapes.sh [--rows N] [--rounds R] [--write]   (default 1,000,000 rows, 3 rounds)
#
# Per shape, the peers run once each (their median run when under 10 s: bench_functions'
# `timed`): scikit-learn's binary metrics, fairlearn's MetricFrame and aggregates per
# grouping (grade, term, grade × term), Evidently's DataDriftPreset over eight columns
# against the reference file. mlgate then runs R interleaved rounds, each round every
# work on both shapes one after another: `mlgate metrics`, `mlgate fairness` per
# grouping, `mlgate drift` over the same eight columns and the whole four-gate config
# (data contract, model, fairness, drift: SHAPE.yml). Its outputs must agree with the
# peers' (agree_*.py) before the times mean anything. Prints, per shape and work, the
# medians, the ratios and the targets (shapes_summary.py: metrics >= 20x scikit-learn,
# fairness >= 200x fairlearn per grouping, drift >= 50x Evidently, the whole config
# <= 0.5 s); --write puts them into docs/performance.md (<!-- shapes-results -->).
set -euo pipefail
rounds=3  # unless --rounds says otherwise (bench_setup)
# shellcheck source=Benchmarks/bench_functions.sh
source "$(dirname "$0")/bench_functions.sh"
bench_setup "$@"

venv=.build/bench-venv
bench_venv "$venv" "scikit-learn==1.9.1" "fairlearn==0.15.0" pandas pyarrow==26.0.1
drift_venv=.build/drift-venv
bench_venv "$drift_venv" "evidently==0.7.23" "pandas<3" scipy numpy pyarrow==26.0.1
bench_mlgate

dir=$data/shapes-$rows
if [ ! -f "$dir/quoted.yml" ] || [ "$bench/shapes_data.py" -nt "$dir/quoted.yml" ] || [ "$bench/tokenize_data.py" -nt "$dir/quoted.yml" ]; then
  python3 "$bench/shapes_data.py" "$dir" "$rows"
fi
columns=$(python3 -c "import sys; sys.path.insert(0, '$bench'); from shapes_data import DRIFT_COLUMNS; print(','.join(DRIFT_COLUMNS))")
groupings=(grade term "grade,term")
shapes=(loans quoted)
results=$(mktemp)
out=$(mktemp -d)
trap 'rm -rf "$results" "$out"' EXIT

# A peer's run: its output into OUT, its errors shown when it fails.
peer() { # OUT COMMAND...
  local target=$1
  shift
  timed "$target" "$out/peer.err" "$@" || { cat "$out/peer.err" >&2; echo "failed: $*" >&2; exit 1; }
}

# The mlgate command of one work on one shape, into the array `command`.
command_of() { # shape name
  local file=$dir/$1.csv
  case "$2" in
    metrics) command=("$mlgate" metrics "$file" --task binary --label label --score score --prediction prediction --format json) ;;
    "fairness "*) command=("$mlgate" fairness "$file" --sensitive "${2#fairness }" --label label --prediction prediction --format json) ;;
    drift) command=("$mlgate" drift "$dir/$1-reference.csv" "$file" --columns "$columns" --format json) ;;
    "all four gates") command=("$mlgate" check --config "$dir/$1.yml" --no-reports --quiet) ;;
  esac
}
works=(metrics "fairness grade" "fairness term" "fairness grade,term" drift "all four gates")

for shape in "${shapes[@]}"; do
  file=$dir/$shape.csv
  echo "# $shape.csv ($(du -h "$file" | cut -f1)), peers"
  peer "$out/$shape-sklearn.json" "$venv/bin/python" "$bench/sklearn_metrics.py" "$file" binary
  printf '%s\tmetrics\tpeer\t%s\t%s\n' "$shape" "$seconds" "$megabytes" >>"$results"
  echo "  scikit-learn $seconds s"
  for grouping in "${groupings[@]}"; do
    peer "$out/$shape-fairlearn-$grouping.json" "$venv/bin/python" "$bench/fairlearn_groups.py" "$file" "$grouping"
    printf '%s\tfairness %s\tpeer\t%s\t%s\n' "$shape" "$grouping" "$seconds" "$megabytes" >>"$results"
    echo "  fairlearn ($grouping) $seconds s"
  done
  peer "$out/$shape-evidently.json" "$drift_venv/bin/python" "$bench/evidently_drift.py" "$dir/$shape-reference.csv" "$file" "$columns"
  printf '%s\tdrift\tpeer\t%s\t%s\n' "$shape" "$seconds" "$megabytes" >>"$results"
  echo "  Evidently $seconds s"
done

log=$(mktemp)
for round in $(seq 1 "$rounds"); do
  line="round $round:"
  for shape in "${shapes[@]}"; do
    for name in "${works[@]}"; do
      status=0
      command_of "$shape" "$name"
      # GNU time's %e has two decimals, 8% of a 0.12 s run: the wall time is taken in
      # nanoseconds around it (its own start and wait included, as in %e), and GNU time
      # gives the peak RSS.
      started=$(date +%s%N)
      /usr/bin/time -f "%M" -o "$log" "${command[@]}" >"$out/$shape-$name.mlgate" 2>"$out/err" || status=$?
      ended=$(date +%s%N)
      if [ "$status" -gt 1 ]; then
        cat "$out/err" >&2
        echo "mlgate ($shape, $name) exited $status" >&2
        exit 1
      fi
      read -r kilobytes < <(tail -n 1 "$log")
      seconds=$(awk -v s="$started" -v e="$ended" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
      printf '%s\t%s\tmlgate\t%s\t%s\n' "$shape" "$name" "$seconds" "$((kilobytes / 1024))" >>"$results"
      line+=" $shape/$name $seconds"
    done
  done
  echo "$line"
  if [ "$round" = 1 ]; then
    for shape in "${shapes[@]}"; do
      "$venv/bin/python" "$bench/agree_metrics.py" "$out/$shape-metrics.mlgate" "$out/$shape-sklearn.json"
      for grouping in "${groupings[@]}"; do
        "$venv/bin/python" "$bench/agree_fairness.py" "$out/$shape-fairness $grouping.mlgate" "$out/$shape-fairlearn-$grouping.json"
      done
      "$drift_venv/bin/python" "$bench/agree_drift.py" "$out/$shape-drift.mlgate" "$out/$shape-evidently.json"
    done
  fi
done
rm -f "$log"

summary=$(python3 "$bench/shapes_summary.py" "$results")
echo
echo "$summary"
if $write; then
  write_section shapes-results "$rows rows, $rounds interleaved rounds" "$summary"
fi
