#!/usr/bin/env bash
# The data-contract benchmark: the same Table Schema (scripts/bench/contract/schema.json)
# and dataset checks (scripts/bench/contract/checks.json) judged on the same generated CSV
# by pandera, Great Expectations, frictionless and hand-written polars expressions, each a
# whole process timed by GNU time (wall seconds, peak RSS); then every tool's counts and
# dataset values are compared with frictionless's (the Table Schema's own implementation).
#
#   scripts/bench/contract.sh [--rows N] [--write]   (default 1,000,000 rows, ~115 MB)
#
# --write replaces the contract results in docs/performance.md (after the agreement check).
#
# Each tool prints one JSON object (see contract_polars.py):
#   {"rows": N, "failures": {"<field>/<constraint>": cells, ...}, "dataset": {"<check>": value, ...}}
# The pinned tools go into .build/contract-venv; the data is written once to
# .build/bench-data/contract-ROWS.csv. Never run by the tests: timings belong to this
# script alone. Exits 1 when two tools disagree for a reason not listed below.
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
if [ ! -x /usr/bin/time ]; then
  apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
fi

bench=scripts/bench
venv=.build/contract-venv
pins="great-expectations==1.24.1 pandera==0.35.0 polars==2.1.0 frictionless==5.21.0 pandas==3.1.1 numpy==2.4.6 pyarrow==26.0.1"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.pins" 2>/dev/null)" != "$pins" ]; then
  python3 -m venv "$venv"
  # shellcheck disable=SC2086
  "$venv/bin/pip" install -q --disable-pip-version-check $pins
  echo "$pins" >"$venv/.pins"
fi
py=$venv/bin/python
# Imported once before timing, so that no tool pays for compiling its bytecode.
"$py" -c "import great_expectations, pandera.pandas, polars, frictionless, pandas, pyarrow"

data=.build/bench-data
mkdir -p "$data"
file="$data/contract-$rows.csv"
[ -f "$file" ] || "$py" "$bench/make_contract_data.py" "$file" "$rows"
schema=$bench/contract/schema.json
checks=$bench/contract/checks.json
echo "# data contract, $rows rows ($(du -h "$file" | cut -f1)), $("$py" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["fields"]))' "$schema") fields, $(grep -c '"check"' "$checks") dataset checks"

results=()
outputs=()
measure() { # name command... : stdout to $data/contract-NAME.out, stderr to .err
  # Under 10 s: three runs, the median kept (as scripts/bench/run.sh does).
  local name=$1; shift
  local log out=$data/contract-$name.out runs=() seconds kilobytes
  log=$(mktemp)
  for _ in 1 2 3; do
    if ! /usr/bin/time -f "%e %M" -o "$log" "$@" >"$out" 2>"$data/contract-$name.err"; then
      results+=("$name|failed|-")
      printf '%-20s failed, see %s\n' "$name" "$data/contract-$name.err"
      rm -f "$log"
      return
    fi
    read -r seconds kilobytes < <(tail -n 1 "$log")
    runs+=("$seconds $kilobytes")
    awk -v s="$seconds" 'BEGIN { exit !(s >= 10) }' && break
  done
  rm -f "$log"
  read -r seconds kilobytes < <(printf '%s\n' "${runs[@]}" | sort -n | awk -v n="${#runs[@]}" 'NR == int((n + 1) / 2)')
  results+=("$name|$seconds|$((kilobytes / 1024))")
  outputs+=("$name=$out")
  printf '%-20s %8s s %8s MB  (%d run%s)\n' "$name" "$seconds" "$((kilobytes / 1024))" "${#runs[@]}" "$([ ${#runs[@]} -gt 1 ] && echo s)"
}

# mlgate: the same schema and dataset checks as one data gate (the config is written next
# to the data, since its input path depends on --rows). The gate fails on this data (exit
# 1), which is the answer, not an error; the adapter that turns its JSON report into the
# common shape runs after the timed process.
# Built as the CI image builds it (ci-templates/Dockerfile: the Swift runtime and
# Foundation linked in), which is what a CI job runs: it also starts ~10 ms sooner.
swift build -c release --product mlgate --static-swift-stdlib >/dev/null
mlgate=$(swift build -c release --static-swift-stdlib --show-bin-path)/mlgate
run_mlgate() {
  local config=$data/contract-$rows.mlgate.yml
  cat >"$config" <<YAML
version: 1
gates:
  - name: contract
    kind: data
    input: contract-$rows.csv
    schema: {path: $root/$schema, samples: 20}
    checks:
      - {check: row_count, min: 1, max: 100000000}
      - {check: missing_fraction, column: income, max: 0.1}
      - {check: column_mean, column: age, min: 30, max: 70}
      - {check: column_std, column: score, min: 0.1, max: 0.5}
      - {check: column_quantile, column: income, quantile: 0.5, min: 10000, max: 200000}
      - {check: distinct_count, column: category, max: 10}
YAML
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
    /usr/bin/time -f "mlgate %e" -a -o "$pairs" sh -c '"$1" check --config "$2" --quiet >/dev/null; [ $? -le 1 ]' sh "$mlgate" "$config"
    /usr/bin/time -f "polars %e" -a -o "$pairs" "$py" "$bench/contract_polars.py" "$file" "$schema" "$checks" >/dev/null
  done
  interleaved=$(python3 - "$pairs" <<'PY'
import statistics, sys
runs = {"mlgate": [], "polars": []}
for line in open(sys.argv[1]):
    name, seconds = line.split()
    runs[name].append(float(seconds))
ratios = [p / m for m, p in zip(runs["mlgate"], runs["polars"])]
print(f"{statistics.median(runs['mlgate']):.2f} {statistics.median(runs['polars']):.2f} "
      f"{statistics.median(runs['polars']) / statistics.median(runs['mlgate']):.2f} {min(ratios):.2f} {max(ratios):.2f}")
PY
)
  rm -f "$pairs"
  read -r m p r lo hi <<<"$interleaved"
  echo "interleaved, 7 rounds: mlgate $m s, polars $p s (medians): polars / mlgate $r× (rounds from $lo× to $hi×)"
fi

echo
echo "| tool | wall time (s) | peak RSS (MB) |"
echo "| --- | ---: | ---: |"
for row in "${results[@]}"; do
  IFS='|' read -r name seconds megabytes <<<"$row"
  echo "| $name | $seconds | $megabytes |"
done
echo

# Agreement: each tool against frictionless (or the first tool that ran, if it did not).
"$py" - "${outputs[@]}" <<'PY'
import json, sys

outputs = dict(arg.split("=", 1) for arg in sys.argv[1:])
results = {name: json.load(open(path)) for name, path in outputs.items()}
if len(results) < 2:
    sys.exit("fewer than two tools ran: nothing to compare")
reference = "frictionless" if "frictionless" in results else next(iter(results))
# Where a tool counts differently by design: (tool, constraint) -> why.
BY_DESIGN = {
    ("great_expectations", "type"): "GE checks the dtype of a pandas column, not each cell: a cell that is not an "
                                    "integer, number or boolean fails the read, so only date and datetime cells are counted",
}
for tool in ("polars", "pandera", "great_expectations"):
    BY_DESIGN[(tool, "format")] = ("a regular expression (EMAIL in its script) where frictionless applies the "
                                   "validators package's e-mail rule")


def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return a == b
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b)) or a == b


unexplained = 0
ref = results[reference]
for name, result in results.items():
    if name == reference:
        continue
    problems = []
    if result["rows"] != ref["rows"]:
        problems.append((f"rows: {result['rows']} vs {ref['rows']}", None))
    for key in sorted(set(ref["failures"]) | set(result["failures"])):
        a, b = result["failures"].get(key, 0), ref["failures"].get(key, 0)
        if a != b:
            problems.append((f"failures {key}: {a} vs {b}", BY_DESIGN.get((name, key.split("/")[-1]))))
    for key in sorted(set(ref["dataset"]) | set(result["dataset"])):
        a, b = result["dataset"].get(key), ref["dataset"].get(key)
        if not same(a, b):
            problems.append((f"dataset {key}: {a} vs {b}", None))
    if not problems:
        worst = max((abs(result["dataset"][k] - v) / max(abs(v), 1e-300)
                     for k, v in ref["dataset"].items() if isinstance(v, float)), default=0.0)
        print(f"  {name} agrees with {reference}: {sum(ref['failures'].values())} failing cells in "
              f"{len(ref['failures'])} field/constraint pairs, {len(ref['dataset'])} dataset values "
              f"(largest relative difference {worst:.1e})")
        continue
    print(f"  {name} DISAGREES with {reference}:")
    for text, why in problems:
        print(f"    {text}" + (f"  (by design: {why})" if why else ""))
        unexplained += why is None
for name, result in results.items():
    for note in result.get("notes", []):
        print(f"  note from {name}: {note}")
sys.exit(1 if unexplained else 0)
PY

if $write; then
  table="| process | wall time (s) | peak RSS (MB) |
| --- | ---: | ---: |"
  for row in "${results[@]}"; do
    IFS='|' read -r name seconds megabytes <<<"$row"
    table+=$'\n'"| $name | $seconds | $megabytes |"
  done
  python3 - "$table" "$rows" "$(du -h "$file" | cut -f1)" "$interleaved" <<'PY'
import re, sys, platform, subprocess
table, rows, size, interleaved = sys.argv[1:]
path = "docs/performance.md"
text = open(path).read()
cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
times = {line.split("|")[1].strip(): line.split("|")[2].strip() for line in table.splitlines()[2:]}
ratio = ""
if times.get("mlgate", "failed") != "failed" and times.get("polars", "failed") != "failed":
    ratio = f"\n\npolars / mlgate wall time: {float(times['polars']) / float(times['mlgate']):.2f}×"
if interleaved:
    m, p, r, lo, hi = interleaved.split()
    ratio += (f"; in seven interleaved rounds (medians): mlgate {m} s, polars {p} s, "
              f"polars / mlgate {r}× (single rounds {lo}× to {hi}×)")
block = f"<!-- contract-results -->\n{rows} rows ({size}), {cpu} cores, {platform.machine()}:\n\n{table}{ratio}\n<!-- /contract-results -->"
text = re.sub(r"<!-- contract-results -->.*<!-- /contract-results -->", block, text, flags=re.S)
open(path, "w").write(text)
PY
fi
