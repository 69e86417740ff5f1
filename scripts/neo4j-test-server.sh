#!/usr/bin/env bash
# Start/stop graphhunt's Neo4j 5.x test server (embedded Neo4j + Bolt + OpenGDS,
# built from neo4j-server/ with Maven; see neo4j-server/README.md).
#
#   scripts/neo4j-test-server.sh start    build if needed, start, wait until Bolt answers
#   scripts/neo4j-test-server.sh stop     SIGTERM (clean shutdown), SIGKILL after a timeout
#   scripts/neo4j-test-server.sh status   exit 0 if running and ready, 2 if starting, 1 if not running
#   scripts/neo4j-test-server.sh env      print export lines: eval "$(scripts/neo4j-test-server.sh env)"
#   scripts/neo4j-test-server.sh clean    stop, then delete neo4j-server/run/ (all data; run-PORT/ for another port)
#
# Environment (all optional):
#   GRAPHHUNT_NEO4J_PORT           Bolt port on 127.0.0.1 (default 7687)
#   GRAPHHUNT_NEO4J_PASSWORD       password of user neo4j (default graphhunt-test-pw)
#   GRAPHHUNT_NEO4J_HEAP           JVM max heap (default 2g)
#   GRAPHHUNT_NEO4J_PAGECACHE      Neo4j page cache (default 1g; should hold the store)
#   GRAPHHUNT_NEO4J_START_TIMEOUT  seconds to wait for Bolt (default 300)
#   GRAPHHUNT_NEO4J_JAVA_OPTS      extra JVM options (e.g. -XX:TieredStopAtLevel=1: ~1/3 less start-up CPU,
#                                  slower long queries; -XX:+UseG1GC: G1 instead of the default Parallel GC)
#   GRAPHHUNT_NEO4J_JAVA           java binary (default: java 17/21 from JAVA_HOME, PATH or /usr/lib/jvm)
#   GRAPHHUNT_PYTHON               python with the `neo4j` driver, for the readiness check (default python3)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRV="$ROOT/neo4j-server"
DEFAULT_PORT=7687
PORT="${GRAPHHUNT_NEO4J_PORT:-$DEFAULT_PORT}"
# one run directory (store, pid file, log) per port: servers on two ports never share a pid file
# (`start` on a second port took the first server's pid for its own and stopped it after the timeout)
if [ "$PORT" = "$DEFAULT_PORT" ]; then RUN="$SRV/run"; else RUN="$SRV/run-$PORT"; fi
JAR="$SRV/target/neo4j-test-server.jar"
PIDFILE="$RUN/neo4j.pid"
LOGFILE="$RUN/neo4j.log"
READY="$RUN/ready"
DEBUGLOG="$RUN/home/logs/debug.log"

DEFAULT_PASSWORD=graphhunt-test-pw
export GRAPHHUNT_NEO4J_PORT="$PORT"
export GRAPHHUNT_NEO4J_PASSWORD="${GRAPHHUNT_NEO4J_PASSWORD:-$DEFAULT_PASSWORD}"
export GRAPHHUNT_NEO4J_USER=neo4j
export GRAPHHUNT_NEO4J_URI="bolt://127.0.0.1:$PORT"
HEAP="${GRAPHHUNT_NEO4J_HEAP:-2g}"
START_TIMEOUT="${GRAPHHUNT_NEO4J_START_TIMEOUT:-300}"
STOP_TIMEOUT=60
PYTHON="${GRAPHHUNT_PYTHON:-python3}"

say() { echo "neo4j-test-server: $*"; }
die() { echo "neo4j-test-server: error: $*" >&2; exit 1; }

# pid of our running server, or nothing (a stale pid file is removed)
server_pid() {
    [ -f "$PIDFILE" ] || return 0
    local pid
    pid="$(cat "$PIDFILE" 2>/dev/null || true)"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null \
        && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'neo4j-test-server.jar'; then
        echo "$pid"
    else
        rm -f "$PIDFILE" "$READY"
    fi
}

print_env() {
    say "GRAPHHUNT_NEO4J_URI=$GRAPHHUNT_NEO4J_URI"
    say "GRAPHHUNT_NEO4J_USER=$GRAPHHUNT_NEO4J_USER"
    say "GRAPHHUNT_NEO4J_PASSWORD=***"
}

show_logs() {
    echo "----- tail of $LOGFILE -----" >&2
    tail -n 40 "$LOGFILE" >&2 2>/dev/null || true
    echo "----- tail of $DEBUGLOG -----" >&2
    tail -n 40 "$DEBUGLOG" >&2 2>/dev/null || true
    echo "-----" >&2
}

# A Java 17 or 21 binary (what Neo4j 5.26 supports).
find_java() {
    local cand v
    for cand in "${GRAPHHUNT_NEO4J_JAVA:-}" "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)" \
        /usr/lib/jvm/java-17-openjdk-*/bin/java /usr/lib/jvm/java-21-openjdk-*/bin/java \
        /usr/lib/jvm/temurin-17-*/bin/java /usr/lib/jvm/temurin-21-*/bin/java; do
        [ -n "$cand" ] && [ -x "$cand" ] || continue
        v="$("$cand" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)"
        if [ "$v" = 17 ] || [ "$v" = 21 ]; then echo "$cand"; return 0; fi
    done
    die "no Java 17 or 21 found (set GRAPHHUNT_NEO4J_JAVA)"
}

build_if_needed() {
    if [ -f "$JAR" ] && [ -d "$SRV/target/lib" ] && [ -d "$SRV/target/plugins" ] \
        && [ -z "$(find "$SRV/pom.xml" "$SRV/src" -newer "$JAR" -print -quit)" ]; then
        return 0
    fi
    command -v mvn >/dev/null || die "mvn not found (Maven is needed to build neo4j-server/)"
    say "building neo4j-server/ with Maven (the first build downloads ~150 MB from Maven Central)"
    local t0=$SECONDS
    mkdir -p "$RUN"
    if ! (cd "$SRV" && rm -rf target/lib target/plugins && mvn -q -B -Dstyle.color=never package) \
        > "$RUN/build.log" 2>&1; then
        tail -n 60 "$RUN/build.log" >&2
        die "Maven build of neo4j-server/ failed (log: $RUN/build.log)"
    fi
    say "built in $((SECONDS - t0)) s"
}

# 0 when something accepts TCP connections on 127.0.0.1:$PORT
port_open() {
    "$PYTHON" - "$PORT" <<'EOF' 2>/dev/null
import socket, sys
s = socket.socket()
s.settimeout(1)
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
EOF
}

# 0 when the driver logs in and runs a query; 3 when the driver is not installed
bolt_ready() {
    "$PYTHON" - <<'EOF' 2>/dev/null
import os, sys
try:
    import neo4j
except ImportError:
    sys.exit(3)
try:
    with neo4j.GraphDatabase.driver(
        os.environ["GRAPHHUNT_NEO4J_URI"],
        auth=(os.environ["GRAPHHUNT_NEO4J_USER"], os.environ["GRAPHHUNT_NEO4J_PASSWORD"]),
        connection_timeout=5,
    ) as driver:
        driver.verify_connectivity()
        with driver.session() as session:
            session.run("RETURN 1").consume()
except Exception:
    sys.exit(1)
EOF
}

wait_ready() {
    local pid="$1" t0=$SECONDS rc
    while :; do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PIDFILE" "$READY"
            show_logs
            die "the server exited during start-up"
        fi
        if [ -f "$READY" ]; then
            rc=0; bolt_ready || rc=$?
            if [ "$rc" = 0 ]; then
                break
            elif [ "$rc" = 3 ] && port_open; then
                say "warning: python package 'neo4j' not importable by $PYTHON; checked TCP only"
                break
            fi
        fi
        if [ $((SECONDS - t0)) -ge "$START_TIMEOUT" ]; then
            show_logs
            say "not ready after ${START_TIMEOUT} s; stopping it"
            do_stop >/dev/null || true
            die "Neo4j did not come up within ${START_TIMEOUT} s"
        fi
        sleep 1
    done
    say "ready after $((SECONDS - t0)) s (pid $pid; $(grep '^gds=' "$READY" | sed 's/^gds=$/GDS not loaded/; s/^gds=/GDS /'))"
}

do_start() {
    local pid java
    pid="$(server_pid)"
    if [ -n "$pid" ]; then
        say "already running (pid $pid)"
        wait_ready "$pid"
        print_env
        return 0
    fi
    if port_open; then
        die "127.0.0.1:$PORT is already in use by another process (set GRAPHHUNT_NEO4J_PORT)"
    fi
    build_if_needed
    java="$(find_java)"
    # Parallel GC unless GRAPHHUNT_NEO4J_JAVA_OPTS picks a collector (the JVM refuses two). On the
    # 2-core test machine with a 2 GiB heap it took less Neo4j CPU than G1 (100k re-push, two sessions:
    # 13.0-13.3 s vs 16.6 s; first pushes equal within the noise; docs/NEO4J.md, Throughput).
    local gc=(-XX:+UseParallelGC)
    case " ${GRAPHHUNT_NEO4J_JAVA_OPTS:-} " in *" -XX:+Use"*"GC "*) gc=() ;; esac
    mkdir -p "$RUN"
    rm -f "$READY"
    say "starting Neo4j on 127.0.0.1:$PORT (heap $HEAP, page cache ${GRAPHHUNT_NEO4J_PAGECACHE:-1g}, log $LOGFILE)"
    (
        cd "$RUN"
        # shellcheck disable=SC2086 # GRAPHHUNT_NEO4J_JAVA_OPTS is a list of options
        exec nohup "$java" -Xms512m "-Xmx$HEAP" ${gc[@]+"${gc[@]}"} -XX:-OmitStackTraceInFastThrow \
            -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 ${GRAPHHUNT_NEO4J_JAVA_OPTS:-} \
            --add-opens=java.base/java.nio=ALL-UNNAMED \
            --add-opens=java.base/java.io=ALL-UNNAMED \
            --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
            "-Dgraphhunt.neo4j.home=$RUN/home" \
            "-Dgraphhunt.neo4j.plugins=$SRV/target/plugins" \
            "-Dgraphhunt.neo4j.ready=$READY" \
            -jar "$JAR" > "$LOGFILE" 2>&1 < /dev/null
    ) &
    pid=$!
    echo "$pid" > "$PIDFILE"
    wait_ready "$pid"
    print_env
}

do_stop() {
    local pid t0=$SECONDS
    pid="$(server_pid)"
    if [ -z "$pid" ]; then
        say "not running"
        return 0
    fi
    say "stopping pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
        if [ $((SECONDS - t0)) -ge "$STOP_TIMEOUT" ]; then
            say "still running after ${STOP_TIMEOUT} s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 1
            break
        fi
        sleep 0.2
    done
    rm -f "$PIDFILE" "$READY"
    say "stopped after $((SECONDS - t0)) s"
}

do_status() {
    local pid
    pid="$(server_pid)"
    if [ -z "$pid" ]; then
        say "not running"
        return 1
    fi
    if [ -f "$READY" ]; then
        say "running (pid $pid) on $GRAPHHUNT_NEO4J_URI"
        return 0
    fi
    say "starting (pid $pid)"
    return 2
}

case "${1:-}" in
    start) do_start ;;
    stop) do_stop ;;
    status) do_status ;;
    restart) do_stop; do_start ;;
    env)
        # Evaluated by the caller's shell. The port is the one this script resolved (also from a
        # `GRAPHHUNT_NEO4J_PORT=7799 scripts/neo4j-test-server.sh env` prefix, which the caller's
        # shell does not keep); the password is not printed, only its default.
        cat <<EOF
export GRAPHHUNT_NEO4J_PORT="$PORT"
export GRAPHHUNT_NEO4J_URI="bolt://127.0.0.1:\$GRAPHHUNT_NEO4J_PORT"
export GRAPHHUNT_NEO4J_USER=neo4j
export GRAPHHUNT_NEO4J_PASSWORD="\${GRAPHHUNT_NEO4J_PASSWORD:-$DEFAULT_PASSWORD}"
EOF
        ;;
    clean) do_stop; rm -rf "$RUN"; say "removed $RUN" ;;
    *)
        echo "usage: $0 start|stop|status|restart|env|clean" >&2
        exit 64
        ;;
esac
