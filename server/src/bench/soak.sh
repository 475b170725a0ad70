#!/usr/bin/env bash
# Hostile-load soak (issue 15): installs the bundle (all programs, no Grafana), starts it,
# seeds data, then runs soak.py: for DURATION seconds slowloris on every port, thousands of
# idle connections, pickle bombs, pathological globs, 50 concurrent big renders and a burst of
# 100,000 new names, while a canary writes a point every 5 s and a reader renders it. Prints
# soak.py's JSON summary and the checks: every canary point rendered and on disk within 15 s,
# the server never FATAL nor restarted, /health ok afterwards without a restart, peak RSS no
# higher than the heap plus 150 MiB, and the peak descriptor count.
#
# Usage: server/src/bench/soak.sh [-d DURATION_S] [-k]      (default 600 s; -k keeps $OUTDIR)
# Run it under the bench lock:  flock /tmp/dkm-bench.lock server/src/bench/soak.sh
# Needs the bundle built (./make-package) and python3. Writes under $OUTDIR (default
# /tmp/dkm-soak). No peer runs: carbon-cache and graphite-web have none of these limits (the
# issue's list of what used to happen is the comparison).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
OUTDIR=${OUTDIR:-/tmp/dkm-soak}
DURATION=600 KEEP=0
while getopts "d:kh" o; do
  case $o in
    d) DURATION=$OPTARG ;; k) KEEP=1 ;; *) sed -n '2,15p' "$0"; exit 2 ;;
  esac
done
source "$HERE/bundle-install.sh"
bench_install_setup 24000

echo "== install ${BUNDLE} into $DATA on ports $PORT..$((PORT + 9))" >&2
"${BUNDLE}installer" -d "$DATA" -p "$PORT" >"$OUTDIR/install.out"
# the canary has a point every 5 s: a 1 s archive keeps each one. The burst's 100,000 names
# and the render series get small files: with the shipped 10s:1d,1m:30d,1h:3y each name costs
# 937 KiB of disk, and 100,000 of them would take 94 GB (the server does not throttle file
# creation; a burst of names fills a disk that small). The rest as shipped.
sed -i '1i [soak-canary]\npattern = ^soak\\.canary\\.\nretentions = 1s:1h\n\n[soak-burst]\npattern = ^soak\\.burst\\.\nretentions = 10s:1h\n\n[soak-big]\npattern = ^soak\\.big\\.\nretentions = 10s:1d\n' \
  "$DATA/conf/storage-schemas.conf"
"$DATA/bin/dkm" start >"$OUTDIR/start.out"
HEAP_MIB=$(sed -n 's/.*-Xmx\([0-9]*\)m.*/\1/p' "${BUNDLE}bin/dkm-server" | head -n 1)

echo "== seed: 1000 series of 6 h for the renders, nodes of 200 e's for the globs" >&2
$PY "$HERE/burst_load.py" --port $((PORT + 1)) -m 1000 -p 2160 -c 2 --prefix soak.big \
  > "$OUTDIR/seed.json"
$PY - $((PORT + 1)) <<'EOF'
import socket, sys, time
now = int(time.time())
lines = "".join("soak.%s.value 1 %d\n" % ("e" * (200 - i) + "f" * i, now) for i in range(20))
with socket.create_connection(("127.0.0.1", int(sys.argv[1]))) as s:
    s.sendall(lines.encode())
EOF

echo "== soak: $DURATION s of attacks, then the canary alone" >&2
set +e
SOAK_DUMPS="$OUTDIR/dumps" $PY "$HERE/soak.py" --data "$DATA" --port "$PORT" --duration "$DURATION" > "$OUTDIR/summary.json"
SOAK=$?
set -e
cat "$OUTDIR/summary.json"
cp "$DATA/run/server.log" "$OUTDIR/server.log" 2>/dev/null || true
$PY - "$OUTDIR/summary.json" "$HEAP_MIB" "$SOAK" <<'EOF'
import json, sys
s, heap, soak = json.load(open(sys.argv[1])), int(sys.argv[2]), int(sys.argv[3])
c, v = s["canary"], s["server"]
rss_ok = v["peak_hwm_mib"] <= heap + 150
print("canary          %d sent, %d rendered, %d late or missing (limit %d s), %d missing on"
      " disk; latency median %s s, max %s s" % (c["sent"], c["rendered"],
      c["late_or_missing"], 15, c["missing_on_disk"], c["median_latency_s"],
      c["max_latency_s"]))
print("server          restarts %d, states seen %s, /health after: %s" % (v["restarts"],
      v["states_seen"], v["health_after"]))
print("peak RSS        %d MiB (limit: heap %d + 150 = %d MiB)   peak descriptors %d" % (
      v["peak_hwm_mib"], heap, heap + 150, v["peak_fds"]))
for name, result in sorted(s["attacks"].items()):
    print("%-15s %s" % (name, json.dumps(result)))
ok = soak == 0 and rss_ok
print("RESULT          %s" % ("pass" if ok else "FAIL"))
sys.exit(0 if ok else 1)
EOF
