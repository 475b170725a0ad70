#!/usr/bin/env bash
# Ingest benchmark: our metrics server against Debian's carbon-cache, same shapes, same load
# generator, same measurement, one after the other in one run, and the floor: a loop that only
# creates the same files with fallocate and writes the same points (create-floor.py).
#
# Usage: server/src/bench/ingest-bench.sh [-r RUNS] [-s "10000x60 1000x600"] [-c "1 4"]
#                                         [-j "JVM OPTIONS"] [-n] [-F] [-P] [-W] [-t TIMEOUT_S]
#   -r  runs per (shape, connections) and per server (default 1; the machine is noisy: use 3)
#   -s  shapes, metrics x points (points 60 s apart)
#   -c  connection counts (default "1 4")
#   -j  JVM options of our server (default: those of the bundle's launcher, bin/dkm-server)
#   -n  ours only, no carbon-cache
#   -F  no floor loop
#   -P  count the points while the server writes them, as the peers' ingest-bench.sh does
#       (carbon-cache then runs through that script, unless -W); the default waits until the
#       server is quiet first
#   -W  a server that has run a while: before the measured load each server takes a tenth of it
#       under other names (warm.*: its files made, its points written) and is left until quiet
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
#   persist_lag_s last .wsp mtime - the moment the server had read every byte
#   hwm_mib       peak RSS (VmHWM) of the server process
#   cpu_run_s     server CPU seconds during the load
# then, per shape and connection count, the medians and the ratios ours/carbon.
# Counting the points (whisper-wait.py reads every file's first archive, ~1 ms of Python per
# file) costs a core; the peers' script starts it as soon as the load is sent, on this 2-core
# machine in the middle of the server's writing (ours made about 1.3x more points/s without
# it). So by default each server is first left alone until its CPU time stops growing (under
# 20 ms in 1 s: wait-quiet.py), then counted; the mtime of its last write still ends the span,
# and counting goes on until every point is there (a quiet spell too early only brings the
# poller back). The floor loop is timed alone, as before.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
PEERS=${PEERS:-/work/shared/peers}
CARBON=$PEERS/carbon-cache.sh
OUTDIR=${OUTDIR:-/tmp/dkm-bench}
RUNS=1 SHAPES="10000x60 1000x600" CONNS="1 4" TIMEOUT=600 PEER=1 FLOOR=1 POLL_AT_ONCE=0 WARM=0
# the server runs as the bundle runs it: the JVM options of its launcher, two malloc arenas
LAUNCHER=$REPO/dist/src/bundle/bin/dkm-server
JOPTS=$(sed -n '/^dkm_java /,/ -- /p' "$LAUNCHER" | tr '\\\n' '  ' \
          | sed 's/.*org\.dkumonitor\.server\.ServerMain//; s/ -- .*//')
[ -n "$JOPTS" ] || { echo "no JVM options found in $LAUNCHER" >&2; exit 1; }
while getopts "r:s:c:j:t:nFPWh" o; do
  case $o in
    r) RUNS=$OPTARG ;; s) SHAPES=$OPTARG ;; c) CONNS=$OPTARG ;; j) JOPTS=$OPTARG ;;
    t) TIMEOUT=$OPTARG ;; n) PEER=0 ;; F) FLOOR=0 ;; P) POLL_AT_ONCE=1 ;; W) WARM=1 ;;
    *) sed -n '2,41p' "$0"; exit 2 ;;
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

wait_quiet() {  # pid: returns once the process is quiet (see wait-quiet.py)
  $PY "$HERE/wait-quiet.py" "$1" "$TIMEOUT"
}

record() {  # variant metrics points connections run pre load wait post (JSON): one result row
  $PY - "$@" <<'PYEOF'
import json, sys
variant, m, p, c, r = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
pre, load, wait, post = (json.loads(x) for x in sys.argv[6:10])
span = wait["max_mtime"] - load["t_first_send"]
print(json.dumps({"variant": variant, "metrics": m, "points": p, "run": r,
    "connections": load["connections"], "accepted_lps": load["lines_per_s"],
    "persisted": wait["persisted"], "complete": wait["complete"],
    "durable_pps": round(wait["persisted"] / span, 1) if span > 0 else None,
    "persist_lag_s": round(wait["max_mtime"] - load["t_accepted"], 3),
    "hwm_mib": round(post["hwm_kib"] / 1024, 1),
    "cpu_run_s": round(post["cpu_s"] - pre["cpu_s"], 2)}))
PYEOF
}

warm_up() {  # port pid metrics points connections: a tenth of the load under warm.*, then quiet
  [ "$WARM" = 1 ] || return 0
  $PY "$PEERS/carbon-load.py" --port "$1" -m $(( ($3 + 9) / 10 )) -p "$4" -b 500 -c "$5" \
    --prefix warm >/dev/null
  wait_quiet "$2"
}

count_points() {  # tree expected-points points-per-file: whisper-wait.py's JSON
  $PY "$PEERS/whisper-wait.py" --dir "$1" --expected "$2" --per-file "$3" \
    --timeout "$TIMEOUT" --interval 1 || true
}

# One measured load on a running server (ours or carbon-cache): the result row on stdout.
measure() {  # variant port pid tree metrics points connections run
  local pre load wait post
  warm_up "$2" "$3" "$5" "$6" "$7"
  pre=$(proc_stats "$3")
  load=$($PY "$PEERS/carbon-load.py" --port "$2" -m "$5" -p "$6" -b 500 -c "$7")
  [ "$POLL_AT_ONCE" = 1 ] || wait_quiet "$3"
  wait=$(count_points "$4" $(($5 * $6)) "$6")
  post=$(proc_stats "$3")
  record "$1" "$5" "$6" "$7" "$8" "$pre" "$load" "$wait" "$post"
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
  if [ -n "${CARBON_DIR:-}" ]; then "$CARBON" stop >/dev/null 2>&1 || true; fi
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
  local row
  row=$(measure dkumonitor "$PORT" "$SERVER_PID" "$d/storage/whisper/bench" "$m" "$p" "$c" "$r")
  stop_server
  echo "$row" | tee -a "$OURS" >&2
}

# carbon-cache as the peers' ingest-bench.sh runs it (its "fast" variant: no update or create
# limits, fallocate), counted as ours is
run_carbon() {  # metrics points connections run
  local m=$1 p=$2 c=$3 r=$4 pid row
  export CARBON_DIR=$PEERS_RUN/carbon-bench CARBON_LINE_PORT=${CARBON_LINE_PORT:-21003}
  sync; sleep 1
  CARBON_FRESH=1 "$CARBON" start fast >&2
  pid=$(cat "$CARBON_DIR/carbon.pid")
  sleep 2
  row=$(measure carbon-cache "$CARBON_LINE_PORT" "$pid" "$CARBON_DIR/storage/whisper/bench" \
          "$m" "$p" "$c" "$r")
  "$CARBON" stop >&2
  echo "$row" | tee -a "$PEER_OUT" >&2
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
        if [ "$POLL_AT_ONCE" = 1 ] && [ "$WARM" = 0 ]; then
          OUTDIR=$OUTDIR/peer "$PEERS/ingest-bench.sh" -r 1 -s "$shape" -c "$c" -t "$TIMEOUT" \
            -o "$PEER_OUT" >/dev/null
        else
          run_carbon "$M" "$P" "$c" "$r"
        fi
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

$PY - "$OURS" "$PEER_OUT" "$FLOOR_OUT" "$POLL_AT_ONCE" "$WARM" <<'PYEOF'
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
print("points counted %s%s" % ("while the servers wrote them (-P)" if sys.argv[4] == "1"
      else "once each server was quiet", "; servers warmed up first (-W)" if sys.argv[5] == "1"
      else ""))
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
