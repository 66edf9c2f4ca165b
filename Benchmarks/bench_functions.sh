#!/usr/bin/env bash
# Helpers shared by the benchmarks (sourced by run.sh, contract.sh, shared-scan.sh, shapes.sh, warehouse.sh, spark.sh, bootstrap.sh, pairing.sh, pairing-shapes.sh, fairness-table.sh):
#   bench_setup "$@"     parses [--rows N] [--rounds R] [--write] (default rows: $rows when
#                        set before, else 1,000,000; rounds: $rounds when set before,
#                        else 1, for the scripts that run interleaved rounds); cds to
#                        the repository; makes sure GNU time is there (apt-get install
#                        time); sets root, bench (this folder), data (.build/bench-data)
#                        and rows, rounds, write
#   bench_mlgate         builds mlgate as the CI image builds it (ci-templates/Dockerfile:
#                        the Swift runtime and Foundation linked in, which is what a CI
#                        job runs; it also starts ~10 ms sooner) and sets mlgate; with
#                        MLGATE set, that executable instead (a quick try, not for docs)
#   bench_venv DIR PKG…  a venv at DIR with exactly these pinned packages (remade when
#                        the pins change)
#   timed OUT ERR CMD…   runs CMD under GNU time, stdout to OUT, stderr to ERR; a process
#                        under 10 s runs three times and its median run is kept (on a
#                        shared 2-core machine one short run can be slowed by half by
#                        whatever else runs then), a longer one once. Sets seconds,
#                        megabytes, cpu (user + system seconds) and runs; returns 1 if
#                        CMD failed
#   time_of NAME         the seconds of NAME's row in the array results ("name|seconds|MB")
#   table ROW…           a Markdown table "| process | wall time (s) | peak RSS (MB) |"
#                        of ROWs "name|seconds|megabytes"
#   bytes_table TOTAL WHAT ROW…
#                        a Markdown table "| process | bytes from the server | share of
#                        the table's TOTAL WHAT |" of ROWs "name|bytes"
#   agree_reports NAME TABLE.yml FILE.yml DIR WHERE
#                        runs mlgate on both configs (the same gates on a warehouse table
#                        and on its rows as a file), the JSON reports into DIR, and
#                        compares them (report_agreement.py: counts exactly, other numbers
#                        to 1e-12 relative); appends "NAME: summary" to the array
#                        agreements, or exits 1 saying that NAME's numbers differ on WHERE
#   bench_postgres NAME  starts a PostgreSQL 15 of its own (installed when missing;
#                        initdb in .build/NAME, pg_ctl on a free port, fsync off) and
#                        sets pgbin, work (.build/NAME, emptied) and port; defines psql
#                        (as user bench, database postgres) and bench_postgres_stop,
#                        which the caller's EXIT trap calls
#   interleaved DIR LOGS builds "mlgate=$mlgate" and, with BASE set, "base=$BASE";
#                        runs each on DIR/server.yml ($rounds rounds, interleaved):
#                        GNU time's "seconds KB" to LOGS/NAME-ROUND.time, the JSON
#                        report to LOGS/NAME.json; exits 1 if a run exits above 1
#   write_section MARKER HEADLINE BODY
#                        replaces <!-- MARKER -->…<!-- /MARKER --> in docs/performance.md
#                        with "HEADLINE, N cores, ARCH:", a blank line and BODY
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154 # variables set for the benchmark, results read from it

bench_setup() {
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  bench=$root/Benchmarks
  rows=${rows:-1000000}
  rounds=${rounds:-1}
  write=false
  while [ $# -gt 0 ]; do
    case "$1" in
      --rows) rows=$2; shift 2 ;;
      --rounds) rounds=$2; shift 2 ;;
      --write) write=true; shift ;;
      *) echo "usage: $0 [--rows N] [--rounds R] [--write]" >&2; exit 2 ;;
    esac
  done
  cd "$root" || exit 1
  if [ ! -x /usr/bin/time ]; then
    apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
  fi
  data=.build/bench-data
  mkdir -p "$data"
}

bench_mlgate() {
  if [ -n "${MLGATE:-}" ]; then
    mlgate=$MLGATE
    echo "mlgate: $mlgate (from MLGATE; not built)"
    return
  fi
  swift build -c release --product mlgate --static-swift-stdlib >/dev/null
  mlgate=$(swift build -c release --static-swift-stdlib --show-bin-path)/mlgate
}

bench_venv() {
  local venv=$1
  shift
  if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.pins" 2>/dev/null)" != "$*" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "$@"
    echo "$*" >"$venv/.pins"
  fi
}

timed() {
  local out=$1 err=$2 log all=()
  shift 2
  log=$(mktemp)
  for _ in 1 2 3; do
    if ! /usr/bin/time -f "%e %M %U %S" -o "$log" "$@" >"$out" 2>"$err"; then
      rm -f "$log"
      return 1
    fi
    read -r seconds megabytes user system < <(tail -n 1 "$log")
    all+=("$seconds $megabytes $(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }')")
    awk -v s="$seconds" 'BEGIN { exit !(s >= 10) }' && break
  done
  rm -f "$log"
  runs=${#all[@]}
  read -r seconds megabytes cpu < <(printf '%s\n' "${all[@]}" | sort -n | awk -v n="$runs" 'NR == int((n + 1) / 2)')
  megabytes=$((megabytes / 1024))
}

time_of() {
  local row name seconds
  for row in "${results[@]}"; do
    IFS='|' read -r name seconds _ <<<"$row"
    if [ "$name" = "$1" ]; then echo "$seconds"; fi
  done
}

table() {
  local row name seconds megabytes
  echo "| process | wall time (s) | peak RSS (MB) |"
  echo "| --- | ---: | ---: |"
  for row in "$@"; do
    IFS='|' read -r name seconds megabytes <<<"$row"
    echo "| $name | $seconds | $megabytes |"
  done
}

bytes_table() {
  local total=$1 what=$2 row name bytes
  shift 2
  echo "| process | bytes from the server | share of the table's $total $what |"
  echo "| --- | ---: | ---: |"
  for row in "$@"; do
    IFS='|' read -r name bytes <<<"$row"
    echo "| $name | $bytes | $(awk -v b="$bytes" -v t="$total" 'BEGIN { printf "%.3f%%", 100 * b / t }') |"
  done
}

agree_reports() {
  local name=$1 table=$2 file=$3 dir=$4 where=$5 config status
  for config in "$table" "$file"; do
    status=0
    "$mlgate" check --config "$config" --quiet --json "$dir/$(basename "$config" .yml).json" >/dev/null 2>"$dir/agree.err" || status=$?
    [ "$status" -le 1 ] || { cat "$dir/agree.err" >&2; exit 1; }
  done
  status=0
  python3 "$bench/report_agreement.py" "$dir/$(basename "$table" .yml).json" "$dir/$(basename "$file" .yml).json" >"$dir/agreement" || status=$?
  cat "$dir/agreement"
  [ "$status" -eq 0 ] || { echo "the $name gate's numbers differ between $where and its rows as a CSV file" >&2; exit 1; }
  agreements+=("$name: $(tail -n 1 "$dir/agreement")")
}

bench_postgres() {
  pgbin=${MLGATE_PG_BIN:-/usr/lib/postgresql/15/bin}
  [ -x "$pgbin/initdb" ] || { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null; }
  work=$root/.build/$1
  rm -rf "$work"
  mkdir -p "$work"
  [ "$(id -u)" = 0 ] && chown postgres "$work"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_server "$pgbin/initdb" -D "$work/data" -U bench --auth=trust -E UTF8 --no-locale >/dev/null
  as_server "$pgbin/pg_ctl" -D "$work/data" -l "$work/log" -w -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work -c fsync=off -c shared_buffers=256MB" start >/dev/null
}

# The server's own user runs its programs (initdb refuses root).
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql() { "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U bench -d postgres "$@"; }
bench_postgres_stop() { as_server "$pgbin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true; }

interleaved() {
  local dir=$1 logs=$2 round build name status
  builds=("mlgate=$mlgate")
  if [ -n "${BASE:-}" ]; then builds+=("base=$BASE"); fi
  for round in $(seq 1 "$rounds"); do
    for build in "${builds[@]}"; do
      name=${build%%=*}
      status=0
      (cd "$dir" && /usr/bin/time -f "%e %M" -o "$logs/$name-$round.time" "${build#*=}" check --config server.yml --quiet \
        --json "$logs/$name.json") >"$logs/out" 2>&1 || status=$?
      [ "$status" -le 1 ] || { cat "$logs/out" >&2; exit 1; }
    done
  done
}

write_section() {
  python3 "$bench/write_section.py" docs/performance.md "$@"
}
