#!/usr/bin/env bash
# A local single-node Elasticsearch for development and tests, without Docker.
#   deploy/es.sh start | stop | status
# The distribution is the integ-test-zip from Maven Central (core server only), unpacked under
# .es/ in the repository, run by an unprivileged user on a Temurin JDK >= 21 from /usr/lib/jvm.
# When ES_URL is set the project uses that cluster and this script starts nothing.
set -euo pipefail

ES_VERSION="${ES_VERSION:-9.2.8}"
ES_PORT="${ES_PORT:-9200}"
ES_HEAP="${ES_HEAP:-1g}"
ES_USER="${ES_USER:-normreview-es}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ES_ROOT="${ES_ROOT:-$REPO/.es}"
ES_HOME="$ES_ROOT/elasticsearch-$ES_VERSION"
ES_DATA="$ES_ROOT/data"
ES_LOGS="$ES_ROOT/logs"
PID_FILE="$ES_ROOT/es.pid"
URL="http://127.0.0.1:$ES_PORT"

say() { echo "es: $*"; }
die() { echo "es: $*" >&2; exit 1; }

healthy() {
  curl -fsS --max-time 3 "$URL/_cluster/health" 2>/dev/null | grep -qE '"status":"(green|yellow)"'
}

running_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid; pid=$(cat "$PID_FILE" 2>/dev/null) || return 1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# find_jdk, install_distribution
source "$REPO/deploy/es-dist.sh"

configure() {
  mkdir -p "$ES_DATA" "$ES_LOGS"
  cat > "$ES_HOME/config/elasticsearch.yml" <<YML
cluster.name: normreview-local
node.name: normreview-local-1
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $((ES_PORT + 100))
discovery.type: single-node
path.data: $ES_DATA
path.logs: $ES_LOGS
xpack.security.enabled: false
# Development machines often run with little free disk; keep shards allocatable anyway.
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
YML
  mkdir -p "$ES_HOME/config/jvm.options.d"
  printf -- '-Xms%s\n-Xmx%s\n' "$ES_HEAP" "$ES_HEAP" > "$ES_HOME/config/jvm.options.d/heap.options"
}

run_as_es_user() {
  if [[ $(id -u) -eq 0 ]]; then
    as_es_user true
    chown -R "$ES_USER" "$ES_ROOT"
    # The user must be able to reach the repository's folder.
    as_es_user test -x "$ES_HOME/bin" || die "user $ES_USER cannot reach $ES_HOME; set ES_ROOT to a folder it can read"
  fi
  as_es_user "$@"
}

start() {
  if [[ -n ${ES_URL:-} ]]; then say "ES_URL is set ($ES_URL): using that cluster, starting nothing"; return 0; fi
  if healthy; then say "already running at $URL"; return 0; fi
  if pid=$(running_pid); then say "process $pid exists but is not healthy yet; waiting"; else
    install_distribution
    configure
    local jdk; jdk=$(find_jdk) || die "no JDK >= 21 in /usr/lib/jvm (install a Temurin 21+ JDK)"
    say "starting Elasticsearch $ES_VERSION on $URL with $jdk (heap $ES_HEAP, data $ES_DATA)"
    rm -f "$PID_FILE"
    run_as_es_user ES_JAVA_HOME="$jdk" ES_PATH_CONF="$ES_HOME/config" \
      "$ES_HOME/bin/elasticsearch" -d -p "$PID_FILE" >"$ES_ROOT/startup.log" 2>&1 \
      || { tail -n 40 "$ES_ROOT/startup.log" "$ES_LOGS"/*.log 2>/dev/null; die "Elasticsearch failed to start"; }
  fi
  wait_until "${ES_START_TIMEOUT:-180}" healthy || {
    tail -n 40 "$ES_LOGS/normreview-local.log" 2>/dev/null || true
    die "not healthy after ${WAITED}s"
  }
  say "healthy at $URL after ${WAITED}s (pid $(running_pid || echo '?'))"
}

stop() {
  if [[ -n ${ES_URL:-} ]]; then say "ES_URL is set: nothing of ours to stop"; return 0; fi
  local pid
  if ! pid=$(running_pid); then say "not running"; rm -f "$PID_FILE"; return 0; fi
  say "$(stop_process "$pid") (pid $pid)"
  rm -f "$PID_FILE"
}

status() {
  if [[ -n ${ES_URL:-} ]]; then
    say "ES_URL=$ES_URL (external cluster)"
    curl -fsS --max-time 5 "$ES_URL/_cluster/health?pretty" || { say "unreachable"; return 1; }
    return 0
  fi
  local pid
  if pid=$(running_pid) && healthy; then
    say "running: Elasticsearch $ES_VERSION, pid $pid, $URL, home $ES_HOME, data $ES_DATA"
    curl -fsS --max-time 5 "$URL/_cluster/health?pretty"
  elif pid=$(running_pid); then
    say "process $pid at $URL is not healthy"; return 1
  else
    say "not running (would serve $URL from $ES_HOME)"; return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
