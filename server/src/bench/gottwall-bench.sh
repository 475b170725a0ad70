#!/usr/bin/env bash
# GottWall benchmark: our server's GottWall endpoints under stati-net's wire format, as
# gottwall_client.py (src/test/resources/gottwall, checked byte for byte against the real
# clients) builds it, replayed by a load generator (src/bench/java/GottwallLoad.java):
#   HTTP  signed incr requests/s from CLIENTS keep-alive connections, one request at a time
#         each (the Python client waits for each answer), every one answered 200 and counted
#   TCP   metrics/s over one authenticated connection, from the first byte to the moment the
#         read API counts every one
#   UDP   datagrams at increasing rates; the highest rate at which none is lost
# The figures to reach (issue 18): HTTP >= 20000/s from 8 clients, TCP >= 500000/s.
#
# No peer runs beside ours: GottWall itself needs Python 2 with tornado 3.2 and redis from PyPI
# (not reachable here), and its last version drops every metric it receives (its storage call
# is commented out), so there is nothing to compare counting with.
#
# Usage: server/src/bench/gottwall-bench.sh [-n HTTP_REQUESTS] [-c CLIENTS] [-m TCP_METRICS]
#                                            [-u "UDP RATES"] [-j "JVM OPTIONS"]
# Run it under flock /tmp/dkm-bench.lock. Writes under $OUTDIR (default /tmp/dkm-gw-bench).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
OUTDIR=${OUTDIR:-/tmp/dkm-gw-bench}
REQUESTS=200000 CLIENTS=8 METRICS=5000000 RATES="10000 25000 50000 100000 200000 400000" UDP_COUNT=100000
LAUNCHER=$REPO/dist/src/bundle/bin/dkm-server
JOPTS=$(sed -n '/^dkm_java /,/ -- /p' "$LAUNCHER" | tr '\\\n' '  ' \
          | sed 's/.*org\.dkumonitor\.server\.ServerMain//; s/ -- .*//')
while getopts "n:c:m:u:j:h" o; do
  case $o in
    n) REQUESTS=$OPTARG ;; c) CLIENTS=$OPTARG ;; m) METRICS=$OPTARG ;; u) RATES=$OPTARG ;;
    j) JOPTS=$OPTARG ;; *) sed -n '2,20p' "$0"; exit 2 ;;
  esac
done
PY=/usr/bin/python3
BASE=${DKM_BENCH_PORT:-21200}
HTTP_PORT=$((BASE + 6)) STREAM_PORT=$((BASE + 7))
PRIVATE=bench-private-key-0123456789 PUBLIC=bench-public-key PROJECT=bench

source "$REPO/tools/jdk.sh"
(cd "$REPO" && mvn -B -o -q -pl server -am compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -DincludeScope=runtime >/dev/null)
CP="$REPO/server/target/classes:$(cat "$REPO/server/target/bench-classpath.txt")"

rm -rf "$OUTDIR"; mkdir -p "$OUTDIR/data/conf"
cat > "$OUTDIR/data/conf/server.yaml" <<YAML
carbon: {listen: 127.0.0.1, plaintextPort: $((BASE + 1)), udp: false}
api: {listen: 127.0.0.1, port: $((BASE + 2))}
selfMetrics: {enabled: false}
ingest: {listen: 127.0.0.1, port: $HTTP_PORT}
gottwall:
  privateKey: "$PRIVATE"
  stream: {listen: 127.0.0.1, port: $STREAM_PORT}
  projects:
    $PROJECT: "$PUBLIC"
YAML
cp "$REPO/templates/src/main/resources/org/dkumonitor/templates/conf/storage-"*.conf \
    "$OUTDIR/data/conf/"

# the wire bytes, from gottwall_client.py: the Python 2 client (stati-net's pinned runtime)
# signing now; the name BENCHNAME is replaced per measurement by one of the same length
CLIENT_DIR="$REPO/server/src/test/resources/gottwall" TZ=UTC PYTHONDONTWRITEBYTECODE=1 \
  $PY - "$OUTDIR" "$PRIVATE" "$PUBLIC" "$PROJECT" "$HTTP_PORT" <<'PYEOF'
import datetime, os, sys
sys.path.insert(0, os.environ["CLIENT_DIR"])
import gottwall_client as gw
out, private, public, project, port = sys.argv[1:6]
ts = gw.dt_to_ts(datetime.datetime.utcnow())
s1 = gw.s1_header(private, public, ts, rule="py2")
body = gw.http_body("BENCHNAME", ts, 1, None, "py2-json")
open(out + "/http.bin", "wb").write(gw.http_request_py2(project, "incr", s1, body, port=int(port)))
s2 = gw.s2_header(private, public, project, ts, rule="py2")
chunk = gw.stream_chunk(project, s2, "incr", "BENCHNAME", ts, 1, None, "py2-json")
open(out + "/stream-header.bin", "wb").write((s2 + gw.TCP_AUTH_DELIMITER).encode())
open(out + "/chunk.bin", "wb").write((chunk + gw.CHUNK_DELIMITER).encode())
open(out + "/datagram.bin", "wb").write(gw.udp_datagram(s2, chunk))
PYEOF

# shellcheck disable=SC2086
java $JOPTS -cp "$CP" org.dkumonitor.server.ServerMain --data-dir "$OUTDIR/data" \
    > "$OUTDIR/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q "GottWall stream listening on TCP" "$OUTDIR/server.log" && break
  kill -0 $SERVER_PID 2>/dev/null || { cat "$OUTDIR/server.log"; exit 1; }
  sleep 0.1
done

export GW_PROJECT=$PROJECT GW_PREFIX=/gottwall
GW_BASIC=$(printf '%s:%s' "$PUBLIC" "$PRIVATE" | base64 -w0); export GW_BASIC
LOAD=(java -XX:+UseSerialGC "$HERE/java/GottwallLoad.java")
echo "# warm-up"
"${LOAD[@]}" http 127.0.0.1 $HTTP_PORT "$OUTDIR/http.bin" "$CLIENTS" 20000 >/dev/null
"${LOAD[@]}" tcp 127.0.0.1 $HTTP_PORT $STREAM_PORT "$OUTDIR/stream-header.bin" \
    "$OUTDIR/chunk.bin" 500000 >/dev/null
"${LOAD[@]}" udp 127.0.0.1 $HTTP_PORT $STREAM_PORT "$OUTDIR/datagram.bin" 20000 16 20000 \
    >/dev/null
echo "# measured"
"${LOAD[@]}" http 127.0.0.1 $HTTP_PORT "$OUTDIR/http.bin" "$CLIENTS" "$REQUESTS" \
  | tee "$OUTDIR/http.json"
"${LOAD[@]}" tcp 127.0.0.1 $HTTP_PORT $STREAM_PORT "$OUTDIR/stream-header.bin" \
    "$OUTDIR/chunk.bin" "$METRICS" | tee "$OUTDIR/tcp.json"
# shellcheck disable=SC2086
"${LOAD[@]}" udp 127.0.0.1 $HTTP_PORT $STREAM_PORT "$OUTDIR/datagram.bin" "$UDP_COUNT" 16 \
    $RATES | tee "$OUTDIR/udp.json"
$PY - "$OUTDIR" <<'PYEOF'
import json, sys
out = sys.argv[1]
http = json.loads(open(out + "/http.json").read())
tcp = json.loads(open(out + "/tcp.json").read())
udp = [json.loads(l) for l in open(out + "/udp.json")][-1]
def verdict(ok): return "ok" if ok else "BELOW TARGET"
print("HTTP %d clients: %.0f signed incr/s (target 20000: %s), %d of %d counted, %d not 200"
      % (http["clients"], http["requests_per_s"], verdict(http["requests_per_s"] >= 20000),
         http["counted"], http["requests"], http["not_200"]))
print("TCP one connection: %.0f metrics/s to all counted (target 500000: %s), %d of %d counted"
      % (tcp["metrics_per_s"], verdict(tcp["metrics_per_s"] >= 500000), tcp["counted"],
         tcp["metrics"]))
print("UDP: highest rate without loss %d datagrams/s (of the rates tried)"
      % udp["highest_lossless_rate_per_s"])
PYEOF
