#!/usr/bin/env bash
# A persistent local Prefect server for the CLI, the web workbench and deploy/serve.py.
#   deploy/prefect.sh start | stop | status
# Listens on 127.0.0.1:$NORMREVIEW_PREFECT_PORT (4200) with its own PREFECT_HOME (database, logs) under
# .prefect/ in the repository, offline. Commands find it through PREFECT_API_URL, or by probing
# http://127.0.0.1:4200/api (normreview/prefect_api.py). Safe to run again.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFECT_PORT="${NORMREVIEW_PREFECT_PORT:-4200}"
PREFECT_ROOT="${PREFECT_ROOT:-$REPO/.prefect}"
PID_FILE="$PREFECT_ROOT/server.pid"
LOG_FILE="$PREFECT_ROOT/server.log"
URL="http://127.0.0.1:$PREFECT_PORT/api"
PREFECT_BIN="${PREFECT_BIN:-$REPO/.venv/bin/prefect}"

say() { echo "prefect: $*"; }
die() { echo "prefect: $*" >&2; exit 1; }

healthy() { curl -fsS --max-time 3 "$URL/health" 2>/dev/null | grep -q true; }

running_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid; pid=$(cat "$PID_FILE" 2>/dev/null) || return 1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
  if healthy; then say "already running at $URL"; return 0; fi
  if pid=$(running_pid); then say "process $pid exists but is not healthy yet; waiting"; else
    [[ -x $PREFECT_BIN ]] || die "no prefect executable at $PREFECT_BIN (run deploy/setup.sh first)"
    mkdir -p "$PREFECT_ROOT"
    chmod 700 "$PREFECT_ROOT"
    say "starting the Prefect server on $URL (home $PREFECT_ROOT, log $LOG_FILE)"
    # setsid: the server outlives this shell and has its own process group for stop.
    PREFECT_HOME="$PREFECT_ROOT" PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 \
      PREFECT_UI_ENABLED=true PREFECT_SERVER_API_HOST=127.0.0.1 PREFECT_SERVER_API_PORT="$PREFECT_PORT" \
      PREFECT_API_URL="$URL" PREFECT_LOGGING_LEVEL=INFO \
      setsid "$PREFECT_BIN" server start --host 127.0.0.1 --port "$PREFECT_PORT" \
      >>"$LOG_FILE" 2>&1 </dev/null &
    echo $! > "$PID_FILE"
  fi
  local waited=0
  until healthy; do
    sleep 1; waited=$((waited + 1))
    running_pid >/dev/null || { tail -n 30 "$LOG_FILE"; rm -f "$PID_FILE"; die "the server exited during start-up"; }
    if [[ $waited -ge ${PREFECT_START_TIMEOUT:-120} ]]; then tail -n 30 "$LOG_FILE"; die "not healthy after ${waited}s"; fi
  done
  say "healthy at $URL after ${waited}s (pid $(running_pid || echo '?'))"
}

stop() {
  local pid
  if ! pid=$(running_pid); then say "not running"; rm -f "$PID_FILE"; return 0; fi
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || { say "stopped (pid $pid)"; rm -f "$PID_FILE"; return 0; }
    sleep 1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$PID_FILE"
  say "killed (pid $pid) after 30s"
}

status() {
  local pid
  if pid=$(running_pid) && healthy; then
    say "running: pid $pid, $URL, home $PREFECT_ROOT, UI http://127.0.0.1:$PREFECT_PORT"
  elif healthy; then
    say "a server not started by this script answers at $URL"
  elif pid=$(running_pid); then
    say "process $pid at $URL is not healthy"; return 1
  else
    say "not running (would serve $URL, home $PREFECT_ROOT)"; return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
