#!/usr/bin/env bash
# A throwaway moto server (moto[server] from PyPI: an S3 and SageMaker look-alike) on
# 127.0.0.1, for the tests of `mlgate promote --to sagemaker:…`.
#
#   IntegrationTests/tests_03_promotion/moto-server.sh start   install (once) and start it
#       on a free port; print its URL (http://127.0.0.1:PORT) on stdout, progress on stderr
#   IntegrationTests/tests_03_promotion/moto-server.sh stop    stop it, remove its state
#
# Python environment: .build/moto-venv (made if missing; python3 or $PYTHON), moto pinned
# exactly, installed with uv from PyPI (~11 s on a cold cache). The server keeps its state
# in memory and runs in its own process group (setsid), which `stop` signals.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$root/.build/moto-venv"
state="$root/.build/moto-server"
reqs=("uv==0.13.9" "moto[server]==5.2.5")

log() { printf 'moto-server: %s\n' "$*" >&2; }

cmd_stop() {
  if [ -f "$state/pid" ]; then
    local pid i
    pid="$(cat "$state/pid")"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -rf "$state"
}

cmd_start() {
  cmd_stop
  local want
  want="$(printf '%s\n' "${reqs[@]}")"
  if [ ! -x "$venv/bin/moto_server" ] || [ "$(cat "$venv/.mlgate-reqs" 2>/dev/null)" != "$want" ]; then
    log "installing ${reqs[1]} into ${venv#"$root"/}"
    local t0=$SECONDS
    rm -rf "$venv"
    "${PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "${reqs[0]}" >&2
    "$venv/bin/uv" pip install -q --python "$venv/bin/python" "${reqs[1]}" >&2
    printf '%s\n' "$want" >"$venv/.mlgate-reqs"
    log "installed in $((SECONDS - t0)) s"
  fi
  mkdir -p "$state"
  local port url pid deadline
  port="$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  url="http://127.0.0.1:$port"
  setsid "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" </dev/null >"$state/server.log" 2>&1 &
  pid=$!
  printf '%s\n' "$pid" >"$state/pid"
  deadline=$((SECONDS + 60))
  until curl -fsS -o /dev/null --max-time 2 "$url/moto-api/" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      log "not up within 60 s; last lines of its log:"
      tail -n 20 "$state/server.log" >&2 || true
      cmd_stop
      exit 1
    fi
    sleep 0.2
  done
  log "up at $url (pid $pid)"
  printf '%s\n' "$url"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  *) printf 'usage: %s start|stop\n' "$0" >&2; exit 2 ;;
esac
