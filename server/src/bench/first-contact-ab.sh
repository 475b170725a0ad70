#!/usr/bin/env bash
# First contact, build against build: 10,000 new metrics x 60 points over one connection (the
# burst of ingest-bench.sh), our server built from tree A, then from tree B, alternating, each
# run on a fresh ext4 file system of its own (a loop device), and the medians per tree.
#
# Usage: server/src/bench/first-contact-ab.sh [-r ROUNDS] [-a "JVM OPTIONS"] [-b "JVM OPTIONS"]
#                                              TREE_A TREE_B
#   TREE_x  a source tree of this project with the server built (mvn -pl server -am install
#           -DskipTests), e.g. a `git worktree` or a `git archive` of a commit
#   -r      rounds (default 3: A B A B A B)
#   -a, -b  JVM options added to the launcher's for A, for B: one tree given twice compares
#           options (e.g. -b -XX:TieredStopAtLevel=1 TREE TREE)
# Why a file system per run: on a shared disk the same build reads 1.4 s to 4.8 s for this burst
# (ext4's check of recently deleted inodes, writeback of the last tree, free-space layout: see
# ingest-bench.sh); on a new ext4 each run meets the same state, and runs of one build agree
# within about 10%. For the issue's figures against carbon-cache and the floor, use
# ingest-bench.sh; this compares builds. Needs root (mkfs, mount), 12 GB free under $OUTDIR,
# and /usr/bin/python3. Prints per run: durable points/s, span, server CPU, and the CPU of C2
# (the JIT) and of the persister's workers, user+system.
set -euo pipefail
ROUNDS=3 EXTRA_A= EXTRA_B=
while getopts "r:a:b:h" o; do
  case $o in
    r) ROUNDS=$OPTARG ;; a) EXTRA_A=$OPTARG ;; b) EXTRA_B=$OPTARG ;;
    *) sed -n '2,19p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 2 ] || { sed -n '2,19p' "$0"; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
PEERS=${PEERS:-/work/shared/peers}
OUTDIR=${OUTDIR:-/tmp/dkm-ab}
PY=/usr/bin/python3
PORT=${DKM_BENCH_PORT:-21203}
IMAGE=$OUTDIR/fs.img FS=$OUTDIR/fs
mkdir -p "$FS"
source "$HERE/../../../tools/jdk.sh"
LAUNCHER=$HERE/../../../dist/src/bundle/bin/dkm-server
JOPTS=$(sed -n '/^dkm_java /,/ -- /p' "$LAUNCHER" | tr '\\\n' '  ' \
          | sed 's/.*org\.dkumonitor\.server\.ServerMain//; s/ -- .*//')

SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true
  fi
  if mountpoint -q "$FS"; then umount "$FS"; fi
  rm -f "$IMAGE"
}
trap cleanup EXIT

classpath() {  # tree: its modules' target/classes (the reactor's), not those installed
  (cd "$1" && mvn -B -o -q -pl server -am compile dependency:build-classpath \
      -Dmdep.outputFile=target/bench-classpath.txt -DincludeScope=runtime >/dev/null)
  echo "$1/server/target/classes:$(cat "$1/server/target/bench-classpath.txt")"
}

thread_cpu() {  # pid: "name user_ticks system_ticks" per thread name
  for t in /proc/"$1"/task/*; do
    echo "$(tr ' ' '_' < "$t/comm") $(sed 's/.*) //' "$t/stat" | cut -d' ' -f12,13)"
  done
}

run() {  # tree classpath label extra-jvm-options
  truncate -s 12G "$IMAGE" && mkfs.ext4 -q "$IMAGE" && mount -o loop "$IMAGE" "$FS"
  local d=$FS/data
  mkdir -p "$d/conf"
  printf 'carbon:\n  listen: 127.0.0.1\n  plaintextPort: %s\napi:\n  listen: 127.0.0.1\n  port: %s\n' \
    "$PORT" $((PORT - 1)) > "$d/conf/server.yaml"
  cp "$1/templates/src/main/resources/org/dkumonitor/templates/conf/"storage-{schemas,aggregation}.conf "$d/conf/"
  sync; sleep 2
  MALLOC_ARENA_MAX=2 java $JOPTS $4 -cp "$2" org.dkumonitor.server.ServerMain --data-dir "$d" \
    > "$OUTDIR/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2
  done
  sleep 2
  local before load wait after
  before=$(thread_cpu "$SERVER_PID")
  load=$($PY "$PEERS/carbon-load.py" --port "$PORT" -m 10000 -p 60 -b 500 -c 1 2>/dev/null)
  $PY "$HERE/wait-quiet.py" "$SERVER_PID" 300   # counting from the start would take a core
  wait=$($PY "$PEERS/whisper-wait.py" --dir "$d/storage/whisper/bench" --expected 600000 \
           --per-file 60 --timeout 300 --interval 1)
  after=$(thread_cpu "$SERVER_PID")
  kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true
  SERVER_PID=
  umount "$FS"; rm -f "$IMAGE"
  $PY - "$3" "$load" "$wait" "$before" "$after" <<'PYEOF'
import json, sys
label, load, wait = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
def cpu(text):
    totals = {}
    for line in text.splitlines():
        name, user, system = line.split()
        group = "C2" if name.startswith("C2_") else "persister" if name.startswith("persister") else "other"
        totals[group] = totals.get(group, 0) + (int(user) + int(system)) / 100
    return totals
b, a = cpu(sys.argv[4]), cpu(sys.argv[5])
d = {k: a.get(k, 0) - b.get(k, 0) for k in a}
span = wait["max_mtime"] - load["t_first_send"]
print(json.dumps({"tree": label, "durable_pps": round(wait["persisted"] / span),
                  "span_s": round(span, 3), "cpu_s": round(sum(d.values()), 2),
                  "c2_cpu_s": round(d.get("C2", 0), 2),
                  "persister_cpu_s": round(d.get("persister", 0), 2)}))
PYEOF
}

CP_A=$(classpath "$1") CP_B=$(classpath "$2")
RESULTS=$OUTDIR/ab.jsonl
: > "$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
  run "$1" "$CP_A" A "$EXTRA_A" | tee -a "$RESULTS"
  run "$2" "$CP_B" B "$EXTRA_B" | tee -a "$RESULTS"
done
$PY - "$RESULTS" "$1 $EXTRA_A" "$2 $EXTRA_B" <<'PYEOF'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
for label, tree in (("A", sys.argv[2]), ("B", sys.argv[3])):
    mine = [r for r in rows if r["tree"] == label]
    print(f"{label} median: " + ", ".join(
        f"{key} {statistics.median(r[key] for r in mine)}"
        for key in ("durable_pps", "span_s", "cpu_s", "c2_cpu_s", "persister_cpu_s"))
        + f"  ({tree})")
a = statistics.median(r["durable_pps"] for r in rows if r["tree"] == "A")
b = statistics.median(r["durable_pps"] for r in rows if r["tree"] == "B")
print(f"B/A durable points/s: {b / a:.2f}x")
PYEOF
