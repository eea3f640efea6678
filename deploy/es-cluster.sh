#!/usr/bin/env bash
# A three-node Elasticsearch cluster on loopback with security on, for the cluster test (issue 16).
#   deploy/es-cluster.sh start | stop | status
# Nodes 1-3: HTTP 127.0.0.1:9301-9303, transport 9401-9403, each with its own config, data and logs
# under .es-cluster/node-N, run from the same unpacked integ-test-zip as deploy/es.sh (.es/).
# Security: x-pack-security with a file-realm superuser (name and password in
# .es-cluster/credentials, mode 0600); clients use it or an API key made with it. HTTP and transport
# are plain (no TLS): acceptable on loopback only, which is all this cluster listens on.
set -euo pipefail

ES_VERSION="${ES_VERSION:-9.2.8}"
ES_USER="${ES_USER:-normreview-es}"
HEAP="${ES_CLUSTER_HEAP:-512m}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ES_ROOT="${ES_ROOT:-$REPO/.es}"
ES_HOME="$ES_ROOT/elasticsearch-$ES_VERSION"
CLUSTER_ROOT="${ES_CLUSTER_ROOT:-$REPO/.es-cluster}"
CREDENTIALS="$CLUSTER_ROOT/credentials"
NODES=(1 2 3)
ADMIN_USER="normreview-admin"

say() { echo "es-cluster: $*"; }
die() { echo "es-cluster: $*" >&2; exit 1; }

http_port() { echo $((9300 + $1)); }
node_dir() { echo "$CLUSTER_ROOT/node-$1"; }
pid_of() { local f; f="$(node_dir "$1")/es.pid"; [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; }

# find_jdk, install_distribution (fetched from Maven Central when missing, as deploy/es.sh does),
# as_es_user, wait_until, stop_process
source "$REPO/deploy/es-dist.sh"

admin_password() { sed -n 's/^password=//p' "$CREDENTIALS"; }

configure_node() {
  local n=$1 dir; dir=$(node_dir "$n")
  mkdir -p "$dir/config" "$dir/data" "$dir/logs"
  # Each node reads its own copy of the distribution's config; the distribution itself is not written to.
  cp -rn "$ES_HOME/config/." "$dir/config/"
  cat > "$dir/config/elasticsearch.yml" <<YML
cluster.name: normreview-cluster
node.name: node-$n
network.host: 127.0.0.1
http.port: $(http_port "$n")
transport.port: $((9400 + n))
discovery.seed_hosts: ["127.0.0.1:9401", "127.0.0.1:9402", "127.0.0.1:9403"]
cluster.initial_master_nodes: ["node-1", "node-2", "node-3"]
path.data: $dir/data
path.logs: $dir/logs
xpack.security.enabled: true
xpack.security.http.ssl.enabled: false
xpack.security.transport.ssl.enabled: false
xpack.security.authc.api_key.enabled: true
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
YML
  mkdir -p "$dir/config/jvm.options.d"
  printf -- '-Xms%s\n-Xmx%s\n' "$HEAP" "$HEAP" > "$dir/config/jvm.options.d/heap.options"
}

add_admin_user() {
  local n=$1 dir; dir=$(node_dir "$n")
  [[ $(id -u) -eq 0 ]] && chown -R "$ES_USER" "$CLUSTER_ROOT"
  if ! grep -q "^$ADMIN_USER:" "$dir/config/users" 2>/dev/null; then
    as_es_user ES_JAVA_HOME="$JDK" ES_PATH_CONF="$dir/config" \
      "$ES_HOME/bin/elasticsearch-users" useradd "$ADMIN_USER" -p "$(admin_password)" -r superuser >/dev/null
  fi
}

healthy() {
  curl -fsS --max-time 3 -u "$ADMIN_USER:$(admin_password)" "http://127.0.0.1:9301/_cluster/health" 2>/dev/null \
    | grep -qE '"number_of_nodes":3,'
}

start() {
  install_distribution
  if [[ $(id -u) -eq 0 ]]; then
    # The ES user runs the distribution's tools (elasticsearch-users) as well as the nodes; deploy/es.sh
    # hands it the folder when it starts the single node, but the cluster may be started without that.
    as_es_user true
    chown -R "$ES_USER" "$ES_ROOT"
  fi
  JDK=$(find_jdk) || die "no JDK >= 21 in /usr/lib/jvm"
  mkdir -p "$CLUSTER_ROOT"; chmod 700 "$CLUSTER_ROOT"
  if [[ ! -f $CREDENTIALS ]]; then
    (umask 077; printf 'user=%s\npassword=%s\n' "$ADMIN_USER" "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')" > "$CREDENTIALS")
  fi
  local n launches=() starting=()
  for n in "${NODES[@]}"; do
    if pid=$(pid_of "$n"); then say "node-$n already running (pid $pid)"; continue; fi
    configure_node "$n"
    add_admin_user "$n" 2> >(grep -v '^WARNING: Group of file' >&2)
    say "starting node-$n on http://127.0.0.1:$(http_port "$n") (heap $HEAP)"
    # In parallel: a node's start-up waits for a quorum of masters, so the nodes need each other.
    as_es_user ES_JAVA_HOME="$JDK" ES_PATH_CONF="$(node_dir "$n")/config" \
      "$ES_HOME/bin/elasticsearch" -d -p "$(node_dir "$n")/es.pid" >"$(node_dir "$n")/startup.log" 2>&1 &
    launches+=($!); starting+=("$n")
  done
  local i
  for i in "${!launches[@]}"; do
    n=${starting[$i]}
    wait "${launches[$i]}" || { tail -n 40 "$(node_dir "$n")/startup.log" 2>/dev/null; die "node-$n failed to start"; }
  done
  wait_until "${ES_START_TIMEOUT:-240}" healthy || {
    tail -n 30 "$(node_dir 1)/logs/normreview-cluster.log" 2>/dev/null || true
    die "three nodes did not form a cluster after ${WAITED}s"
  }
  say "cluster of 3 nodes up after ${WAITED}s: http://127.0.0.1:9301-9303, user $ADMIN_USER (password in $CREDENTIALS)"
}

stop() {
  local n pid
  for n in "${NODES[@]}"; do
    if pid=$(pid_of "$n"); then
      say "node-$n $(stop_process "$pid") (pid $pid)"
    fi
    rm -f "$(node_dir "$n")/es.pid"
  done
}

status() {
  local n pid up=0
  for n in "${NODES[@]}"; do
    if pid=$(pid_of "$n"); then say "node-$n running (pid $pid, http://127.0.0.1:$(http_port "$n"))"; up=$((up + 1));
    else say "node-$n not running"; fi
  done
  [[ $up -gt 0 && -f $CREDENTIALS ]] && curl -fsS --max-time 5 -u "$ADMIN_USER:$(admin_password)" \
    "http://127.0.0.1:9301/_cluster/health?pretty" || true
  [[ $up -eq 3 ]] || return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
