# Sourced by deploy/es.sh and deploy/es-cluster.sh: the Elasticsearch distribution both run, the JDK
# that runs it, the unprivileged user that runs it, and how a node is waited for and stopped.
# The caller sets ES_VERSION, ES_USER, ES_ROOT and ES_HOME and defines say and die.
ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"

find_jdk() {
  # ES 9 needs Java >= 21; prefer the newest Temurin, then any JDK that is new enough.
  local candidate version
  for candidate in $(ls -d /usr/lib/jvm/temurin-*-jdk* 2>/dev/null | sort -t- -k2 -nr) $(ls -d /usr/lib/jvm/* 2>/dev/null); do
    [[ -x $candidate/bin/java ]] || continue
    version=$("$candidate/bin/java" -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -1)
    if [[ -n $version && $version -ge 21 ]]; then echo "$candidate"; return 0; fi
  done
  return 1
}

install_distribution() {
  [[ -x $ES_HOME/bin/elasticsearch ]] && return 0
  local zip="$HOME/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
  if [[ ! -f $zip ]]; then
    say "fetching $ARTIFACT from Maven Central"
    mvn -q -B dependency:get -Dartifact="$ARTIFACT" -Dtransitive=false >/dev/null \
      || die "mvn dependency:get $ARTIFACT failed"
  fi
  mkdir -p "$ES_ROOT"
  local tmp; tmp=$(mktemp -d "$ES_ROOT/unpack.XXXX")
  unzip -q "$zip" -d "$tmp"
  mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
  rmdir "$tmp"
}

# Run "$@" (an env assignment list and a command) as $ES_USER when we are root: Elasticsearch refuses root.
as_es_user() {
  if [[ $(id -u) -eq 0 ]]; then
    id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    runuser -u "$ES_USER" -- env "$@"
  else
    env "$@"
  fi
}

# wait_until TIMEOUT CHECK...: poll CHECK once a second; WAITED holds the seconds spent. Fails at TIMEOUT.
wait_until() {
  local timeout=$1; shift
  WAITED=0
  until "$@"; do
    sleep 1; WAITED=$((WAITED + 1))
    [[ $WAITED -lt $timeout ]] || return 1
  done
}

# stop_process PID: TERM, then KILL after 60 s; prints "stopped" or "killed".
stop_process() {
  local pid=$1
  kill "$pid" 2>/dev/null || { echo stopped; return 0; }
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || { echo stopped; return 0; }; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
  echo killed
}
