#!/usr/bin/env bash
# Spark tables (docs/spark.md): the data gate pushed down to a local Spark Connect server
# on a table of ROWS rows (default 10,000,000), mlgate beside Great Expectations' Spark
# execution engine and Soda Core's Spark DataFrame data source on the same checks,
# each through a Spark Connect session on the same server; and mlgate's model gate
# (binary, its score distinct on every row: read in score order), fairness gate and drift
# gate (against a second table, the same rows shifted; income distinct almost everywhere).
#
#   Benchmarks/spark.sh [--rows N] [--write]
#
# Starts its own Spark Connect server from pyspark 4.3.0 (.build/spark-venv, as .ci/run
# makes it; local[2], a 4 GB driver: 2 GB ran out collecting the model gate's sorted rows
# at 10M; on a free port; stopped at the end), generates the table with Spark itself
# (spark.range and seeded rand(), saved as parquet: spark_bench.py generate), and runs
# each process under GNU time: its wall time, its own CPU time and peak RSS, and the
# server's CPU time meanwhile (the JVM's utime+stime from /proc: on a shared 2-core
# machine, CPU time says more than wall time). Then each
# process runs again through a counting relay (warehouse_proxy.py) for the bytes the
# server sent it. Goal (issue #23): mlgate's peak RSS at most 64 MB. Last, exactness:
# the mlgate configs run again on the same rows as a CSV file (the parquet files
# exported by pandas' to_csv, the text mlgate gives a Spark cell), and their JSON reports
# must give the same numbers as on the table (report_agreement.py: counts exactly, other
# numbers to 1e-12 relative; a difference fails the benchmark). --write puts the table
# into docs/performance.md (<!-- spark-results -->).
set -euo pipefail
rows=10000000
# shellcheck source=Benchmarks/bench_functions.sh
source "$(dirname "$0")/bench_functions.sh"
bench_setup "$@"
bench_mlgate

venv=$root/.build/spark-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pyspark==4.3.0
fi
home=$(echo "$venv"/lib/python3*/site-packages/pyspark)
# The Python client (generate, export) needs Spark Connect's extras (pandas, pyarrow,
# grpcio), which the server's venv, as .ci/run makes it, does not have.
bench_venv .build/venv-spark-client 'pyspark[connect]==4.3.0'
client=$root/.build/venv-spark-client/bin/python
work=$root/.build/bench-spark
rm -rf "$work"
mkdir -p "$work"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
relay=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# In a process group of its own (setsid, not forking: $! is the group), stopped whole at the end.
SPARK_HOME=$home SPARK_NO_DAEMONIZE=1 SPARK_LOG_DIR=$work SPARK_PID_DIR=$work \
  setsid bash "$home/sbin/start-connect-server.sh" --master 'local[2]' --driver-memory 4g \
  --conf spark.connect.grpc.binding.address=127.0.0.1 --conf "spark.connect.grpc.binding.port=$port" \
  --conf spark.ui.enabled=false --conf spark.sql.shuffle.partitions=8 \
  --conf "spark.sql.warehouse.dir=$work/warehouse" >"$work/server.log" 2>&1 &
server_group=$!
relay_pid=
cleanup() {
  [ -n "$relay_pid" ] && kill "$relay_pid" 2>/dev/null || true
  kill -- -"$server_group" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 240); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
  sleep 1
done
jvm=$(pgrep -f "spark.connect.grpc.binding.port=$port" | while read -r pid; do
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = java ] && echo "$pid"; done | head -n 1)
url=sc://127.0.0.1:$port

echo "# generating $rows rows in Spark"
"$client" "$bench/spark_bench.py" generate "$url" "$rows"
table_bytes=$(du -sb "$work/warehouse/bench" | cut -f1)
echo "# table bench: $rows rows, $table_bytes bytes of parquet"

cfg=$work/configs
mkdir -p "$cfg"
cat >"$cfg/bench.schema.json" <<'JSON'
{"fields": [
  {"name": "application_id", "type": "string", "constraints": {"required": true, "pattern": "A\\d{8}"}},
  {"name": "age", "type": "integer", "constraints": {"required": true, "minimum": 18, "maximum": 100}},
  {"name": "income", "type": "number", "constraints": {"minimum": 0}},
  {"name": "credit_score", "type": "integer", "constraints": {"minimum": 300, "maximum": 850}},
  {"name": "region", "type": "string", "constraints": {"required": true, "enum": ["north", "south", "east", "west"]}},
  {"name": "sex", "type": "string", "constraints": {"enum": ["F", "M"]}},
  {"name": "score", "type": "number", "constraints": {"minimum": 0, "maximum": 1}},
  {"name": "label", "type": "integer", "constraints": {"enum": [0, 1]}},
  {"name": "prediction", "type": "integer", "constraints": {"enum": [0, 1]}}],
 "primaryKey": ["application_id"]}
JSON
write_configs() { # URL
  local url=$1 checks
  checks='[{check: row_count, min: 1}, {check: missing_fraction, column: income, max: 0.05},
      {check: column_mean, column: age, min: 18, max: 90}, {check: column_std, column: income, min: 0},
      {check: column_min, column: credit_score, min: 0}, {check: column_max, column: income, min: 0},
      {check: column_quantile, column: credit_score, quantile: 0.1, min: 0}, {check: distinct_count, column: region, max: 10}]'
  printf 'version: 1\ngates:\n  - {name: data, kind: data, input: "%s#bench", checks: %s}\n' "$url" "$checks" >"$cfg/data.yml"
  printf 'version: 1\ngates:\n  - {name: contract, kind: data, input: "%s#bench", schema: bench.schema.json, checks: %s}\n' \
    "$url" "$checks" >"$cfg/contract.yml"
  printf 'version: 1\ngates:\n  - {name: model, kind: model, predictions: "%s#bench", task: binary, label: label, score: score, prediction: prediction, slices: [region],\n     metrics: [{metric: roc_auc, min: 0.5}, {metric: average_precision, min: 0.1}, {metric: log_loss, max: 1}, {metric: accuracy, min: 0.5}]}\n' \
    "$url" >"$cfg/model.yml"
  printf 'version: 1\ngates:\n  - {name: fairness, kind: fairness, predictions: "%s#bench", task: binary, label: label, prediction: prediction,\n     sensitive: [sex, region], checks: [{check: demographic_parity_difference, max: 0.1}]}\n' \
    "$url" >"$cfg/fairness.yml"
  printf 'version: 1\ngates:\n  - {name: drift, kind: drift, reference: "%s#bench", current: "%s#bench_current", columns: [age, income, credit_score, region]}\n' \
    "$url" "$url" >"$cfg/drift.yml"
}
cp "$bench/soda_checks.yml" "$cfg/soda-checks.yml"

bench_venv .build/venv-ge-spark great-expectations==1.24.1 'pyspark[connect]==4.3.0'
# soda-core-spark-df 3.5.6 requires pyspark<4 (Requires-Dist: pyspark<4.0.0,>=3.4.0): its 3.5 Connect client;
# soda-core keeps numpy<2, which pyarrow 26 does not import with: pyarrow and pandas pinned to match.
bench_venv .build/venv-soda-spark soda-core-spark-df==3.5.6 'pyspark[connect]==3.5.7' pyarrow==17.0.0 pandas==2.2.3

jvm_ticks() { awk '{ print $14 + $15 }' "/proc/$jvm/stat"; }
results=()
run() { # NAME COMMAND…: wall, own CPU, peak RSS, the server's CPU meanwhile, exit status
  local name=$1 before after status=0
  shift
  before=$(jvm_ticks)
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || status=$?
  after=$(jvm_ticks)
  read -r wall user system kilobytes < <(tail -n 1 "$work/time")
  results+=("$name|$wall|$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.1f", u + s }')|$((kilobytes / 1024))|$(awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }')|$status")
  echo "${results[-1]}"
  [ "$status" -le 1 ] || tail -n 5 "$work/err" >&2
}
processes=("mlgate data gate (dataset checks)" "mlgate data gate (contract + dataset checks)"
  "great_expectations (Spark, data checks)" "soda-core-spark-df (data checks)" "mlgate model gate" "mlgate fairness gate"
  "mlgate drift gate")
command_for() { # INDEX URL: sets cmd to process INDEX's command line against URL
  write_configs "$2"
  case $1 in
    0) cmd=("$mlgate" check --config "$cfg/data.yml" --quiet) ;;
    1) cmd=("$mlgate" check --config "$cfg/contract.yml" --quiet) ;;
    2) cmd=(.build/venv-ge-spark/bin/python "$bench/spark_bench.py" ge "$2") ;;
    3) cmd=(.build/venv-soda-spark/bin/python "$bench/spark_bench.py" soda "$2" "$cfg/soda-checks.yml") ;;
    4) cmd=("$mlgate" check --config "$cfg/model.yml" --quiet) ;;
    5) cmd=("$mlgate" check --config "$cfg/fairness.yml" --quiet) ;;
    6) cmd=("$mlgate" check --config "$cfg/drift.yml" --quiet) ;;
  esac
}
for index in "${!processes[@]}"; do
  command_for "$index" "$url"
  run "${processes[index]}" "${cmd[@]}"
done

# Bytes moved: the same processes once more, through the counting relay.
python3 "$bench/warehouse_proxy.py" "$relay" "$port" "$work/bytes" &
relay_pid=$!
sleep 1
moved=()
for index in "${!processes[@]}"; do
  command_for "$index" "sc://127.0.0.1:$relay"
  before=$(cat "$work/bytes")
  "${cmd[@]}" >/dev/null 2>&1 || true
  sleep 0.5
  moved+=("${processes[index]}|$(($(cat "$work/bytes") - before))")
done

# Exactness: the same gates on the same rows as a CSV file give the same numbers.
echo "# the same gates on the table's rows as a CSV file"
"$client" "$bench/spark_bench.py" export "$work/warehouse/bench" "$work/bench.csv"
"$client" "$bench/spark_bench.py" export "$work/warehouse/bench_current" "$work/bench_current.csv"
agreements=()
for config in data contract model fairness drift; do
  sed -e "s|\"$url#bench\"|$work/bench.csv|" -e "s|\"$url#bench_current\"|$work/bench_current.csv|" "$cfg/$config.yml" >"$cfg/$config-file.yml"
  agree_reports "$config" "$cfg/$config.yml" "$cfg/$config-file.yml" "$work" "the Spark table"
done

body=$(
  echo "| process | wall time (s) | its CPU time (s) | peak RSS (MB) | Spark server CPU time (s) | exit |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  for row in "${results[@]}"; do
    IFS='|' read -r name wall cpu megabytes server status <<<"$row"
    echo "| $name | $wall | $cpu | $megabytes | $server | $status |"
  done
  echo
  bytes_table "$table_bytes" "parquet bytes" "${moved[@]}"
  echo
  echo "The same mlgate configs on the table's rows as a CSV file (report_agreement.py):"
  echo
  for line in "${agreements[@]}"; do echo "- $line"; done
)
echo "$body"
if $write; then write_section spark-results "Spark tables, $rows rows in a local Spark Connect 4.3.0 server (local[2]) on the same machine" "$body"; fi
