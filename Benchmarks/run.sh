#!/usr/bin/env bash
# The benchmark: mlgate against the tools our users know, side by side in one run, on
# deterministic generated data. Wall time and peak RSS of each whole process (GNU time).
#
#   Benchmarks/run.sh [--rows N] [--write]
#
# --write replaces the results table in docs/performance.md. Needs python3 with venv and
# GNU time (installed with apt-get when missing); installs scikit-learn 1.9.1, fairlearn
# 0.15.0, pandas and pyarrow (for parquet.sh's copies) into .build/bench-venv, and evidently 0.7 with pandas < 3 (evidently
# 0.7 does not import under pandas 3) into .build/drift-venv. Never run by the tests:
# timings belong to this script alone.
set -euo pipefail
# shellcheck source=Benchmarks/bench_functions.sh
source "$(dirname "$0")/bench_functions.sh"
bench_setup "$@"

venv=.build/bench-venv
bench_venv "$venv" "scikit-learn==1.9.1" "fairlearn==0.15.0" pandas pyarrow==26.0.1
bench_mlgate

results=()
measure() { # name command...
  local name=$1
  shift
  # Not /dev/stderr: when stderr is a file, reopening it truncates what was printed so far.
  timed "$data/$name.out" "$data/$name.err" "$@" || { cat "$data/$name.err" >&2; echo "failed: $*" >&2; exit 1; }
  results+=("$name|$seconds|$megabytes")
  printf '%-34s %8s s %8s MB  (%d run%s)\n' "$name" "$seconds" "$megabytes" "$runs" "$([ "$runs" -gt 1 ] && echo s)"
}

for task in binary multiclass; do
  file="$data/predictions-v2-$task-$rows.csv"
  [ -f "$file" ] || "$venv/bin/python" "$bench/make_predictions.py" "$file" "$rows" "$task"
  echo "# model metrics, $task, $rows rows ($(du -h "$file" | cut -f1))"
  if [ "$task" = binary ]; then
    measure "mlgate metrics ($task)" "$mlgate" metrics "$file" --task binary --label label --score score --prediction prediction --format json
  else
    measure "mlgate metrics ($task)" "$mlgate" metrics "$file" --task multiclass --label label --score-prefix score_ --prediction prediction --format json
  fi
  measure "scikit-learn ($task)" "$venv/bin/python" "$bench/sklearn_metrics.py" "$file" "$task"
  # Both must agree before their times mean anything.
  "$venv/bin/python" "$bench/agree_metrics.py" "$data/mlgate metrics ($task).out" "$data/scikit-learn ($task).out"
done

# Fairness: per-group rates over sex × region and every aggregate.
file="$data/predictions-v2-binary-$rows.csv"
echo "# fairness groups, binary, $rows rows, sex × region"
measure "mlgate fairness" "$mlgate" fairness "$file" --sensitive sex,region --label label --prediction prediction --format json
measure "fairlearn MetricFrame" "$venv/bin/python" "$bench/fairlearn_groups.py" "$file" sex,region
"$venv/bin/python" "$bench/agree_fairness.py" "$data/mlgate fairness.out" "$data/fairlearn MetricFrame.out"

# Drift: 2 × ROWS rows, 8 columns, every column with its automatic test.
drift_venv=.build/drift-venv
bench_venv "$drift_venv" "evidently==0.7.23" "pandas<3" scipy numpy pyarrow==26.0.1
reference="$data/drift-reference-$rows.csv" current="$data/drift-current-$rows.csv"
[ -f "$current" ] || "$drift_venv/bin/python" "$bench/make_drift_data.py" "$reference" "$current" "$rows"
echo "# data drift, 2 × $rows rows ($(du -h "$reference" | cut -f1) each), 8 columns"
measure "mlgate drift" "$mlgate" drift "$reference" "$current" --format json
measure "mlgate profile (once)" "$mlgate" profile "$reference" -o "$data/drift-reference.profile.json"
measure "mlgate drift (profile)" "$mlgate" drift "$data/drift-reference.profile.json" "$current" --format json
measure "Evidently DataDriftPreset" "$drift_venv/bin/python" "$bench/evidently_drift.py" "$reference" "$current"
"$drift_venv/bin/python" "$bench/agree_drift.py" "$data/mlgate drift.out" "$data/Evidently DataDriftPreset.out" "$data/mlgate drift (profile).out"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b / a }'; }
summary="scikit-learn / mlgate wall time: binary $(ratio "$(time_of 'mlgate metrics (binary)')" "$(time_of 'scikit-learn (binary)')")×, multiclass $(ratio "$(time_of 'mlgate metrics (multiclass)')" "$(time_of 'scikit-learn (multiclass)')")×; fairlearn / mlgate: $(ratio "$(time_of 'mlgate fairness')" "$(time_of 'fairlearn MetricFrame')")×; Evidently / mlgate drift: $(ratio "$(time_of 'mlgate drift')" "$(time_of 'Evidently DataDriftPreset')")× (with a profile: $(ratio "$(time_of 'mlgate drift (profile)')" "$(time_of 'Evidently DataDriftPreset')")×)"
echo
table "${results[@]}"
echo "$summary"
if $write; then
  write_section results "$rows rows" "$(table "${results[@]}")"$'\n\n'"$summary"
fi
