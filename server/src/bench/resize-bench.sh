#!/usr/bin/env bash
# Resize benchmark: N whisper files (default 10,000) of the installer's default schema, with 60
# points each, rewritten to a new schema by our running server (dkmadmin storage resize --apply,
# i.e. POST /storage/resize?apply=1) and by Graphite's whisper-resize on a copy of a sample.
#
# Usage: server/src/bench/resize-bench.sh [-n FILES] [-p PEER_SAMPLE] [-t NEW_RETENTIONS]
#   -n  files (default 10000)
#   -p  files whisper-resize rewrites (default 500; its script is run in one Python process with
#       its argv set per file, so interpreter start-up is not counted)
#   -t  the new retentions (default 10s:2d,1m:30d,1h:3y: the 10 s archive kept two days)
# Prints files resized, seconds and milliseconds per file for both, and the ratio per file.
# Run it under flock /tmp/dkm-bench.lock. Writes under $OUTDIR (default /tmp/dkm-resize).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
OUTDIR=${OUTDIR:-/tmp/dkm-resize}
N=10000 SAMPLE=500 NEW="10s:2d,1m:30d,1h:3y"
while getopts "n:p:t:h" o; do
  case $o in
    n) N=$OPTARG ;; p) SAMPLE=$OPTARG ;; t) NEW=$OPTARG ;; *) sed -n '2,13p' "$0"; exit 2 ;;
  esac
done
PY=/usr/bin/python3
PORT=${DKM_BENCH_PORT:-21133}
CONF=$REPO/templates/src/main/resources/org/dkumonitor/templates/conf
OLD=$(awk '/^\[default\]/{d=1} d && /^retentions/{print $3; exit}' "$CONF/storage-schemas.conf")
LAUNCHER=$REPO/dist/src/bundle/bin/dkm-server
JOPTS=$(sed -n '/^dkm_java /,/ -- /p' "$LAUNCHER" | tr '\\\n' '  ' \
          | sed 's/.*org\.dkumonitor\.server\.ServerMain//; s/ -- .*//')
source "$REPO/tools/jdk.sh"
(cd "$REPO" && mvn -B -o -q -pl server -am compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -DincludeScope=runtime >/dev/null)
CP="$REPO/server/target/classes:$(cat "$REPO/server/target/bench-classpath.txt")"
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true
  fi
  rm -rf "$OUTDIR"
}
trap cleanup EXIT
rm -rf "$OUTDIR"; mkdir -p "$OUTDIR/data/conf" "$OUTDIR/peer"
d=$OUTDIR/data
echo "== $N files of $OLD with 60 points each" >&2
$PY "$HERE/create-floor.py" "$d/storage/whisper" "$N" 60 "$OLD" >&2
mkdir -p "$OUTDIR/peer/bench/g000"
for i in $(seq 0 $((SAMPLE - 1))); do
  g=$(printf 'g%03d' $((i / 100))); mkdir -p "$OUTDIR/peer/bench/$g"
  cp "$d/storage/whisper/bench/$g/$(printf 'm%05d' "$i").wsp" "$OUTDIR/peer/bench/$g/"
done
cat > "$d/conf/server.yaml" <<YAML
carbon:
  listen: 127.0.0.1
  plaintextPort: $PORT
api:
  listen: 127.0.0.1
  port: $((PORT - 1))
YAML
cp "$CONF/storage-schemas.conf" "$CONF/storage-aggregation.conf" "$d/conf/"
MALLOC_ARENA_MAX=2 java $JOPTS -cp "$CP" org.dkumonitor.server.ServerMain --data-dir "$d" \
  >"$OUTDIR/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 150); do
  (exec 3<>"/dev/tcp/127.0.0.1/$((PORT - 1))") 2>/dev/null && break; sleep 0.2
done
sed -i "s/^retentions = $OLD\$/retentions = $NEW/" "$d/conf/storage-schemas.conf"
sync
echo "== dkumonitor: POST /storage/resize?apply=1 ($OLD -> $NEW)" >&2
t0=$(date +%s.%N)
# the answer lists every file: kept in a file, too long for an argument list at 10,000
curl -sS -X POST -o "$OUTDIR/resize-answer.json" \
  "http://127.0.0.1:$((PORT - 1))/storage/resize?apply=1"
t1=$(date +%s.%N)
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=

echo "== whisper-resize: $SAMPLE files" >&2
PEER_S=$($PY - "$OUTDIR/peer" "$NEW" <<'PYEOF'
import contextlib, io, os, sys, time
root, new = sys.argv[1], sys.argv[2].split(",")
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".wsp"))
code = compile(open("/usr/bin/whisper-resize").read(), "whisper-resize", "exec")
t0 = time.time()
for f in files:
    sys.argv = ["whisper-resize", f] + new + ["--nobackup"]
    with contextlib.redirect_stdout(io.StringIO()):
        exec(code, {"__name__": "__main__"})
print(time.time() - t0)
PYEOF
)
$PY - "$OUTDIR/resize-answer.json" "$t0" "$t1" "$PEER_S" "$SAMPLE" <<'PYEOF'
import json, sys
ours = json.load(open(sys.argv[1]))
seconds = float(sys.argv[3]) - float(sys.argv[2])
peer_s, sample = float(sys.argv[4]), int(sys.argv[5])
resized = ours["resized"]
print("%-16s %8s %10s %12s" % ("resize", "files", "seconds", "ms per file"))
print("%-16s %8d %10.1f %12.2f  (failed %d, points carried %d)" % ("dkumonitor", resized,
      seconds, 1000 * seconds / max(1, resized), len(ours["failed"]), ours["pointsCarried"]))
print("%-16s %8d %10.1f %12.2f" % ("whisper-resize", sample, peer_s, 1000 * peer_s / sample))
print("%-16s %8s %10s %11.2fx" % ("ours/whisper", "", "",
      (seconds / max(1, resized)) / (peer_s / sample)))
PYEOF
