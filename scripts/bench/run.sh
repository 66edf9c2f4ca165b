#!/usr/bin/env bash
# The benchmark: mlgate against the tools our users know, side by side in one run, on
# deterministic generated data. Wall time and peak RSS of each whole process (GNU time).
#
#   scripts/bench/run.sh [--rows N] [--write]
#
# --write replaces the results table in docs/performance.md. Needs python3 with venv and
# GNU time (apt-get install time); installs scikit-learn 1.9.1, fairlearn 0.15.0 and
# pandas into .build/bench-venv, and evidently 0.7 with pandas < 3 (evidently 0.7 does
# not import under pandas 3) into .build/drift-venv. Never run by the tests: timings
# belong to this script alone.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rows=1000000
write=false
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --write) write=true; shift ;;
    *) echo "usage: $0 [--rows N] [--write]" >&2; exit 2 ;;
  esac
done
cd "$root"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 2; }

venv=.build/bench-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import sklearn, pandas, fairlearn" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "scikit-learn==1.9.1" "fairlearn==0.15.0" pandas
fi
# Built as the CI image builds it (ci-templates/Dockerfile: the Swift runtime and
# Foundation linked in), which is what a CI job runs: it also starts ~10 ms sooner.
swift build -c release --product mlgate --static-swift-stdlib >/dev/null
mlgate=$(swift build -c release --static-swift-stdlib --show-bin-path)/mlgate
data=.build/bench-data
mkdir -p "$data"

results=()
# A process that takes under 10 s is run three times and its median run is kept (wall
# time and its peak RSS): on a shared 2-core machine a single short run can be slowed
# by half by whatever else runs at that moment. Longer processes run once.
measure() { # name command...
  local name=$1; shift
  local log runs=() seconds kilobytes
  log=$(mktemp)
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$log" "$@" >"$data/$name.out"
    read -r seconds kilobytes <"$log"
    runs+=("$seconds $kilobytes")
    awk -v s="$seconds" 'BEGIN { exit !(s >= 10) }' && break
  done
  rm -f "$log"
  read -r seconds kilobytes < <(printf '%s\n' "${runs[@]}" | sort -n | awk -v n="${#runs[@]}" 'NR == int((n + 1) / 2)')
  results+=("$name|$seconds|$((kilobytes / 1024))")
  printf '%-34s %8s s %8s MB  (%d run%s)\n' "$name" "$seconds" "$((kilobytes / 1024))" "${#runs[@]}" "$([ ${#runs[@]} -gt 1 ] && echo s)"
}

for task in binary multiclass; do
  file="$data/predictions-v2-$task-$rows.csv"
  [ -f "$file" ] || "$venv/bin/python" scripts/bench/make_predictions.py "$file" "$rows" "$task"
  echo "# model metrics, $task, $rows rows ($(du -h "$file" | cut -f1))"
  if [ "$task" = binary ]; then
    measure "mlgate metrics ($task)" "$mlgate" metrics "$file" --task binary --label label --score score --prediction prediction --format json
  else
    measure "mlgate metrics ($task)" "$mlgate" metrics "$file" --task multiclass --label label --score-prefix score_ --prediction prediction --format json
  fi
  measure "scikit-learn ($task)" "$venv/bin/python" scripts/bench/sklearn_metrics.py "$file" "$task"
  # Both must agree before their times mean anything.
  "$venv/bin/python" - "$data/mlgate metrics ($task).out" "$data/scikit-learn ($task).out" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))["metrics"]
theirs = json.load(open(sys.argv[2]))["metrics"]
bad = [k for k, v in theirs.items() if k != "confusion_matrix" and (ours.get(k) is None or abs(ours[k] - v) > 1e-9)]
if bad:
    sys.exit(f"mlgate and scikit-learn disagree on {bad}")
print(f"  {len(theirs) - 1} metrics agree to 1e-9")
PY
done

# Fairness: per-group rates over sex × region and every aggregate.
file="$data/predictions-v2-binary-$rows.csv"
echo "# fairness groups, binary, $rows rows, sex × region"
measure "mlgate fairness" "$mlgate" fairness "$file" --sensitive sex,region --label label --prediction prediction --format json
measure "fairlearn MetricFrame" "$venv/bin/python" scripts/bench/fairlearn_groups.py "$file" sex,region
"$venv/bin/python" - "$data/mlgate fairness.out" "$data/fairlearn MetricFrame.out" <<'PY'
import json, sys
ours, theirs = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
bad = []
for a, b in zip(ours["groups"], theirs["groups"]):
    if a["group"] != b["group"]:
        bad.append(("group order", a["group"], b["group"]))
    for k, v in b["rates"].items():
        if a["rates"][k] is not None and abs(a["rates"][k] - v) > 1e-9:
            bad.append((a["group"], k))
def walk(x, y, path):
    if isinstance(y, dict):
        for k in y: walk(x[k], y[k], path + [k])
    elif x is None or abs(x - y) > 1e-9:
        bad.append(path)
walk(ours["aggregates"], theirs["aggregates"], [])
if bad:
    sys.exit(f"mlgate and fairlearn disagree: {bad[:5]}")
print(f"  {len(theirs['groups'])} groups and every aggregate agree to 1e-9")
PY

# Drift: 2 × ROWS rows, 8 columns, every column with its automatic test.
drift_venv=.build/drift-venv
if [ ! -x "$drift_venv/bin/python" ] || ! "$drift_venv/bin/python" -c "import evidently, scipy" 2>/dev/null; then
  python3 -m venv "$drift_venv"
  "$drift_venv/bin/pip" install -q --disable-pip-version-check "evidently==0.7.23" "pandas<3" scipy numpy
fi
reference="$data/drift-reference-$rows.csv" current="$data/drift-current-$rows.csv"
[ -f "$current" ] || "$drift_venv/bin/python" scripts/bench/make_drift_data.py "$reference" "$current" "$rows"
echo "# data drift, 2 × $rows rows ($(du -h "$reference" | cut -f1) each), 8 columns"
measure "mlgate drift" "$mlgate" drift "$reference" "$current" --format json
measure "mlgate profile (once)" "$mlgate" profile "$reference" -o "$data/drift-reference.profile.json"
measure "mlgate drift (profile)" "$mlgate" drift "$data/drift-reference.profile.json" "$current" --format json
measure "Evidently DataDriftPreset" "$drift_venv/bin/python" scripts/bench/evidently_drift.py "$reference" "$current"
"$drift_venv/bin/python" - "$data/mlgate drift.out" "$data/Evidently DataDriftPreset.out" "$data/mlgate drift (profile).out" <<'PY'
import json, sys
names = {"ks": "ks", "chisquare": "chisquare", "z": "ztest", "wasserstein": "wasserstein", "jensenshannon": "jensenshannon"}
ours = {c["column"]: c for c in json.load(open(sys.argv[1]))["drift"]["columns"]}
theirs = json.load(open(sys.argv[2]))["columns"]
profiled = {c["column"]: c for c in json.load(open(sys.argv[3]))["drift"]["columns"]}
bad = [k for k, v in theirs.items()
       if names.get(v["stattest"]) != ours[k]["method"] or abs(ours[k]["value"] - v["score"]) > 1e-9 * max(1, abs(v["score"]))
       or ours[k]["drifted"] != v["drifted"]]
if bad:
    sys.exit(f"mlgate and Evidently disagree on {bad}: {[(ours[k], theirs[k]) for k in bad][:2]}")
print(f"  {len(theirs)} columns agree with Evidently: method, score to 1e-9, verdict")
worst = max(abs(profiled[k]["value"] - ours[k]["value"]) for k in ours)
same = all(profiled[k]["drifted"] == ours[k]["drifted"] for k in ours)
print(f"  with the profile: largest difference {worst:.2e}, {'the same' if same else 'DIFFERENT'} verdicts")
PY

table="| process | wall time (s) | peak RSS (MB) |
| --- | ---: | ---: |"
for row in "${results[@]}"; do
  IFS='|' read -r name seconds megabytes <<<"$row"
  table+=$'\n'"| $name | $seconds | $megabytes |"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b / a }'; }
get() { for row in "${results[@]}"; do IFS='|' read -r n s m <<<"$row"; [ "$n" = "$1" ] && echo "$s"; done; }
summary="scikit-learn / mlgate wall time: binary $(ratio "$(get 'mlgate metrics (binary)')" "$(get 'scikit-learn (binary)')")×, multiclass $(ratio "$(get 'mlgate metrics (multiclass)')" "$(get 'scikit-learn (multiclass)')")×; fairlearn / mlgate: $(ratio "$(get 'mlgate fairness')" "$(get 'fairlearn MetricFrame')")×; Evidently / mlgate drift: $(ratio "$(get 'mlgate drift')" "$(get 'Evidently DataDriftPreset')")× (with a profile: $(ratio "$(get 'mlgate drift (profile)')" "$(get 'Evidently DataDriftPreset')")×)"
echo
echo "$table"
echo "$summary"
if $write; then
  python3 - "$table" "$summary" "$rows" <<'PY'
import re, sys, platform, subprocess
table, summary, rows = sys.argv[1:]
path = "docs/performance.md"
text = open(path).read()
cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
block = f"<!-- results -->\n{rows} rows, {cpu} cores, {platform.machine()}:\n\n{table}\n\n{summary}\n<!-- /results -->"
text = re.sub(r"<!-- results -->.*<!-- /results -->", block, text, flags=re.S)
open(path, "w").write(text)
PY
fi
