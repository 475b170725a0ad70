#!/usr/bin/env bash
# Benchmark: the agent against collectd 5.12 (Debian collectd-core), side by side on this host,
# same interval, same duration, same moment (so both see the same noise), each sending to its
# own line sink on loopback. Prints RSS (median and peak) and CPU seconds of both, their ratio,
# the set difference between the metric paths each sent, the paths whose values disagree by
# more than 10x (median over the run), and those whose run means differ by more than 25% (values
# near zero ignored).
#
# Usage: agent/src/bench/agent-vs-collectd.sh [SECONDS] [INTERVAL]     # default 300 10
# Env:   AGENT_JAVA_OPTS  JVM flags of the agent (default: those of bin/dkm-agent, below)
#        OUTDIR           where results go (default /tmp/dkm-agent-bench)
#        AGENT_RUNTIME    the Java runtime that runs the agent (default: the build JDK; give
#                         dist/dkumonitor-0.1.0/runtime to measure the bundle's, as installed)
#        STATSD_KEYS      the agent also serves StatsD for that many distinct keys (default 10000,
#                         mixed types; 0: no StatsD), sent by statsd/src/bench/StatsdLoad.java at
#                         STATSD_RATE packets/s (default 2000) for the whole run; collectd gets no
#                         such load (it has no StatsD), so the agent's figures include it
#        AGENT_AOT=0      run the agent without an AOT cache (-Xshare:off), as bin/dkm-agent
#                         does when it could not make one. By default (1) the agent runs as
#                         bin/dkm-agent runs it: with an AOT cache made first by a training run
#                         (AgentMain --aot-training, once per install); the training's CPU is
#                         printed apart, the measured agent's CPU counts from its own start.
#        AGENT_DIAG=1     where the agent's memory goes: it runs with native memory tracking
#                         (summary; NMT itself costs a few hundred KiB), and just before the end
#                         the script writes OUTDIR/diag/: jcmd's VM.native_memory summary,
#                         GC.heap_info and GC.class_histogram, and /proc/PID/smaps_rollup and
#                         smaps (what is resident, by mapping)
# collectd is installed from Debian if missing; its configuration is collectd-baseline.sh's
# (dkumonitor's plugin set and write_graphite settings). A process that looks like DSS's
# backend ("java -Ddku.backend ...") runs meanwhile so that both see the ProcessMatch groups.
set -euo pipefail
SECS=${1:-300}
INTERVAL=${2:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
PEERS=${PEERS:-/work/shared/peers}
OUTDIR=${OUTDIR:-/tmp/dkm-agent-bench}
PY=/usr/bin/python3
# The flags of bin/dkm-agent (keep them equal; see agent/README.md): a small serial-GC heap kept
# at most 15% free (given back at once after HeapKeeper's full collections; survivor spaces a
# quarter of the young generation each), C1 only, compact object headers, freed malloc memory
# given back every 10 s, the idle monitor-deflation check and the service thread's table
# clean-up every minute, small string and symbol tables, no finalization.
AGENT_JAVA_OPTS=${AGENT_JAVA_OPTS:-"-Xmx12m -Xms2m -Xmn1m -XX:MinHeapFreeRatio=5 \
-XX:MaxHeapFreeRatio=15 -XX:-ShrinkHeapInSteps -XX:SurvivorRatio=2 -Xss256k -XX:+UseSerialGC \
-XX:-UsePerfData -XX:+UseCompactObjectHeaders -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 \
-XX:ReservedCodeCacheSize=4m -XX:TrimNativeHeapInterval=10000 -XX:+UnlockDiagnosticVMOptions \
-XX:AsyncDeflationInterval=60000 -XX:ServiceThreadCleanupInterval=60000 \
-XX:StringTableSize=4096 -XX:+UnlockExperimentalVMOptions -XX:SymbolTableSize=4096 \
--finalization=disabled"}
AGENT_AOT=${AGENT_AOT:-1}
AGENT_DIAG=${AGENT_DIAG:-0}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-1}

rm -rf "$OUTDIR"; mkdir -p "$OUTDIR"/{collectd,agent/conf,jvm}

if [ ! -x /usr/sbin/collectd ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq collectd-core >&2
fi

# --- build the agent and its classpath (offline, no install) ---
cd "$ROOT"
source tools/jdk.sh
mvn -B -o -q -pl agent -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$OUTDIR/cp.txt" -DincludeScope=runtime >&2
# the class path of bin/dkm-agent: the agent's jar and its runtime dependencies (core and
# statsd; not SnakeYAML: core's PlainYaml reads agent.yaml), which its manifest's Class-Path
# names in the bundle
CP="$ROOT/agent/target/dkumonitor-agent-0.1.0.jar:$(cat "$OUTDIR/cp.txt")"
JAVA="${AGENT_RUNTIME:-$JAVA_HOME}/bin/java"

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

start_sink() {  # PORT OUT
  local ready="$OUTDIR/ready.$1"
  $PY "$PEERS/line-capture.py" --port "$1" --out "$2" --ready "$ready" &
  PIDS+=($!)
  for _ in $(seq 100); do [ -f "$ready" ] && return 0; sleep 0.1; done
  echo "sink on $1 did not start" >&2; exit 1
}

# --- the process ProcessMatch should find, as in collectd-baseline.sh ---
cat > "$OUTDIR/jvm/PeerIdle.java" <<'JAVA'
public class PeerIdle {
    public static void main(String[] a) throws Exception {
        while (true) Thread.sleep(3_600_000L);
    }
}
JAVA
# the build JDK runs it: it is a source file, and the bundle's runtime has no compiler
"$JAVA_HOME/bin/java" -Ddku.backend -Xmx32m -XX:+UseSerialGC "$OUTDIR/jvm/PeerIdle.java" \
  >/dev/null 2>&1 &
PIDS+=($!)
sleep 3

HOST=$(hostname)
CPORT=$(free_port); APORT=$(free_port)
start_sink "$CPORT" "$OUTDIR/collectd/lines.txt"
start_sink "$APORT" "$OUTDIR/agent/lines.txt"

# --- collectd: collectd-baseline.sh's configuration ---
cat > "$OUTDIR/collectd/collectd.conf" <<CONF
FQDNLookup false
BaseDir "$OUTDIR/collectd"
PIDFile "$OUTDIR/collectd/collectd.pid"
PluginDir "/usr/lib/collectd"
TypesDB "/usr/share/collectd/types.db"
Interval $INTERVAL
CollectInternalStats true
LoadPlugin logfile
<Plugin logfile>
  LogLevel info
  File "$OUTDIR/collectd/collectd.log"
</Plugin>
LoadPlugin cpu
LoadPlugin memory
LoadPlugin df
LoadPlugin disk
LoadPlugin interface
LoadPlugin load
LoadPlugin processes
LoadPlugin swap
LoadPlugin write_graphite
<Plugin cpu>
  ReportByCpu true
  ReportByState true
  ValuesPercentage true
  ReportNumCpu true
  ReportGuestState true
  SubtractGuestState true
</Plugin>
<Plugin memory>
  ValuesAbsolute true
  ValuesPercentage true
</Plugin>
<Plugin df>
  FSType "devtmpfs"
  FSType "tmpfs"
  IgnoreSelected true
  ValuesAbsolute true
  ValuesPercentage true
  ReportByDevice true
</Plugin>
<Plugin interface>
  Interface "lo"
  IgnoreSelected true
  ReportInactive false
</Plugin>
<Plugin load>
  ReportRelative true
</Plugin>
<Plugin swap>
  ReportBytes true
  ReportByDevice true
  ValuesAbsolute true
  ValuesPercentage true
  ReportIO true
</Plugin>
<Plugin processes>
  CollectFileDescriptor true
  CollectContextSwitch true
  CollectMemoryMaps true
  <ProcessMatch "java" "^(/[^ ]*/)?java( .*)?\$">
    CollectFileDescriptor false
    CollectContextSwitch true
  </ProcessMatch>
  <ProcessMatch "dss_backend" ".*java -Ddku\\\\.backend .*">
    CollectFileDescriptor false
    CollectContextSwitch true
  </ProcessMatch>
</Plugin>
<Plugin write_graphite>
  <Node "peer">
    Host "127.0.0.1"
    Port "$CPORT"
    Protocol "tcp"
    ReconnectInterval 0
    Prefix "collectd."
    StoreRates true
    AlwaysAppendDS false
    EscapeCharacter "_"
    SeparateInstances true
    PreserveSeparator true
    DropDuplicateFields false
  </Node>
</Plugin>
CONF
/usr/sbin/collectd -t -C "$OUTDIR/collectd/collectd.conf"

# --- the agent: same host name, interval and process groups (its defaults) ---
STATSD_KEYS=${STATSD_KEYS:-10000}
STATSD_RATE=${STATSD_RATE:-2000}
SPORT=$(free_port)
cat > "$OUTDIR/agent/conf/agent.yaml" <<YAML
hostname: "$HOST"
intervalSeconds: $INTERVAL
destinations:
  - {host: 127.0.0.1, port: $APORT}
YAML
if [ "$STATSD_KEYS" -gt 0 ]; then
  # the section the installer writes, on a free port
  printf 'statsd: {listen: 127.0.0.1, port: %s, flushInterval: %s, maxKeys: 20000}\n' \
    "$SPORT" "$INTERVAL" >> "$OUTDIR/agent/conf/agent.yaml"
  "$JAVA_HOME/bin/javac" -d "$OUTDIR/load" "$ROOT/statsd/src/bench/StatsdLoad.java"
fi

if [ "$AGENT_AOT" = 1 ]; then
  # as bin/dkm-agent does on the first start of an install
  TIMEFORMAT="%U %S"
  # shellcheck disable=SC2086
  TRAIN_CPU=$( { time "$JAVA" $AGENT_JAVA_OPTS -XX:-AOTRecordTraining -XX:-AOTClassLinking \
    -XX:AOTCacheOutput="$OUTDIR/agent.aot" \
    -Xlog:aot*=off,cds*=off -cp "$CP" org.dkumonitor.agent.AgentMain --aot-training \
    --data-dir "$OUTDIR/agent" >"$OUTDIR/training.log" 2>&1 ; } 2>&1 | awk '{print $1 + $2}')
  [ -f "$OUTDIR/agent.aot" ] || { echo "no AOT cache made; see $OUTDIR/training.log" >&2; exit 1; }
  AGENT_JAVA_OPTS="$AGENT_JAVA_OPTS -XX:-AOTReplayTraining -XX:AOTCache=$OUTDIR/agent.aot \
-Xlog:aot*=off,cds*=off"
  echo "agent runs with the AOT cache $OUTDIR/agent.aot ($(du -k "$OUTDIR/agent.aot" | cut -f1)" \
    "KiB), made by a training run of ${TRAIN_CPU} CPU-s (children included), once per install" >&2
else
  AGENT_JAVA_OPTS="$AGENT_JAVA_OPTS -Xshare:off"
fi

if [ "$AGENT_DIAG" = 1 ]; then
  AGENT_JAVA_OPTS="$AGENT_JAVA_OPTS -XX:NativeMemoryTracking=summary"
fi
/usr/sbin/collectd -f -C "$OUTDIR/collectd/collectd.conf" >"$OUTDIR/collectd/stdout.log" 2>&1 &
CPID=$!; PIDS+=($CPID)
# shellcheck disable=SC2086
"$JAVA" $AGENT_JAVA_OPTS -cp "$CP" org.dkumonitor.agent.AgentMain --data-dir "$OUTDIR/agent" \
  >"$OUTDIR/agent/stdout.log" 2>&1 &
APID=$!; PIDS+=($APID)
if [ "$STATSD_KEYS" -gt 0 ]; then
  sleep 2
  "$JAVA_HOME/bin/java" -Xmx64m -XX:+UseSerialGC -cp "$OUTDIR/load" StatsdLoad "$SPORT" 1 \
    "$STATSD_RATE" $(( STATSD_RATE * SECS )) "$STATSD_KEYS" app >"$OUTDIR/statsd-load.txt" 2>&1 &
  PIDS+=($!)
  echo "the agent also serves StatsD: $STATSD_KEYS keys, $STATSD_RATE packets/s" >&2
fi

sample() {  # PID -> "rss_kib hwm_kib cpu_ticks"
  echo "$(awk '/^VmRSS/{r=$2}/^VmHWM/{h=$2}END{print r, h}' /proc/$1/status) \
$(awk '{sub(/.*\) /,""); print $12+$13}' /proc/$1/stat)"
}
echo "running collectd (pid $CPID) and the agent (pid $APID) for $SECS s at ${INTERVAL} s" >&2
T0=$SECONDS
: > "$OUTDIR/samples.tsv"
while [ $((SECONDS - T0)) -lt "$SECS" ]; do
  echo "$((SECONDS - T0)) $(sample $CPID) $(sample $APID)" >> "$OUTDIR/samples.tsv"
  sleep 5
done
echo "$((SECONDS - T0)) $(sample $CPID) $(sample $APID)" >> "$OUTDIR/samples.tsv"
if [ "$AGENT_DIAG" = 1 ]; then
  mkdir -p "$OUTDIR/diag"
  cp /proc/$APID/smaps_rollup "$OUTDIR/diag/smaps_rollup.txt"
  cp /proc/$APID/smaps "$OUTDIR/diag/smaps.txt"
  for what in "VM.native_memory summary" GC.heap_info GC.class_histogram; do
    # shellcheck disable=SC2086  # the command and its argument
    "$JAVA_HOME/bin/jcmd" "$APID" $what > "$OUTDIR/diag/${what%% *}.txt" 2>&1 || true
  done
  echo "the agent's memory, by the JVM and by the kernel: $OUTDIR/diag/" >&2
fi
cleanup; PIDS=()

$PY - "$OUTDIR" "$(getconf CLK_TCK)" "$HOST" <<'PYTHON'
import statistics, sys, collections, json
out, tck, host = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = [list(map(int, l.split())) for l in open(out + "/samples.tsv") if l.strip()]
def figures(off):
    rss = [r[off] for r in rows]
    first_minute = min(rows, key=lambda r: abs(r[0] - 60))
    steady = (rows[-1][off + 2] - first_minute[off + 2]) / tck
    minutes = max(rows[-1][0] - first_minute[0], 1) / 60
    return {"rss_mib_median": round(statistics.median(rss) / 1024, 1),
            "rss_mib_peak": round(rows[-1][off + 1] / 1024, 1),
            "cpu_s": round(rows[-1][off + 2] / tck, 2),
            "cpu_s_per_min_after_first": round(steady / minutes, 3)}
def read(name):
    vals = collections.defaultdict(list)
    for l in open(out + "/" + name + "/lines.txt"):
        p = l.split()
        if len(p) == 3:
            try:
                vals[p[0]].append(float(p[1]))
            except ValueError:
                pass
    return vals
c, a = read("collectd"), read("agent")
fc, fa = figures(1), figures(4)
print(f"duration {rows[-1][0]} s")
for name, f, v in (("collectd", fc, c), ("agent   ", fa, a)):
    print(f"{name}: RSS median {f['rss_mib_median']} MiB, peak {f['rss_mib_peak']} MiB, CPU {f['cpu_s']} s"
          f" ({f['cpu_s_per_min_after_first']} s/min after the first minute), {len(v)} paths")
sd = [l for l in open(out + "/agent/lines.txt") if l.startswith("stats_counts.statsd.packets_received ")]
if sd:
    print(f"agent's StatsD: {len(sd)} flushes, {sum(float(l.split()[1]) for l in sd):.0f} packets counted")
print(f"agent/collectd: RSS x{fa['rss_mib_median'] / max(fc['rss_mib_median'], 0.1):.1f}, CPU x{fa['cpu_s'] / max(fc['cpu_s'], 0.01):.1f}")
only_c = sorted(set(c) - set(a))
only_a = sorted(p for p in set(a) - set(c) if not p.startswith(("stats.", "stats_counts.", "statsd.")))
print(f"paths only collectd sent ({len(only_c)}):"); [print("  " + p) for p in only_c]
print(f"paths only the agent sent ({len(only_a)}):"); [print("  " + p) for p in only_a]
def med(v):
    v = [x for x in v if x == x]
    return statistics.median(v) if v else None
disagree = []
for p in sorted(set(c) & set(a)):
    mc, ma = med(c[p]), med(a[p])
    if mc is None or ma is None:
        continue
    big = max(abs(mc), abs(ma))
    if big < 1.0:
        continue
    small = min(abs(mc), abs(ma))
    if small * 10 < big:
        disagree.append((p, mc, ma))
print(f"common paths whose medians differ by more than 10x ({len(disagree)}):")
for p, mc, ma in disagree:
    print(f"  {p}: collectd {mc:.6g}, agent {ma:.6g}")
# the mean of a rate over the whole run integrates the same counter for both, whatever the
# sampling instants: it should agree closely
def mean(v):
    v = [x for x in v if x == x]
    return statistics.mean(v) if v else None
apart = []
for p in sorted(set(c) & set(a)):
    mc, ma = mean(c[p]), mean(a[p])
    if mc is None or ma is None or max(abs(mc), abs(ma)) < 1.0:
        continue
    if abs(ma - mc) > 0.25 * max(abs(mc), abs(ma)):
        apart.append((p, mc, ma))
print(f"common paths whose run means differ by more than 25% ({len(apart)}):")
for p, mc, ma in apart:
    print(f"  {p}: collectd {mc:.6g}, agent {ma:.6g}")
json.dump({"collectd": fc, "agent": fa, "only_collectd": only_c, "only_agent": only_a,
           "disagree": disagree, "means_apart": apart},
          open(out + "/summary.json", "w"), indent=1)
PYTHON
