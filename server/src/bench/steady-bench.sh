#!/usr/bin/env bash
# Steady-state benchmark: our metrics server against Debian's carbon-cache, one after the other
# in one run, under the load of a fleet: M metrics (default 100,000) each sending a point every
# 10 s for R rounds (default 30: 5 minutes, 10,000 points/s), over 4 connections, paced evenly.
#
# Usage: server/src/bench/steady-bench.sh [-m METRICS] [-r ROUNDS] [-S RETENTIONS] [-n]
#                                          [-b BATCH_SECONDS] [-j "JVM OPTIONS"]
#   -S  the schema of every metric on both sides (default 10s:6h,1m:1d: 43 KiB a file, 4.3 GB
#       for 100,000; the installer's default, 916 KiB a file, would need 92 GB per server)
#   -b  our storage.batchSeconds (default: the server's default)
#   -n  ours only
#   -N  carbon-cache only
# Prints, for both: the steady phase's CPU seconds, end and peak RSS, the largest (and 99th
# percentile) delay from a line written to the socket to its point in the file (2,000 sampled
# metrics watched every 0.25 s), and the points dropped (all files read after a drain of up to
# 120 s); then ours/carbon. The creation of the files (one round, waited for) is not measured.
# Run it under flock /tmp/dkm-bench.lock. Writes under $OUTDIR (default /tmp/dkm-steady).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
PEERS=${PEERS:-/work/shared/peers}
OUTDIR=${OUTDIR:-/tmp/dkm-steady}
M=100000 R=30 SCHEMA="10s:6h,1m:1d" PEER=1 OURS_RUN=1 BATCH=
LAUNCHER=$REPO/dist/src/bundle/bin/dkm-server
JOPTS=$(sed -n '/^dkm_java /,/ -- /p' "$LAUNCHER" | tr '\\\n' '  ' \
          | sed 's/.*org\.dkumonitor\.server\.ServerMain//; s/ -- .*//')
while getopts "m:r:S:j:b:nNh" o; do
  case $o in
    m) M=$OPTARG ;; r) R=$OPTARG ;; b) BATCH=$OPTARG ;; S) SCHEMA=$OPTARG ;; j) JOPTS=$OPTARG ;; n) PEER=0 ;;
    N) OURS_RUN=0 ;;
    *) sed -n '2,21p' "$0"; exit 2 ;;
  esac
done
PY=/usr/bin/python3
PORT=${DKM_BENCH_PORT:-21113}
export PEERS_RUN=${PEERS_RUN:-/tmp/peers-run}
mkdir -p "$OUTDIR"
source "$REPO/tools/jdk.sh"
(cd "$REPO" && mvn -B -o -q -pl server -am compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -DincludeScope=runtime >/dev/null)
CP="$REPO/server/target/classes:$(cat "$REPO/server/target/bench-classpath.txt")"

SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true
  fi
  if [ "$PEER" = 1 ]; then CARBON_DIR=$PEERS_RUN/carbon-steady "$PEERS/carbon-cache.sh" stop \
    >/dev/null 2>&1 || true; fi
  rm -rf "$OUTDIR/ours-data" "$PEERS_RUN/carbon-steady/storage"
}
trap cleanup EXIT

OURS='{}'
d=$OUTDIR/ours-data
if [ "$OURS_RUN" = 1 ]; then
rm -rf "$d"; mkdir -p "$d/conf"
cat > "$d/conf/server.yaml" <<YAML
carbon:
  listen: 127.0.0.1
  plaintextPort: $PORT
api:
  listen: 127.0.0.1
  port: $((PORT - 1))
YAML
if [ -n "$BATCH" ]; then printf 'storage:\n  batchSeconds: %s\n' "$BATCH" >> "$d/conf/server.yaml"; fi
printf '[carbon]\npattern = ^carbon\\.\nretentions = 60s:90d\n\n[default]\npattern = .*\nretentions = %s\n' \
  "$SCHEMA" > "$d/conf/storage-schemas.conf"
cp "$REPO/templates/src/main/resources/org/dkumonitor/templates/conf/storage-aggregation.conf" \
  "$d/conf/"
echo "== dkumonitor: $M metrics every 10 s, $R rounds, schema $SCHEMA, batchSeconds ${BATCH:-default}" >&2
MALLOC_ARENA_MAX=2 java $JOPTS -cp "$CP" org.dkumonitor.server.ServerMain --data-dir "$d" \
  >"$OUTDIR/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 150); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2
done
sleep 2
OURS=$($PY "$HERE/steady-load.py" --port "$PORT" --dir "$d/storage/whisper" --pid "$SERVER_PID" \
  -m "$M" --rounds "$R")
echo "$OURS" >&2
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=
rm -rf "$d"
fi

PEER_JSON='{}'
if [ "$PEER" = 1 ]; then
  echo "== carbon-cache: the same" >&2
  export CARBON_DIR=$PEERS_RUN/carbon-steady CARBON_LINE_PORT=$((PORT + 10))
  export CARBON_PICKLE_PORT=$((PORT + 11)) CARBON_QUERY_PORT=$((PORT + 12))
  export CARBON_RETENTIONS=$SCHEMA
  CARBON_FRESH=1 "$PEERS/carbon-cache.sh" start fast >&2
  sleep 2
  PEER_JSON=$($PY "$HERE/steady-load.py" --port "$CARBON_LINE_PORT" \
    --dir "$CARBON_DIR/storage/whisper" --pid "$(cat "$CARBON_DIR/carbon.pid")" -m "$M" \
    --rounds "$R")
  echo "$PEER_JSON" >&2
  "$PEERS/carbon-cache.sh" stop >&2
fi

$PY - "$OURS" "$PEER_JSON" <<'PYEOF'
import json, sys
ours, peer = json.loads(sys.argv[1]), json.loads(sys.argv[2])
keys = ["cpu_steady_s", "rss_end_mib", "hwm_mib", "max_delay_s", "p99_delay_s", "dropped",
        "creation_s"]
print("%-14s" % "server" + "".join("%14s" % k for k in keys))
if ours:
    print("%-14s" % "dkumonitor" + "".join("%14s" % ours.get(k) for k in keys))
if peer:
    print("%-14s" % "carbon-cache" + "".join("%14s" % peer.get(k) for k in keys))
    ratio = ["%.2fx" % (ours[k] / peer[k]) if ours and isinstance(ours.get(k), (int, float))
             and isinstance(peer.get(k), (int, float)) and peer[k] else "-" for k in keys]
    print("%-14s" % "ours/carbon" + "".join("%14s" % r for r in ratio))
PYEOF
