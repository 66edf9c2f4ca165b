#!/usr/bin/env bash
# The CSV tokenizer alone (issue #22): how fast mlgate splits a file into fields.
#
#   Benchmarks/tokenize.sh [--rows N] [--write]   (default 1,000,000 rows; --write puts the
#                                                 table into docs/performance.md)
#
# Generates once (tokenize_data.py, seeded, into .build/bench-data/tokenize-ROWS/) a
# 13-column loans file (ids, integers, decimals with empty cells, categories, e-mails,
# dates, label, score, prediction; LF, nothing quoted) and a variant with quoted free
# text (commas, doubled quotes, non-ASCII letters) and CRLF line ends, and for each a
# config with one data gate whose only check is `row_count`: it reads no column, so the
# run is reading and tokenizing (every field's end found, no cell kept) plus ~20 ms of
# start-up and detection. Prints, per file:
#   - MB/s: the file's size over the median wall time of three `mlgate check` runs
#     (a file over 4 MB is read on both cores; on a shared machine this swings);
#   - tokenizer CPU: with perf installed, the CPU time sampled (perf record -e cpu-clock,
#     10 kHz) inside the tokenizer, its block masks and the batch's appends, and the
#     file's size over it: MB/s per core of tokenizing alone;
#   - instructions: with valgrind installed (apt-get install valgrind), the instructions
#     executed inside the tokenizer (callgrind, collecting only within
#     CSVTokenizer.readRecordsFast/readRecordsGenerally and what they call: the file's
#     reads and the batches' appends included), and per byte of the file. These are the
#     figures to compare between builds: they do not depend on what else the machine runs.
# MLGATE=path/to/mlgate runs that executable instead of building one (bench_functions.sh).
# BASELINE=path/to/other/mlgate (with perf): then ROUNDS (default 5) interleaved rounds of
# the tokenizer CPU of both executables on both files, and their medians: a before/after
# comparison that holds on a shared machine (CPU time inside the tokenizer, not wall time).
set -euo pipefail
# shellcheck source=Benchmarks/bench_functions.sh
source "$(dirname "$0")/bench_functions.sh"
bench_setup "$@"
bench_mlgate

dir=$data/tokenize-$rows
if [ ! -f "$dir/quoted.yml" ] || [ "$bench/tokenize_data.py" -nt "$dir/quoted.yml" ]; then
  python3 "$bench/tokenize_data.py" "$dir" "$rows"
fi
mlgate=$(cd "$(dirname "$mlgate")" && pwd)/$(basename "$mlgate")

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# tokenizer_samples EXE NAME: perf's cpu-clock samples (10 kHz, so tenths of a ms) inside
# the tokenizer, its block masks and the batch's appends, for one run of EXE on NAME.csv;
# perf's software clock works without hardware counters (in containers too).
tokenizer_samples() {
  perf record -q -e cpu-clock -F 10000 -o "$logs/perf.$2" \
    "$1" check --config "$dir/$2.yml" --no-reports --quiet >/dev/null 2>&1 || return 1
  perf report -i "$logs/perf.$2" --stdio --no-children -n 2>/dev/null |
    awk '$2 ~ /^[0-9]+$/ && /CSVTokenizer|CSVBlock|FieldBoundaryScanner|RowBatch/ { s += $2 } END { print s + 0 }'
}
report="| file | size (MB) | wall time (s) | MB/s | tokenizer CPU (ms) | tokenizer MB/s per core | tokenizer instructions | per byte |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for name in loans quoted; do
  bytes=$(stat -c %s "$dir/$name.csv")
  if ! timed "$logs/out" "$logs/err" "$mlgate" check --config "$dir/$name.yml" --no-reports --quiet; then
    cat "$logs/err" >&2
    echo "mlgate check --config $dir/$name.yml failed" >&2
    exit 1
  fi
  rate=$(awk -v b="$bytes" -v s="$seconds" 'BEGIN { printf "%.0f", b / 1e6 / s }')
  instructions="-" per_byte="-" cpu="-" core_rate="-"
  # CPU time inside the tokenizer and the batch's appends.
  if command -v perf >/dev/null && samples=$(tokenizer_samples "$mlgate" "$name"); then
    cpu=$(awk -v s="$samples" 'BEGIN { printf "%.0f", s / 10 }')
    core_rate=$(awk -v b="$bytes" -v s="$samples" 'BEGIN { if (s > 0) printf "%.0f", b / 1e6 / (s / 1e4); else print "-" }')
  fi
  if command -v valgrind >/dev/null; then
    # Valgrind 3.19 cannot read the toolchain's DWARF 5: a copy without debug info.
    [ -x "$logs/mlgate" ] || objcopy --strip-debug "$mlgate" "$logs/mlgate"
    # The symbol patterns are literal mangled names ($s6… is not a variable).
    # shellcheck disable=SC2016
    if valgrind --tool=callgrind --callgrind-out-file="$logs/callgrind.$name" --collect-atstart=no \
      --toggle-collect='$s6MLGate12CSVTokenizerV15readRecordsFast*' \
      --toggle-collect='$s6MLGate12CSVTokenizerV19readRecordsGenerally*' \
      "$logs/mlgate" check --config "$dir/$name.yml" --no-reports --quiet >/dev/null 2>"$logs/valgrind.$name"; then
      instructions=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$logs/callgrind.$name" | head -n 1)
      per_byte=$(awk -v i="$instructions" -v b="$bytes" 'BEGIN { printf "%.2f", i / b }')
    else
      instructions="valgrind failed"
      grep -m 1 -E "INTERNAL ERROR|impossible|error" "$logs/valgrind.$name" >&2 || true
    fi
  fi
  report+=$'\n'"| $name.csv | $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') | $seconds | $rate | $cpu | $core_rate | $instructions | $per_byte |"
done
echo "$report"
if [ -n "${BASELINE:-}" ] && command -v perf >/dev/null; then
  # Before/after: the tokenizer CPU (ms) of BASELINE and of this mlgate, run after one
  # another in each round; medians over the rounds.
  median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
  compare="| file | baseline tokenizer CPU (ms) | tokenizer CPU (ms) | per core MB/s, baseline → now | rounds |
| --- | ---: | ---: | ---: | ---: |"
  for name in loans quoted; do
    bytes=$(stat -c %s "$dir/$name.csv")
    : >"$logs/before" && : >"$logs/after"
    for _ in $(seq "${ROUNDS:-5}"); do
      samples=$(tokenizer_samples "$BASELINE" "$name") || samples=0
      echo $((samples / 10)) >>"$logs/before"
      samples=$(tokenizer_samples "$mlgate" "$name") || samples=0
      echo $((samples / 10)) >>"$logs/after"
    done
    before=$(median <"$logs/before") after=$(median <"$logs/after")
    rates=$(awk -v b="$bytes" -v x="$before" -v y="$after" 'BEGIN { printf "%.0f → %.0f", b / 1e3 / x, b / 1e3 / y }')
    compare+=$'\n'"| $name.csv | $before ($(paste -sd ' ' "$logs/before")) | $after ($(paste -sd ' ' "$logs/after")) | $rates | ${ROUNDS:-5} |"
  done
  echo
  echo "$compare"
  report+=$'\n\n'"Against BASELINE, interleaved rounds (medians; each round's figure in brackets):"$'\n\n'"$compare"
fi
if $write; then
  write_section tokenize-results "$rows rows" "$report"
fi
