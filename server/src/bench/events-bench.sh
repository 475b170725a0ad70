#!/usr/bin/env bash
# Event log benchmark: stats-service's API on our ingest port against InfluxDB's /write (the
# store stats-service wrote every event into, so a floor under stats-service's own cost), the
# same load generator and the same shapes, one after the other in one run; then the kill -9
# check of ours.
#
# Usage: flock /tmp/dkm-bench.lock server/src/bench/events-bench.sh [-s SECONDS] [-c CLIENTS]
#                                                                    [-n] [-k]
#   -s  seconds of load per run (default 15)     -c  keep-alive clients (default 8)
#   -n  ours only, no InfluxDB                   -k  no kill -9 check
# Shapes: era A = one event per request (stats-service 1.0), era B = arrays of 100 points
# (stats-service 1.1). Every client waits for each answer before sending the next request, and
# an answer means the events are fsynced (ours: group commit; InfluxDB: its WAL with
# wal-fsync-delay 0, its default). Prints per shape: events/s, p50/p99/max latency, and the
# ratio ours/InfluxDB; then, for the kill -9 check, how many requests were answered 200
# before the kill and whether every one of them is in the log after a restart.
# Measured on this 2-core machine shared with other builds (load average 4-5), -s 12, 3 s warm-up:
#   era A: ours 21,198 events/s (p50 0.33 ms, p99 1.18 ms), InfluxDB 9,794/s (p99 4.1 ms): 2.16
#   era B: ours 364,733 events/s (p50 1.13 ms, p99 11.7 ms), InfluxDB 400,808/s (p99 12.3 ms): 0.91
#   kill -9 mid-load: 57,473 (era A) and 31,078 (era B) requests answered 200, all in the log
#   after the restart, no record unreadable. At load average 8-16 era A falls to 3-11k/s (and
#   InfluxDB's to 5-8k/s): fsync and wake-up latencies grow with the machine's load.
# Needs a built server module (mvn -pl server -am test-compile). apt installs influxdb when
# missing. Writes under $OUTDIR (default /tmp/dkm-events-bench).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
OUTDIR=${OUTDIR:-/tmp/dkm-events-bench}
SECONDS_LOAD=15 CLIENTS=8 PEER=1 KILL=1
while getopts "s:c:nkh" o; do
  case $o in
    s) SECONDS_LOAD=$OPTARG ;; c) CLIENTS=$OPTARG ;; n) PEER=0 ;; k) KILL=0 ;;
    *) sed -n '2,20p' "$0"; exit 2 ;;
  esac
done
PORT=${DKM_BENCH_PORT:-23716}
INFLUX_PORT=${DKM_BENCH_INFLUX_PORT:-23796}
for p in $PORT $((PORT + 1)) $((PORT + 2)) $INFLUX_PORT $((INFLUX_PORT + 1)); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "port $p is in use (another bench or test?): set DKM_BENCH_PORT / DKM_BENCH_INFLUX_PORT" >&2
    exit 1
  fi
done
TOKEN="eyJleHBpcmVzIjogMTAsICJzYWx0IjogImJjODIxOCIsICJpZGVudGl0eSI6ICJzdGF0c2JvYiJ9NyjnVy3QkN9pa2H_DVe4OZLi5dydu1mB3clN2HezjI8y331ZflOHSOtgvw8JjnjlC4UFF8q1LCp0kHdj96ipDw=="
SECRET="b710164f16543eacc1a81fc889667b52403c8a300dd8c50c69f55d3e0061b22ba7e9789b61a2fd932def15c74d6fcf387ce3270c6b96579a4dcfb4a7a722354e"
mkdir -p "$OUTDIR"
LAUNCHER=$REPO/dist/src/bundle/bin/dkm-server
JOPTS=$(sed -n '/^dkm_java /,/ -- /p' "$LAUNCHER" | tr '\\\n' '  ' \
          | sed 's/.*org\.dkumonitor\.server\.ServerMain//; s/ -- .*//')

source "$REPO/tools/jdk.sh"
(cd "$REPO" && mvn -B -o -q -pl server -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -DincludeScope=runtime >/dev/null)
CP="$REPO/server/target/classes:$REPO/server/target/test-classes:$(cat "$REPO/server/target/bench-classpath.txt")"

SERVER_PID= INFLUX_PID=
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true
  fi
  SERVER_PID=
}
stop_influx() {
  if [ -n "$INFLUX_PID" ] && kill -0 "$INFLUX_PID" 2>/dev/null; then
    kill -TERM "$INFLUX_PID"; wait "$INFLUX_PID" 2>/dev/null || true
  fi
  INFLUX_PID=
}
trap 'stop_server; stop_influx' EXIT

wait_port() {  # port
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1
  done
  echo "nothing listens on $1" >&2; return 1
}

fresh_ours() {  # data-dir
  rm -rf "$1"; mkdir -p "$1/conf"
  cat > "$1/conf/server.yaml" <<YAML
carbon:
  listen: 127.0.0.1
  plaintextPort: $((PORT + 1))
api:
  listen: 127.0.0.1
  port: $((PORT + 2))
ingest:
  listen: 127.0.0.1
  port: $PORT
selfMetrics:
  enabled: false
YAML
  printf '[default]\npattern = .*\nretentions = 10s:1d\n' > "$1/conf/storage-schemas.conf"
  printf '[{"id": "user_00ca4f6190b84f25827239233c4bcbaa", "username": "statsbob", "tokens": [{"access_token": "%s", "access_secret": "%s"}]}]\n' \
    "$TOKEN" "$SECRET" > "$1/conf/access.json"
}

start_ours() {  # data-dir
  MALLOC_ARENA_MAX=2 java $JOPTS -cp "$CP" org.dkumonitor.server.ServerMain --data-dir "$1" \
    >>"$OUTDIR/server.log" 2>&1 &
  SERVER_PID=$!
  wait_port "$PORT"
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "our server did not start:" >&2;
    tail -5 "$OUTDIR/server.log" >&2; exit 1; }
}

load() {  # kind batch port [acked]
  java -XX:+UseSerialGC -cp "$CP" org.dkumonitor.server.events.bench.EventsLoad "$3" "$1" \
    "$CLIENTS" "$SECONDS_LOAD" "$2" "$TOKEN" ${4:+"$4"}
}

start_influx() {
  command -v influxd >/dev/null || {
    echo "installing Debian's influxdb (the peer)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q influxdb \
      >/dev/null
    systemctl disable --now influxdb >/dev/null 2>&1 || true
  }
  local d=$OUTDIR/influx
  rm -rf "$d"; mkdir -p "$d"
  cat > "$d/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$((INFLUX_PORT + 1))"
[meta]
  dir = "$d/meta"
[data]
  dir = "$d/data"
  wal-dir = "$d/wal"
  wal-fsync-delay = "0s"
  query-log-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:$INFLUX_PORT"
  log-enabled = false
[logging]
  level = "warn"
CONF
  influxd -config "$d/influxdb.conf" >"$OUTDIR/influx.log" 2>&1 &
  INFLUX_PID=$!
  wait_port "$INFLUX_PORT"
  for _ in $(seq 1 50); do
    curl -sf -XPOST "http://127.0.0.1:$INFLUX_PORT/query" \
      --data-urlencode "q=CREATE DATABASE bench" >/dev/null && return 0
    sleep 0.2
  done
  echo "InfluxDB did not take CREATE DATABASE" >&2; return 1
}

field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }

echo "# events bench: $CLIENTS keep-alive clients, ${SECONDS_LOAD}s per run, $(nproc) cores"
declare -A OURS PEERS
for shape in a b; do
  batch=$([ $shape = a ] && echo 1 || echo 100)
  fresh_ours "$OUTDIR/ours"
  start_ours "$OUTDIR/ours"
  OURS[$shape]=$(load $shape $batch "$PORT")
  stop_server
  echo "ours     era $shape: ${OURS[$shape]}"
  if [ "$PEER" = 1 ]; then
    start_influx
    PEERS[$shape]=$(load influx-$shape $batch "$INFLUX_PORT")
    stop_influx
    echo "influxdb era $shape: ${PEERS[$shape]}"
  fi
done

echo
printf '%-6s %14s %9s %14s %9s %7s\n' shape ours_events/s ours_p99 influx_events/s influx_p99 ratio
for shape in a b; do
  o=$(field "${OURS[$shape]}" events_per_s); op=$(field "${OURS[$shape]}" p99_ms)
  if [ "$PEER" = 1 ]; then
    p=$(field "${PEERS[$shape]}" events_per_s); pp=$(field "${PEERS[$shape]}" p99_ms)
    r=$(python3 -c "print(f'{$o/$p:.2f}')")
  else p=-; pp=-; r=-; fi
  printf '%-6s %14s %8sms %14s %8sms %7s\n' "era-$shape" "$o" "$op" "$p" "$pp" "$r"
done

if [ "$KILL" = 1 ]; then
  echo
  for shape in a b; do
    batch=$([ $shape = a ] && echo 1 || echo 100)
    d=$OUTDIR/kill-$shape
    fresh_ours "$d"
    start_ours "$d"
    load $shape $batch "$PORT" "$OUTDIR/acked-$shape.txt" > "$OUTDIR/kill-load-$shape.json" &
    LOAD_PID=$!
    sleep $(python3 -c "print(max(2, $SECONDS_LOAD / 2))")
    kill -KILL "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
    wait "$LOAD_PID" || true
    start_ours "$d"           # recovery: the torn tail is cut, the server answers again
    curl -sf "http://127.0.0.1:$PORT/ping" >/dev/null
    stop_server
    verdict=$(java -cp "$CP" org.dkumonitor.server.events.EventsVerify "$d/storage/events/log" \
      "$shape" "$OUTDIR/acked-$shape.txt") && ok=yes || ok=NO
    echo "kill -9 mid-load, era $shape: $(cat "$OUTDIR/kill-load-$shape.json" | tr -d '\n')"
    echo "  after restart: $verdict  every 200 present: $ok"
    [ "$ok" = yes ] || exit 1
  done
fi
