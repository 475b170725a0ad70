#!/usr/bin/env bash
# Runs supervisord (Debian's package) and dkumonitor's supervisor the same way, each with the
# same three programs (/bin/sleep infinity), and prints each one's RSS once the programs are
# RUNNING, and the wall time of `supervisorctl status` against `dkm status` (hyperfine).
#   compare-supervisord.sh [BUNDLE_DIR]   (default: dist/dkumonitor-*/ of this checkout;
#                                          build it with ./make-package --skip-archive)
# Environment: RUNS (default 20) hyperfine runs; IDLE (default 30) seconds of idle CPU measured;
# WORK (default a new /tmp directory).
# Installs the Debian packages supervisor and hyperfine with apt-get when they are missing.
# Stops everything it started, by pid, on exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bundle=${1:-$(ls -d "$repo"/dist/dkumonitor-*/ 2>/dev/null | head -n 1)}
bundle=${bundle%/}
runs=${RUNS:-20}
idle=${IDLE:-30}
[ -x "$bundle/bin/dkm" ] || { echo "no bundle at '$bundle'; run ./make-package --skip-archive" >&2; exit 2; }

missing=""
command -v supervisord >/dev/null || missing="$missing supervisor"
command -v hyperfine >/dev/null || missing="$missing hyperfine"
if [ -n "$missing" ]; then
    echo "[bench] installing$missing with apt-get" >&2
    apt-get install -y $missing >/dev/null
fi

work=${WORK:-$(mktemp -d /tmp/dkm-bench.XXXXXX)}
mkdir -p "$work/supervisord/logs" "$work/dkm/conf"
supervisord_pid=""
dkm_pid=""
cleanup() {
    if [ -n "$supervisord_pid" ] && kill -0 "$supervisord_pid" 2>/dev/null; then
        supervisorctl -c "$work/supervisord/supervisord.conf" shutdown >/dev/null 2>&1 || true
        for _ in $(seq 50); do kill -0 "$supervisord_pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$supervisord_pid" 2>/dev/null || true
    fi
    if [ -n "$dkm_pid" ] && kill -0 "$dkm_pid" 2>/dev/null; then
        DKM_HOME="$bundle" DKM_DATA_DIR="$work/dkm" "$bundle/bin/dkm" stop >/dev/null 2>&1 || true
        kill -9 "$dkm_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT

# --- supervisord, configured as the peer transcript's baseline (unix socket, no daemon) ---
sconf="$work/supervisord/supervisord.conf"
cat > "$sconf" <<CONF
[unix_http_server]
file=$work/supervisord/supervisor.sock
chmod=0700
[supervisord]
logfile=$work/supervisord/supervisord.log
pidfile=$work/supervisord/supervisord.pid
childlogdir=$work/supervisord/logs
nodaemon=true
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[supervisorctl]
serverurl=unix://$work/supervisord/supervisor.sock
CONF
for name in one two three; do
    printf '[program:%s]\ncommand=/bin/sleep infinity\nstartsecs=1\n' "$name" >> "$sconf"
done
supervisord -c "$sconf" >"$work/supervisord/stdout.log" 2>&1 &
supervisord_pid=$!

# --- dkumonitor's supervisor, through dkm start as an operator runs it ---
cat > "$work/dkm/conf/supervisor.yaml" <<YAML
programs:
  - {name: one, command: [/bin/sleep, infinity], startsecs: 1}
  - {name: two, command: [/bin/sleep, infinity], startsecs: 1}
  - {name: three, command: [/bin/sleep, infinity], startsecs: 1}
YAML
export DKM_HOME="$bundle" DKM_DATA_DIR="$work/dkm"
"$bundle/bin/dkm" start >/dev/null 2>&1
dkm_pid=$(cat "$work/dkm/run/supervisor.pid")

for _ in $(seq 100); do
    supervisorctl -c "$sconf" status >/dev/null 2>&1 && break
    sleep 0.2
done
supervisorctl -c "$sconf" status >/dev/null || { echo "supervisord did not start its programs" >&2; exit 1; }
"$bundle/bin/dkm" status >/dev/null || { echo "dkm status: not all RUNNING" >&2; exit 1; }
# the supervisor makes run/dkm.aot (dkm's AOT cache) in the background after its first start
for _ in $(seq 150); do [ -f "$work/dkm/run/dkm.aot" ] && break; sleep 0.2; done
[ -f "$work/dkm/run/dkm.aot" ] || echo "[bench] warning: no run/dkm.aot; dkm runs without its cache" >&2
sleep 3  # let both settle after start-up

rss() { awk -v key="$2:" '$1 == key { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
s_cpu0=$(cpu_ticks "$supervisord_pid"); d_cpu0=$(cpu_ticks "$dkm_pid")
sleep "$idle"
hz=$(getconf CLK_TCK)
s_idle=$(( ($(cpu_ticks "$supervisord_pid") - s_cpu0) * 1000 / hz ))
d_idle=$(( ($(cpu_ticks "$dkm_pid") - d_cpu0) * 1000 / hz ))
s_rss=$(rss "$supervisord_pid" VmRSS); s_hwm=$(rss "$supervisord_pid" VmHWM)
d_rss=$(rss "$dkm_pid" VmRSS); d_hwm=$(rss "$dkm_pid" VmHWM)

hyperfine -N -w 3 -r "$runs" --export-json "$work/hyperfine.json" \
    -n "supervisorctl status" "supervisorctl -c $sconf status" \
    -n "dkm status" "$bundle/bin/dkm status" >"$work/hyperfine.txt" 2>&1
# after the latency runs: the RSS a supervisor has after answering status a few dozen times
s_rss2=$(rss "$supervisord_pid" VmRSS); d_rss2=$(rss "$dkm_pid" VmRSS)

# the floor: a JVM of the bundle's runtime with the supervisor's own options that only sleeps
opts=$(sed -n '/SupervisorMain/,/-- /p' "$bundle/bin/dkm-supervisor" | tr -d '\\\n' \
    | sed 's/.*SupervisorMain//; s/ -- .*//')
mkdir -p "$work/floor"
printf 'class Sleep { public static void main(String[] a) throws Exception { Thread.sleep(60000); } }\n' \
    > "$work/floor/Sleep.java"
(. "$repo/tools/jdk.sh" >/dev/null && "$JAVA_HOME/bin/javac" --release 21 -d "$work/floor" \
    "$work/floor/Sleep.java")
# shellcheck disable=SC2086  # the options are words on purpose
"$bundle/runtime/bin/java" $opts -cp "$work/floor" Sleep &
floor_pid=$!
sleep 3
f_rss=$(rss "$floor_pid" VmRSS)
kill "$floor_pid"; wait "$floor_pid" 2>/dev/null || true

python3 - "$work/hyperfine.json" <<PY
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
s, d = results["supervisorctl status"], results["dkm status"]
print("supervisor with 3 programs        RSS MiB (peak)   RSS after ${runs}+3 status")
print("  supervisord %-20s %6s (%s)     %s" % ("", "$s_rss", "$s_hwm", "$s_rss2"))
print("  dkm-supervisor %-17s %6s (%s)     %s" % ("", "$d_rss", "$d_hwm", "$d_rss2"))
print("status wall time, %d runs          mean ms   stddev   median    min" % len(s["times"]))
for name, r in (("supervisorctl status", s), ("dkm status", d)):
    print("  %-30s %7.1f  %7.1f  %7.1f %6.1f" % (name, r["mean"] * 1000, r["stddev"] * 1000,
          r["median"] * 1000, r["min"] * 1000))
print("dkm status / supervisorctl status: mean %.2f, median %.2f, min %.2f (target <= 0.50)"
      % (d["mean"] / s["mean"], d["median"] / s["median"], d["min"] / s["min"]))
print("RSS dkm / supervisord: %.2f (target <= 1.00)" % ($d_rss2 / $s_rss2))
print("floor: a JVM with the same options that only sleeps: %s MiB (%.2f of supervisord)"
      % ("$f_rss", $f_rss / $s_rss2))
print("CPU while idle for ${idle} s: supervisord ${s_idle} ms, dkm-supervisor ${d_idle} ms")
PY
echo "(details: $work)"
