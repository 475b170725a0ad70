#!/usr/bin/env bash
# Crash recovery check (issue 15): a real install of the bundle takes a burst of 45 M points,
# its server is killed with -9 while the write-ahead log still holds them, and the supervisor
# starts it again. Prints how long until the server answers again (its /health, which it
# serves once it listens, after the log is replayed) and until dkm shows it RUNNING, its peak
# RSS during the replay against its heap limit, how many points the replay found, and whether
# every point sent can be read back through the render API.
#
# Usage: server/src/bench/recovery.sh [-m METRICS] [-p POINTS] [-c CONNECTIONS]
#                                     [-C CHECKPOINT_S] [-k]
#   -m/-p  the burst, metrics x points (default 10000 x 4500 = 45 M, 10 s apart: 12.5 h)
#   -c     sender connections (default 4)
#   -C     storage.wal.checkpointSeconds of the install (default 3600: no checkpoint trims
#          the log during the burst, so at the kill it holds all of it, the worst case; 60 is
#          the shipped value)
#   -k     keep the install under $OUTDIR afterwards
# Run it under the bench lock:  flock /tmp/dkm-bench.lock server/src/bench/recovery.sh
# Needs the bundle built (./make-package) and python3. Writes under $OUTDIR
# (default /tmp/dkm-recovery). No peer runs here: carbon-cache keeps no write-ahead log, so a
# kill -9 loses its whole cache; there is no figure of its to put beside ours.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
OUTDIR=${OUTDIR:-/tmp/dkm-recovery}
METRICS=10000 POINTS=4500 CONNS=4 KEEP=0 CHECKPOINT=3600
while getopts "m:p:c:C:kh" o; do
  case $o in
    m) METRICS=$OPTARG ;; p) POINTS=$OPTARG ;; c) CONNS=$OPTARG ;; k) KEEP=1 ;;
    C) CHECKPOINT=$OPTARG ;; *) sed -n '2,21p' "$0"; exit 2 ;;
  esac
done
source "$HERE/bundle-install.sh"
bench_install_setup 23000

echo "== install ${BUNDLE} into $DATA on ports $PORT..$((PORT + 9)) (server only)" >&2
"${BUNDLE}installer" -d "$DATA" -p "$PORT" -t server >"$OUTDIR/install.out"
# one 10 s archive for a day: the burst's 12.5 h fit, files stay small (86 KiB each)
printf '[carbon]\npattern = ^carbon\\.\nretentions = 60s:90d\n\n[default]\npattern = .*\nretentions = 10s:1d\n' \
  > "$DATA/conf/storage-schemas.conf"
sed -i "s/^storage:\$/storage:\n  wal:\n    checkpointSeconds: $CHECKPOINT/" "$DATA/conf/server.yaml"
"$DATA/bin/dkm" start >"$OUTDIR/start.out"
OLD_PID=$("$DATA/bin/dkm" pid server)
HEAP_MIB=$(sed -n 's/.*-Xmx\([0-9]*\)m.*/\1/p' "${BUNDLE}bin/dkm-server" | head -n 1)

echo "== burst: $METRICS metrics x $POINTS points over $CONNS connections" >&2
$PY "$HERE/burst_load.py" --port $((PORT + 1)) -m "$METRICS" -p "$POINTS" -c "$CONNS" \
  > "$OUTDIR/load.json"
cat "$OUTDIR/load.json" >&2
sleep 2 # one commit interval and more: every point read is in the log
WAL_BYTES=$(du -sb "$DATA/storage/wal" | cut -f1)
echo "== kill -9 server $OLD_PID (write-ahead log: $((WAL_BYTES / 1048576)) MiB)" >&2
kill -9 "$OLD_PID"

$PY - "$DATA" "$OLD_PID" $((PORT + 2)) "$OUTDIR/recovery.json" <<'EOF'
import json, os, sys, time, urllib.error, urllib.request
data, old, api, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
killed = time.time()
def server_pid():
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == old:
            continue
        try:
            cmd = open("/proc/%s/cmdline" % pid, "rb").read().split(b"\0")
        except OSError:
            continue
        if b"org.dkumonitor.server.ServerMain" in cmd and data.encode() in cmd:
            return int(pid)
    return None
def status(pid):
    try:
        st = dict(l.split(":", 1) for l in open("/proc/%d/status" % pid))
        return int(st["VmHWM"].split()[0]) // 1024, int(st["VmRSS"].split()[0]) // 1024
    except OSError:
        return None
pid, hwm, answered, running, health = None, 0, None, None, None
while time.time() - killed < 600:
    pid = pid or server_pid()
    if pid:
        s = status(pid)
        if s:
            hwm = max(hwm, s[0])
        if answered is None:
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/health" % api, timeout=2) as r:
                    answered = time.time() - killed
                    health = json.loads(r.read())
                    replay_hwm = hwm
            except urllib.error.HTTPError as e:  # 503: answering, not healthy
                answered, health, replay_hwm = time.time() - killed, {"status": e.code}, hwm
            except OSError:
                pass
        if answered is not None and running is None:
            st = os.popen(data + "/bin/dkm status server").read()
            if "RUNNING" in st:
                running = time.time() - killed
                break
    time.sleep(0.2)
json.dump({"new_pid": pid, "answered_s": answered and round(answered, 1),
           "running_s": running and round(running, 1),
           "peak_rss_mib_during_replay": replay_hwm if answered else hwm,
           "health": health}, open(out, "w"))
EOF
cat "$OUTDIR/recovery.json" >&2; echo >&2
REPLAYED=$(grep -o 'replayed [0-9]* points from [0-9]* segments in [0-9]* ms' \
  "$DATA/run/server.log" | tail -n 1)

echo "== reading every point back (sums of 100 metrics per group)" >&2
$PY - $((PORT + 2)) "$OUTDIR/load.json" "$METRICS" <<'EOF' > "$OUTDIR/verify.json"
import json, sys, urllib.parse, urllib.request
api, load, metrics = int(sys.argv[1]), json.load(open(sys.argv[2])), int(sys.argv[3])
first, end, step = load["first_ts"], load["end_ts"], 10
points = (end - first) // step + 1
bad, checked = [], 0
for g in range((metrics + 99) // 100):
    size = min(100, metrics - g * 100)
    q = urllib.parse.urlencode({"target": "sumSeries(rec.g%03d.*)" % g, "format": "json",
                                "from": first - 1, "until": end})
    with urllib.request.urlopen("http://127.0.0.1:%d/render?%s" % (api, q), timeout=60) as r:
        series = json.loads(r.read())
    values = {ts: v for v, ts in series[0]["datapoints"]} if series else {}
    for j in range(points):
        checked += 1
        if values.get(first + j * step) != size * j:
            bad.append((g, j, values.get(first + j * step)))
print(json.dumps({"points_checked": checked * 100, "wrong_or_missing": len(bad) * 100,
                  "first_bad": bad[:5]}))
EOF
cat "$OUTDIR/verify.json" >&2

$PY - "$OUTDIR" "$WAL_BYTES" "$HEAP_MIB" "$REPLAYED" <<'EOF'
import json, sys
out, wal, heap, replayed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
load = json.load(open(out + "/load.json"))
rec = json.load(open(out + "/recovery.json"))
ver = json.load(open(out + "/verify.json"))
print("burst           %d points in %.1f s (%d lines/s accepted)" % (load["lines"],
      load["seconds"], load["lines_per_s"]))
print("at kill -9      write-ahead log %d MiB" % (wal // 1048576))
print("replay          %s" % (replayed or "no replay line in run/server.log"))
print("answering after %s s (limit 60)   RUNNING after %s s" % (rec["answered_s"],
      rec["running_s"]))
print("peak RSS        %d MiB during the replay, heap limit %d MiB (must stay under)" % (
      rec["peak_rss_mib_during_replay"], heap))
print("read back       %d points checked, %d wrong or missing" % (ver["points_checked"],
      ver["wrong_or_missing"]))
ok = (rec["answered_s"] is not None and rec["answered_s"] < 60
      and rec["peak_rss_mib_during_replay"] < heap and ver["wrong_or_missing"] == 0)
print("RESULT          %s" % ("pass" if ok else "FAIL"))
sys.exit(0 if ok else 1)
EOF
