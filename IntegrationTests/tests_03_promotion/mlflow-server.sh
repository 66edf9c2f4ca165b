#!/usr/bin/env bash
# A throwaway MLflow tracking + Model Registry server on 127.0.0.1, for the tests of
# `mlgate promote --to mlflow:URL`.
#
#   IntegrationTests/tests_03_promotion/mlflow-server.sh start
#       install (once) and start a server on a free port with a fresh SQLite DB and
#       artifact store; print its base URL (http://127.0.0.1:PORT) on stdout, progress
#       on stderr
#   IntegrationTests/tests_03_promotion/mlflow-server.sh url
#       print the base URL of the running server (exit 1 if none)
#   IntegrationTests/tests_03_promotion/mlflow-server.sh stop
#       stop it and every process it started; remove its state
#
# Python environment: .build/mlflow-venv (made if missing; python3 or $PYTHON). It holds
# mlflow-skinny plus what `mlflow server` needs with a SQL backend (the full `mlflow`
# package adds scikit-learn, scipy, matplotlib, pyarrow, ... that the server does not use),
# installed with uv (itself from PyPI): ~10 s instead of ~40 s (pip, same set) or ~75 s
# (pip, full mlflow) on a cold cache. Changing MLFLOW_REQS below reinstalls.
# State: .build/mlflow-server/{pid,port,url,data-dir,server.log}; the DB and artifacts
# live in a temporary directory (data-dir) removed by `stop`. The server runs in its own
# session/process group (setsid), and `stop` signals that group and every descendant
# of the server process, so no uvicorn worker survives it.
# Environment: MLFLOW_PORT (default: a free port), MLFLOW_START_TIMEOUT (default 120 s).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$root/.build/mlflow-venv"
state="$root/.build/mlflow-server"
uv_version="0.13.9"
# mlflow-skinny pinned exactly; the rest with the bounds mlflow 3.17.2 itself declares.
MLFLOW_REQS=(
  "mlflow-skinny==3.17.2"
  "Flask<4" "Flask-CORS<7" "sqlalchemy>=1.4.0,<3" "alembic!=1.10.0,<2"
  "aiohttp>=3.7.0,<4" "numpy<3" "pandas<4"
)

log() { printf 'mlflow-server: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# Prints the pid from the pid file if that process is alive.
running_pid() {
  local pid
  [ -f "$state/pid" ] || return 1
  pid="$(cat "$state/pid")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  printf '%s\n' "$pid"
}

ensure_venv() {
  local stamp="$venv/.mlgate-reqs" want
  want="$(printf '%s\n' "uv==$uv_version" "${MLFLOW_REQS[@]}")"
  if [ -x "$venv/bin/mlflow" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  log "installing ${MLFLOW_REQS[0]} and server dependencies into ${venv#"$root"/}"
  local t0=$SECONDS
  rm -rf "$venv"
  "${PYTHON:-python3}" -m venv "$venv"
  if "$venv/bin/python" -m pip install -q --disable-pip-version-check "uv==$uv_version" >&2 &&
    "$venv/bin/uv" pip install -q --python "$venv/bin/python" "${MLFLOW_REQS[@]}" >&2; then
    :
  else
    log "uv failed; installing with pip instead (slower)"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "${MLFLOW_REQS[@]}" >&2
  fi
  printf '%s\n' "$want" >"$stamp"
  log "installed in $((SECONDS - t0)) s"
}

free_port() {
  "$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# All descendants of the given pids (children first found via ps --ppid), recursively.
descendants() {
  local kids
  kids="$(ps -o pid= --ppid "$(IFS=,; echo "$*")" 2>/dev/null | tr -s ' \n' ' ' || true)"
  kids="${kids# }"; kids="${kids% }"
  [ -n "$kids" ] || return 0
  # shellcheck disable=SC2086 # word splitting of the pid list is intended
  printf '%s\n' $kids
  # shellcheck disable=SC2086
  descendants $kids
}

# Stops the server whose pid (= process group id, see setsid below) is $1, and everything
# under it: SIGTERM to the group and to each descendant, then SIGKILL after 15 s.
kill_tree() {
  local pid="$1" pids i p alive
  mapfile -t pids < <(printf '%s\n' "$pid"; descendants "$pid")
  kill -TERM -- "-$pid" 2>/dev/null || true
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    alive=()
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive+=("$p"); done
    [ ${#alive[@]} -eq 0 ] && return 0
    sleep 0.1
  done
  log "still running after 15 s, sending SIGKILL: ${alive[*]}"
  kill -KILL -- "-$pid" 2>/dev/null || true
  kill -KILL "${alive[@]}" 2>/dev/null || true
  sleep 0.2
}

cleanup_state() {
  if [ -f "$state/data-dir" ]; then
    local data
    data="$(cat "$state/data-dir")"
    case "$data" in */mlgate-mlflow.*) rm -rf "$data" ;; esac
  fi
  rm -rf "$state"
}

cmd_stop() {
  local pid
  if pid="$(running_pid)"; then
    kill_tree "$pid"
    log "stopped (pid $pid)"
  fi
  cleanup_state
}

cmd_url() {
  if ! running_pid >/dev/null || [ ! -f "$state/url" ]; then
    die "no server running (run: $0 start)"
  fi
  cat "$state/url"
}

cmd_start() {
  if running_pid >/dev/null; then
    log "a server is already running; restarting it with a fresh database"
  fi
  cmd_stop
  ensure_venv
  mkdir -p "$state"
  local data port url pid t0 deadline
  data="$(mktemp -d "${TMPDIR:-/tmp}/mlgate-mlflow.XXXXXX")"
  printf '%s\n' "$data" >"$state/data-dir"
  mkdir -p "$data/artifacts"
  port="${MLFLOW_PORT:-$(free_port)}"
  url="http://127.0.0.1:$port"
  printf '%s\n' "$port" >"$state/port"
  printf '%s\n' "$url" >"$state/url"

  # No job runner (huey consumer process, not needed for the registry), no telemetry
  # (the host has no network besides package registries), one uvicorn worker (2 cores).
  t0=$SECONDS
  (
    cd "$data"
    export MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true
    exec setsid -w "$venv/bin/mlflow" server \
      --backend-store-uri "sqlite:///$data/mlflow.db" \
      --artifacts-destination "$data/artifacts" \
      --serve-artifacts \
      --host 127.0.0.1 --port "$port" --workers 1 \
      </dev/null >"$state/server.log" 2>&1
  ) &
  pid=$!
  printf '%s\n' "$pid" >"$state/pid"

  deadline=$((SECONDS + ${MLFLOW_START_TIMEOUT:-120}))
  until curl -fsS -o /dev/null --max-time 2 "$url/health" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      if kill -0 "$pid" 2>/dev/null; then
        log "no answer from $url/health within ${MLFLOW_START_TIMEOUT:-120} s"
      else
        log "server exited during start-up"
      fi
      log "last lines of ${state#"$root"/}/server.log:"
      tail -n 40 "$state/server.log" >&2 || true
      cmd_stop
      exit 1
    fi
    sleep 0.25
  done
  log "up at $url in $((SECONDS - t0)) s (pid $pid, data in $data)"
  printf '%s\n' "$url"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  url) cmd_url ;;
  *) printf 'usage: %s start|stop|url\n' "$0" >&2; exit 2 ;;
esac
