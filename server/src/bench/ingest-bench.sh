#!/usr/bin/env bash
# Ingest benchmark: our metrics server against Debian's carbon-cache, same shapes, same load
# generator, same measurement, one after the other in one run, and the floor: a loop that only
# creates the same files with fallocate and writes the same points (create-floor.py).
#
# Usage: server/src/bench/ingest-bench.sh [-r RUNS] [-s "10000x60 1000x600"] [-c "1 4"]
#                                         [-j "JVM OPTIONS"] [-n] [-F] [-t TIMEOUT_S]
#   -r  runs per (shape, connections) and per server (default 1; the machine is noisy: use 3)
#   -s  shapes, metrics x points (points 60 s apart)
#   -c  connection counts (default "1 4")
#   -j  JVM options of our server (default: those of the bundle's launcher, bin/dkm-server)
#   -n  ours only, no carbon-cache
#   -F  no floor loop
# Both servers get the installer's default schema and aggregation (templates/.../conf/
# storage-*.conf: 10s:1d,1m:30d,1h:3y, 916 KiB a file); carbon-cache creates its files with
# fallocate (WHISPER_FALLOCATE_CREATE, as carbon-cache.sh configures it).
# DKM_BENCH_YAML may hold more server.yaml text (e.g. a storage: section) for our server.
# Needs: a built server module (mvn -pl server -am verify or package), /usr/bin/python3 with
# python3-whisper, and for the peer the scripts of /work/shared/peers (apt installs
# graphite-carbon on first use). Writes under $OUTDIR (default /tmp/dkm-bench).
#
# Figures per run, for both servers and the floor, as /work/shared/peers/ingest-bench.sh
# defines them (the floor has durable_pps only: points / time of its loop):
#   accepted_lps  lines/s until the server had read every byte (carbon-load.py)
#   durable_pps   points in .wsp files / (last .wsp mtime - first line sent)
#   hwm_mib       peak RSS (VmHWM) of the server process
#   cpu_run_s     server CPU seconds during the load
# then, per shape and connection count, the medians and the ratios ours/carbon.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
PEERS=${PEERS:-/work/shared/peers}
OUTDIR=${OUTDIR:-/tmp/dkm-bench}
RUNS=1 SHAPES="10000x60 1000x600" CONNS="1 4" TIMEOUT=600 PEER=1 FLOOR=1
# the server runs as the bundle runs it: the JVM options of its launcher, two malloc arenas
LAUNCHER=$REPO/dist/src/bundle/bin/dkm-server
JOPTS=$(sed -n '/^dkm_java /,/ -- /p' "$LAUNCHER" | tr '\\\n' '  ' \
          | sed 's/.*org\.dkumonitor\.server\.ServerMain//; s/ -- .*//')
[ -n "$JOPTS" ] || { echo "no JVM options found in $LAUNCHER" >&2; exit 1; }
while getopts "r:s:c:j:t:nFh" o; do
  case $o in
    r) RUNS=$OPTARG ;; s) SHAPES=$OPTARG ;; c) CONNS=$OPTARG ;; j) JOPTS=$OPTARG ;;
    t) TIMEOUT=$OPTARG ;; n) PEER=0 ;; F) FLOOR=0 ;; *) sed -n '2,30p' "$0"; exit 2 ;;
  esac
done
CONF=$REPO/templates/src/main/resources/org/dkumonitor/templates/conf
# the [default] section's retentions, for carbon-cache.sh and the floor
RETENTIONS=$(awk '/^\[default\]/{d=1} d && /^retentions/{print $3; exit}' "$CONF/storage-schemas.conf")
[ -n "$RETENTIONS" ] || { echo "no [default] retentions in $CONF/storage-schemas.conf" >&2; exit 1; }
export CARBON_RETENTIONS=$RETENTIONS
PY=/usr/bin/python3
PORT=${DKM_BENCH_PORT:-21103}
export PEERS_RUN=${PEERS_RUN:-/tmp/peers-run}   # where the peer's script keeps carbon's tree
mkdir -p "$OUTDIR" "$OUTDIR/trash" "$PEERS_RUN/trash"
OURS=$OUTDIR/ours.jsonl PEER_OUT=$OUTDIR/carbon.jsonl FLOOR_OUT=$OUTDIR/floor.jsonl
: > "$OURS"; : > "$PEER_OUT"; : > "$FLOOR_OUT"

source "$REPO/tools/jdk.sh"
# the server's runtime class path (core, templates, the UI's WebJar ...), modules from the
# reactor's target/classes (compile is incremental: a built tree costs a few seconds)
(cd "$REPO" && mvn -B -o -q -pl server -am compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -DincludeScope=runtime >/dev/null)
CP="$REPO/server/target/classes:$(cat "$REPO/server/target/bench-classpath.txt")"
[ -d "$REPO/server/target/classes/org" ] || { echo "build the server first" >&2; exit 1; }

proc_stats() {
  $PY - "$1" <<'PYEOF'
import json, os, sys
pid = sys.argv[1]
st = dict(l.split(":", 1) for l in open(f"/proc/{pid}/status"))
f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
t = os.sysconf("SC_CLK_TCK")
print(json.dumps({"rss_kib": int(st["VmRSS"].split()[0]), "hwm_kib": int(st["VmHWM"].split()[0]),
                  "cpu_s": (int(f[11]) + int(f[12])) / t}))
PYEOF
}

# Each tree is deleted once measured, and the next run waits $SETTLE s (default 310) after a
# deletion before it creates files. Why: on this machine's ext4 the kernel will not reuse an
# inode freed less than 60 s ago (300 s while its inode table block is dirty, which creating
# files keeps it) and checks each such free inode on every file it creates; right after an
# rm -rf of 10 000 files, creating the next 10 000 cost 3-6 s of kernel time instead of 0.4
# (perf: ext4_create -> find_inode_bit -> recently_deleted), for every server alike. A user's
# first contact meets no such deletions; neither does the bench. (Trees are not kept until the
# end: with the default schema each is 9 GB, and the disk is shared.)
SETTLE=${DKM_BENCH_SETTLE:-310}
retire() {  # path trash-dir
  if [ -e "$1" ]; then mv "$1" "$2/$(date +%s%N)"; fi
}
purge_trash() {
  if [ -n "$(ls -A "$OUTDIR/trash" "$PEERS_RUN/trash" 2>/dev/null)" ]; then
    rm -rf "$OUTDIR/trash"/* "$PEERS_RUN/trash"/*; sync
    echo "== deleted the last tree; waiting ${SETTLE}s for the file system" >&2
    sleep "$SETTLE"
  fi
}

SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true
  fi
  SERVER_PID=
}
cleanup() {
  stop_server
  rm -rf "$OUTDIR/trash" "$PEERS_RUN/trash"
}
trap cleanup EXIT

run_ours() {  # metrics points connections run
  local m=$1 p=$2 c=$3 r=$4 d=$OUTDIR/ours-data
  sync; sleep 1
  mkdir -p "$d/conf"
  cat > "$d/conf/server.yaml" <<YAML
carbon:
  listen: 127.0.0.1
  plaintextPort: $PORT
api:
  listen: 127.0.0.1
  port: $((PORT - 1))
${DKM_BENCH_YAML:-}
YAML
  cp "$CONF/storage-schemas.conf" "$CONF/storage-aggregation.conf" "$d/conf/"
  MALLOC_ARENA_MAX=2 java $JOPTS -cp "$CP" org.dkumonitor.server.ServerMain --data-dir "$d" >"$OUTDIR/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2
  done
  sleep 2
  local pre load wait post
  pre=$(proc_stats "$SERVER_PID")
  load=$($PY "$PEERS/carbon-load.py" --port "$PORT" -m "$m" -p "$p" -b 500 -c "$c")
  wait=$($PY "$PEERS/whisper-wait.py" --dir "$d/storage/whisper/bench" --expected $((m * p)) \
           --per-file "$p" --timeout "$TIMEOUT" --interval 1) || true
  post=$(proc_stats "$SERVER_PID")
  stop_server
  $PY - "$m" "$p" "$r" "$pre" "$load" "$wait" "$post" >>"$OURS" <<'PYEOF'
import json, sys
m, p, r = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
pre, load, wait, post = (json.loads(x) for x in sys.argv[4:8])
span = wait["max_mtime"] - load["t_first_send"]
print(json.dumps({"variant": "dkumonitor", "metrics": m, "points": p, "run": r,
    "connections": load["connections"], "accepted_lps": load["lines_per_s"],
    "persisted": wait["persisted"], "complete": wait["complete"],
    "durable_pps": round(wait["persisted"] / span, 1) if span > 0 else None,
    "hwm_mib": round(post["hwm_kib"] / 1024, 1),
    "cpu_run_s": round(post["cpu_s"] - pre["cpu_s"], 2)}))
PYEOF
  tail -n 1 "$OURS" >&2
}

for shape in $SHAPES; do
  M=${shape%x*}; P=${shape#*x}
  for c in $CONNS; do
    for r in $(seq 1 "$RUNS"); do
      purge_trash
      echo "== dkumonitor ${M}x${P} conns=$c run $r/$RUNS" >&2
      run_ours "$M" "$P" "$c" "$r"
      retire "$OUTDIR/ours-data" "$OUTDIR/trash"
      if [ "$PEER" = 1 ]; then
        purge_trash
        echo "== carbon-cache ${M}x${P} conns=$c run $r/$RUNS" >&2
        OUTDIR=$OUTDIR/peer "$PEERS/ingest-bench.sh" -r 1 -s "$shape" -c "$c" -t "$TIMEOUT" \
          -o "$PEER_OUT" >/dev/null
        retire "$PEERS_RUN/carbon-bench/storage" "$PEERS_RUN/trash"
      fi
      if [ "$FLOOR" = 1 ]; then
        purge_trash
        echo "== floor: create with fallocate and write ${M}x${P}" >&2
        sync; sleep 1
        $PY "$HERE/create-floor.py" "$OUTDIR/floor-data" "$M" "$P" "$RETENTIONS" \
          | $PY -c 'import json,sys; r=json.load(sys.stdin); r.update(metrics=int(sys.argv[1]),
points=int(sys.argv[2]), connections=int(sys.argv[3]), durable_pps=r["points_per_s"])
print(json.dumps(r))' "$M" "$P" "$c" | tee -a "$FLOOR_OUT" >&2
        retire "$OUTDIR/floor-data" "$OUTDIR/trash"
      fi
    done
  done
done

$PY - "$OURS" "$PEER_OUT" "$FLOOR_OUT" <<'PYEOF'
import json, statistics, sys
def load(path):
    rows = {}
    for line in open(path):
        if line.strip():
            r = json.loads(line)
            rows.setdefault((r["metrics"], r["points"], r["connections"]), []).append(r)
    return rows
ours, peer, floor = load(sys.argv[1]), load(sys.argv[2]), load(sys.argv[3])
keys = ["accepted_lps", "durable_pps", "hwm_mib", "cpu_run_s"]
def med(rows, k):
    v = [r[k] for r in rows if r.get(k) is not None]
    return round(statistics.median(v), 1) if v else None
print("%-18s %-14s %14s %14s %9s %9s" % ("shape conns", "server", *keys))
for g in sorted(ours):
    label = "%dx%d c=%d" % g
    o = {k: med(ours[g], k) for k in keys}
    print("%-18s %-14s %14s %14s %9s %9s  complete %d/%d" % (label, "dkumonitor",
          *[o[k] for k in keys], sum(r["complete"] for r in ours[g]), len(ours[g])))
    if g in peer:
        p = {k: med(peer[g], k) for k in keys}
        print("%-18s %-14s %14s %14s %9s %9s  complete %d/%d" % (label, "carbon-cache",
              *[p[k] for k in keys], sum(r["complete"] for r in peer[g]), len(peer[g])))
        ratio = ["%.2fx" % (o[k] / p[k]) if o[k] and p[k] else "-" for k in keys]
        print("%-18s %-14s %14s %14s %9s %9s" % (label, "ratio", *ratio))
    if g in floor:
        f = med(floor[g], "durable_pps")
        print("%-18s %-14s %14s %14s %9s %9s  runs %d" % (label, "floor", "-", f, "-", "-",
              len(floor[g])))
        print("%-18s %-14s %14s %14s" % (label, "ours/floor", "-",
              "%.2fx" % (o["durable_pps"] / f) if o["durable_pps"] and f else "-"))
PYEOF
