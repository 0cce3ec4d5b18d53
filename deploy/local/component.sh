#!/usr/bin/env bash
# Starts, stops and checks one private infrastructure server (postgres, redis, kafka, s3, keycloak) whose whole
# state lives in one folder. The single way to run infrastructure: ./archive uses it for the local stack and the
# Java test support calls it with temporary folders and free ports.
#
#   component.sh NAME ACTION --dir DIR [--port PORT] [--controller-port PORT2]
#     NAME    postgres | redis | kafka | s3 | keycloak
#     ACTION  start | stop | status | kill (SIGKILL of the server and its children, as a crashed node: fault tests)
#     --port  needed by the first start only: start records the ports in DIR/port for later calls
#     --controller-port  kafka only, default PORT+1
#   keycloak: PORT is its HTTP port; ready when realm "archive" answers its OIDC discovery document.
#             ARCHIVE_KEYCLOAK_PUBLIC_URL (optional): the URL browsers use, as in a cluster behind an ingress; the
#             issuer and the login pages name it, while callers on 127.0.0.1:PORT get back-channel URLs
#             (token, JWKS) of the address they used: Keycloak's hostname-backchannel-dynamic
#   exit codes: 0 ok, 1 failed / not running (status), 2 usage, 3 port taken by another process
#
# Servers listen on 127.0.0.1 only. DIR holds pid, server.log and the data.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
ARCHIVE_HOME="${ARCHIVE_HOME:-$REPO/.archive}"
PGBIN=/usr/lib/postgresql/15/bin
START_TIMEOUT=90
STOP_TIMEOUT=20

usage() {
  echo "usage: $(basename "$0") postgres|redis|kafka|s3|keycloak start|stop|status|kill --dir DIR [--port PORT] [--controller-port PORT2]" >&2
  exit 2
}
die() { echo "$NAME: $*" >&2; exit 1; }

[ $# -ge 2 ] || usage
NAME="$1" ACTION="$2"; shift 2
DIR="" PORT="" CPORT=""
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || usage   # every option takes a value
  case "$1" in
    --dir) DIR="${2:-}"; shift 2 ;;
    --port) PORT="${2:-}"; shift 2 ;;
    --controller-port) CPORT="${2:-}"; shift 2 ;;
    *) usage ;;
  esac
done
case "$NAME" in postgres|redis|kafka|s3|keycloak) ;; *) usage ;; esac
case "$ACTION" in start|stop|status|kill) ;; *) usage ;; esac
[ -n "$DIR" ] || usage

if [ ! -d "$DIR" ]; then
  case "$ACTION" in
    stop) echo "$NAME not running"; exit 0 ;;
    status) echo "$NAME down"; exit 1 ;;
  esac
  mkdir -p "$DIR"
fi
DIR="$(cd "$DIR" && pwd -P)"   # absolute and physical: it is compared with /proc/PID/cwd and cmdline
LOG="$DIR/server.log"
PIDFILE="$DIR/pid"

# start records its ports so that stop/status (and a later start) need only --dir.
SAVED_PORT="" SAVED_CPORT=""
[ ! -s "$DIR/port" ] || read -r SAVED_PORT SAVED_CPORT < "$DIR/port" || true
if [ -z "$PORT" ]; then PORT="$SAVED_PORT" CPORT="${CPORT:-$SAVED_CPORT}"; fi
if [ "$ACTION" = start ] && ! { [[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65534 ]; }; then usage; fi
if [ "$NAME" = kafka ] && [ -n "$PORT" ]; then CPORT="${CPORT:-$((PORT + 1))}"; fi
# Keycloak starts in ~15-20 s on an idle 2-core machine, but several times that when the machine is busy.
[ "$NAME" != keycloak ] || START_TIMEOUT=300

# --- process helpers -----------------------------------------------------------------------------------------

# Alive and not a zombie: daemonized servers are reparented to PID 1, which may reap them late.
alive() { case "$(ps -o stat= -p "$1" 2>/dev/null)" in "" | Z*) return 1 ;; esac; }

# The pid of this folder's server, if alive. The process must mention DIR (command line or working directory) so
# that a stale pid file whose pid was reused by an unrelated process is not mistaken for our server.
running_pid() {
  local pid file="$PIDFILE"
  [ "$NAME" != postgres ] || file="$DIR/data/postmaster.pid"   # postgres' own file is the authority
  [ -s "$file" ] || return 1
  pid="$(head -n 1 "$file" 2>/dev/null)"
  [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF "$DIR" \
     || [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$DIR" ]; then
    echo "$pid"
  else
    return 1
  fi
}

port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# Exit 3 when a port is taken, naming the owner when ss can see it.
check_port_free() {
  local port="$1" owner=""
  if ss -Hltn "sport = :$port" 2>/dev/null | grep -q . || port_open "$port"; then
    owner="$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:(([^)]*))' | head -n 1 || true)"
    echo "$NAME: port $port is already in use by another process (${owner:-owner unknown}); stop it or choose another port" >&2
    exit 3
  fi
}

# Polls READY_CHECK until it succeeds; fails fast if the server died, after START_TIMEOUT otherwise. Either way
# the log tail is shown and nothing is left running.
wait_ready() {
  local deadline=$((SECONDS + START_TIMEOUT))
  until ready_check; do
    if ! running_pid >/dev/null; then
      # redis and postgres write their pid file a moment after start: give them that moment.
      sleep 1
      if ! running_pid >/dev/null && ! ready_check; then
        echo "$NAME: server exited during start-up; last lines of $LOG:" >&2
        tail -n 30 "$LOG" >&2 2>/dev/null || true
        exit 1
      fi
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "$NAME: not ready after ${START_TIMEOUT}s; last lines of $LOG:" >&2
      tail -n 30 "$LOG" >&2 2>/dev/null || true
      do_stop >/dev/null 2>&1 || true
      exit 1
    fi
    sleep 0.3
  done
}

# TERM, wait, then KILL: used for every server except postgres, which has its own clean shutdown.
term_then_kill() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < STOP_TIMEOUT * 5; i++)); do
    alive "$pid" || return 0
    sleep 0.2
  done
  echo "$NAME: no exit after ${STOP_TIMEOUT}s, killing pid $pid" >&2
  kill -KILL "$pid" 2>/dev/null || true
  while alive "$pid"; do sleep 0.1; done
}

# --- postgres ------------------------------------------------------------------------------------------------

# initdb refuses to run as root, so root runs the PostgreSQL tools as the postgres system user.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# The postgres user must be able to reach DIR. Test temp folders are often 0700 and root-owned: open the
# search (x) bit on those of our own parent folders that block it, without making them listable.
pg_make_reachable() {
  [ "$(id -u)" -eq 0 ] || return 0
  local d="" part parts
  IFS=/ read -ra parts <<< "${DIR#/}"
  for part in "${parts[@]:0:${#parts[@]}-1}"; do   # top down, so that each test sees its parents opened
    d="$d/$part"
    runuser -u postgres -- test -x "$d" || { echo "postgres: allowing user postgres to traverse $d (chmod o+x)"; chmod o+x "$d"; }
  done
  chown postgres: "$DIR"
  chmod 755 "$DIR"
}

pg_ready_check() { "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -d postgres -U postgres; }

postgres_start() {
  pg_make_reachable
  if [ ! -f "$DIR/data/PG_VERSION" ]; then
    # C locale: deterministic sorting and no dependency on the host's installed locales.
    as_pg "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C --no-instructions \
      > "$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
  fi
  [ "$(id -u)" -ne 0 ] || { touch "$LOG"; chown postgres: "$LOG"; }
  # The Unix socket goes in DIR unless its path would pass the kernel's ~107 byte limit; TCP is enough then.
  local sockdir="$DIR"
  [ ${#DIR} -le 90 ] || sockdir=""
  # synchronous_commit stays on (as in production): metadata-service commits its Kafka offsets after its transactions,
  # so a commit lost in a crash would be a file lost for good (IngestionFaultIT kills PostgreSQL to check this).
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$LOG" -W start -o "-c listen_addresses=127.0.0.1 -p $PORT -k '$sockdir' \
    -c shared_buffers=256MB -c max_connections=200 -c max_wal_size=2GB \
    -c work_mem=16MB -c maintenance_work_mem=256MB" >/dev/null
  ready_check() { pg_ready_check; }
  wait_ready
  running_pid > "$PIDFILE"
  if [ ! -f "$DIR/.archive-db-created" ]; then
    as_pg "$PGBIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -tA \
      -c "SELECT 1 FROM pg_database WHERE datname = 'archive'" | grep -q 1 \
      || as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres -O postgres archive
    touch "$DIR/.archive-db-created"
  fi
}

postgres_stop() {
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" stop -m fast -w -t 30 >/dev/null 2>&1 || {
    local pid; pid="$(running_pid)" && kill -KILL "$pid" 2>/dev/null || true
  }
}

# --- redis ---------------------------------------------------------------------------------------------------

redis_start() {
  # redis daemonizes itself and writes DIR/pid; --save "" + appendonly: durable without RDB snapshot pauses.
  redis-server --bind 127.0.0.1 --port "$PORT" --dir "$DIR" --daemonize yes --pidfile "$PIDFILE" \
    --logfile "$LOG" --appendonly yes --save "" >/dev/null
  ready_check() { [ "$(redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null)" = PONG ]; }
  wait_ready
}

# --- kafka ---------------------------------------------------------------------------------------------------

kafka_start() {
  [ -f "$ARCHIVE_HOME/lib/kafka/.installed" ] || die "no Kafka jars in $ARCHIVE_HOME/lib/kafka: run deploy/local/install.sh"
  local cp="$ARCHIVE_HOME/lib/kafka/*"
  # Rewritten on every start so that new ports apply. Static voters (not the dynamic --standalone quorum): the
  # controller endpoint then comes from this file and is not frozen into the metadata log at format time.
  cat > "$DIR/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$DIR/logs
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
  if [ ! -f "$DIR/logs/meta.properties" ]; then
    # A cluster id is 16 random bytes in URL-safe base64 without padding; made here to spare a JVM start.
    local cluster_id
    # Not starting with '-': the tool would read such an id as an option ("--cluster-id expected one argument").
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    while [ "${cluster_id:0:1}" = "-" ]; do
      cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    done
    java -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$DIR/server.properties" \
      > "$DIR/format.log" 2>&1 || { cat "$DIR/format.log" >&2; die "storage format failed"; }
  fi
  # A fresh log per start (the previous one is kept as .1): readiness below is read from this run's lines.
  [ ! -f "$LOG" ] || mv "$LOG" "$LOG.1"
  # slf4j-simple: timestamps, and no 2000-line dumps of every config object.
  nohup java -Xmx512m -Djava.awt.headless=true -cp "$cp" \
    -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat="yyyy-MM-dd'T'HH:mm:ss.SSS" \
    -Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config.AbstractConfig=warn \
    kafka.Kafka "$DIR/server.properties" >> "$LOG" 2>&1 < /dev/null &
  echo $! > "$PIDFILE"
  # An open port is not enough: the broker accepts connections before it can serve requests.
  ready_check() { grep -q 'Kafka Server started' "$LOG"; }
  wait_ready
}

# --- s3 (S3Proxy on the filesystem) --------------------------------------------------------------------------

s3_start() {
  [ -f "$ARCHIVE_HOME/lib/s3proxy/.installed" ] || die "no S3Proxy jars in $ARCHIVE_HOME/lib/s3proxy: run deploy/local/install.sh"
  mkdir -p "$DIR/data"
  cat > "$DIR/s3proxy.conf" <<EOF
s3proxy.endpoint=http://127.0.0.1:$PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${ARCHIVE_S3_ACCESS_KEY:-archive}
s3proxy.credential=${ARCHIVE_S3_SECRET_KEY:-archive-secret}
s3proxy.cors-allow-all=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=$DIR/data
jclouds.identity=${ARCHIVE_S3_ACCESS_KEY:-archive}
jclouds.credential=${ARCHIVE_S3_SECRET_KEY:-archive-secret}
EOF
  chmod 600 "$DIR/s3proxy.conf"
  [ ! -f "$LOG" ] || mv "$LOG" "$LOG.1"
  nohup java -Xmx256m -Djava.awt.headless=true -cp "$ARCHIVE_HOME/lib/s3proxy/*" \
    -Dlogback.configurationFile="$HERE/s3proxy-logback.xml" \
    org.gaul.s3proxy.Main --properties "$DIR/s3proxy.conf" >> "$LOG" 2>&1 < /dev/null &
  echo $! > "$PIDFILE"
  # Any HTTP answer (an anonymous request gets 403 + S3 XML) means Jetty serves requests.
  ready_check() { [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$PORT/" || true)" != 000 ]; }
  wait_ready
}

# --- keycloak ------------------------------------------------------------------------------------------------

# The distribution is unpacked and built once by install.sh (`kc.sh build --db=dev-file`) and shared read-only by
# every instance. Each instance has its own Keycloak home in DIR/home: conf/ and data/ (H2 database, import folder,
# transaction logs) are its own, lib/ themes/ providers/ link to the shared install. kc.sh puts its own
# -Dkc.home.dir first and ours after it: the JVM keeps the last one. `start --optimized` never re-augments, so
# nothing is written into the shared install (start-dev would rebuild lib/quarkus at every start).
KEYCLOAK_REALM_FILE="${ARCHIVE_KEYCLOAK_REALM:-$REPO/deploy/keycloak/archive-realm.json}"
KEYCLOAK_INSTALL="$ARCHIVE_HOME/lib/keycloak"
# C1 only: a local or test server sees little traffic, and without C2 its start costs ~40 % less CPU (measured:
# 21 s instead of 37 s of CPU time), which is what counts on a busy 2-core machine. kc.sh appends this to its
# defaults (G1, -Xmx512m).
export JAVA_OPTS_APPEND="${JAVA_OPTS_APPEND:--XX:TieredStopAtLevel=1}"

# A Keycloak home in $1 for port $2: links to the install, its own conf/ and data/. The conf is rewritten every
# time so that a new port applies. Production mode (`start`) on the dev-file (H2) database: plain HTTP on loopback,
# a local cache (no cluster discovery, no extra ports), no management port, and one fixed hostname, so tokens carry
# the issuer http://127.0.0.1:PORT/realms/archive (the services' auth-server-url) whether a client asked for its
# token at localhost or at 127.0.0.1.
keycloak_home() {
  local home="$1" port="$2" part
  mkdir -p "$home/conf" "$home/data/import"
  for part in lib themes providers; do ln -sfn "$KEYCLOAK_INSTALL/$part" "$home/$part"; done
  cat > "$home/conf/keycloak.conf" <<CONF
db=dev-file
cache=local
http-enabled=true
http-host=127.0.0.1
http-port=$port
hostname=${ARCHIVE_KEYCLOAK_PUBLIC_URL:-http://127.0.0.1:$port}
hostname-backchannel-dynamic=$([ -n "${ARCHIVE_KEYCLOAK_PUBLIC_URL:-}" ] && echo true || echo false)
health-enabled=false
metrics-enabled=false
CONF
}

# A fresh instance starts from a copy of an H2 database in which the schema is created and the realm imported:
# that work (Liquibase's ~130 change sets, the master realm, the import) takes from 15 s on an idle machine to
# over a minute on a busy one, and is done once per version of the realm file instead of once per test JVM. The
# template is made by `kc.sh import` (no HTTP server) under a lock, so parallel starts build it only once.
# Instances made from one template share its realm signing keys: fine for local use and tests only.
keycloak_template() {
  local sum template lock tmp
  sum="$(cat "$KEYCLOAK_INSTALL/.installed" "$KEYCLOAK_REALM_FILE" | sha256sum | cut -c1-16)"
  template="$ARCHIVE_HOME/lib/keycloak-realm/$sum"
  [ -f "$template/.complete" ] && { echo "$template"; return 0; }
  mkdir -p "$ARCHIVE_HOME/lib/keycloak-realm"
  lock="$ARCHIVE_HOME/lib/keycloak-realm/.lock"
  (
    flock -w 600 9 || die "timed out waiting for $lock"
    [ -f "$template/.complete" ] && exit 0
    tmp="$template.tmp.$$"
    rm -rf "$tmp"
    keycloak_home "$tmp/home" 0
    echo "keycloak: importing $(basename "$KEYCLOAK_REALM_FILE") into a template database (once per realm version)" >&2
    if ! "$KEYCLOAK_INSTALL/bin/kc.sh" -Dkc.home.dir="$tmp/home" -Djboss.server.config.dir="$tmp/home/conf" \
         import --optimized --file "$KEYCLOAK_REALM_FILE" > "$tmp/import.log" 2>&1 < /dev/null; then
      tail -n 30 "$tmp/import.log" >&2
      rm -rf "$tmp"
      die "realm import into the template database failed"
    fi
    mkdir -p "$template"
    cp -r "$tmp/home/data/h2" "$template/h2"
    touch "$template/.complete"
    rm -rf "$tmp"
  ) 9> "$lock" || exit 1
  echo "$template"
}

keycloak_start() {
  local home="$DIR/home" template
  [ -f "$KEYCLOAK_INSTALL/.installed" ] || die "no Keycloak in $KEYCLOAK_INSTALL: run deploy/local/install.sh"
  [ -f "$KEYCLOAK_REALM_FILE" ] || die "realm file $KEYCLOAK_REALM_FILE not found"
  keycloak_home "$home" "$PORT"
  template="$(keycloak_template)"
  # The realm file is the truth of the local stack: a database made from another version of it (or from before this
  # check) is replaced, so a changed realm (new users, groups, clients) is in force at the next start. What was
  # changed by hand in the admin console is lost then; say so.
  if [ -d "$home/data/h2" ] && [ "$(cat "$home/data/realm-template" 2>/dev/null)" != "$template" ]; then
    echo "keycloak: the realm file changed since $DIR was made: its database is replaced by the new realm's" >&2
    rm -rf "$home/data/h2"
  fi
  if [ ! -d "$home/data/h2" ]; then
    cp -r "$template/h2" "$home/data/h2"
    echo "$template" > "$home/data/realm-template"
  fi
  # The realm is also imported at every start, and skipped when it already exists in DIR's database (strategy
  # IGNORE_EXISTING).
  cp "$KEYCLOAK_REALM_FILE" "$home/data/import/archive-realm.json"
  # A first admin for the admin console (http://127.0.0.1:PORT/admin/), only when a password is given.
  if [ -n "${ARCHIVE_KEYCLOAK_ADMIN_PASSWORD:-}" ]; then
    export KC_BOOTSTRAP_ADMIN_USERNAME="${ARCHIVE_KEYCLOAK_ADMIN_USER:-admin}"
    export KC_BOOTSTRAP_ADMIN_PASSWORD="$ARCHIVE_KEYCLOAK_ADMIN_PASSWORD"
  fi
  [ ! -f "$LOG" ] || mv "$LOG" "$LOG.1"
  (cd "$DIR" && exec nohup "$KEYCLOAK_INSTALL/bin/kc.sh" -Dkc.home.dir="$home" -Djboss.server.config.dir="$home/conf" \
    start --optimized --import-realm >> "$LOG" 2>&1 < /dev/null) &
  echo $! > "$PIDFILE"
  # Ready when the realm is served: its OIDC discovery document is what every client reads first.
  ready_check() {
    curl -sf -o /dev/null -m 2 "http://127.0.0.1:$PORT/realms/archive/.well-known/openid-configuration"
  }
  wait_ready
}

# kc.sh forwards TERM to its java child and waits for it; the child is ended too should kc.sh have to be killed.
keycloak_stop() {
  local pid="$1" child
  child="$(pgrep -P "$pid" java 2>/dev/null || true)"
  term_then_kill "$pid"
  if [ -n "$child" ] && alive "$child"; then term_then_kill "$child"; fi
}

# --- actions -------------------------------------------------------------------------------------------------

do_stop() {
  local pid
  if pid="$(running_pid)"; then
    case "$NAME" in
      postgres) postgres_stop ;;
      keycloak) keycloak_stop "$pid" ;;
      *) term_then_kill "$pid" ;;
    esac
    echo "$NAME stopped (data: $DIR)"
  else
    echo "$NAME not running"
  fi
  rm -f "$PIDFILE"
}

case "$ACTION" in
  start)
    if running_pid >/dev/null; then
      echo "$NAME already running on 127.0.0.1:${SAVED_PORT:-$PORT} (data: $DIR)"
      exit 0
    fi
    check_port_free "$PORT"
    [ "$NAME" != kafka ] || check_port_free "$CPORT"
    rm -f "$PIDFILE"
    echo "$PORT $CPORT" > "$DIR/port"
    "${NAME}_start"
    echo "$NAME up on 127.0.0.1:$PORT (data: $DIR)"
    ;;
  stop)
    do_stop
    ;;
  kill)
    # No shutdown at all: children first (PostgreSQL backends, Keycloak's java under kc.sh), then the server. The
    # data folder stays, with whatever a crash leaves in it (stale pid files, unflushed state); `start` reuses it.
    if pid="$(running_pid)"; then
      pkill -KILL -P "$pid" 2>/dev/null || true
      kill -KILL "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
      echo "$NAME killed (pid $pid; data: $DIR)"
    else
      echo "$NAME not running"
    fi
    ;;
  status)
    if running_pid >/dev/null; then echo "$NAME up 127.0.0.1:$PORT"; else echo "$NAME down"; exit 1; fi
    ;;
esac
