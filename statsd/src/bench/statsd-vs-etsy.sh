#!/usr/bin/env bash
# Benchmark: dkumonitor's StatsD (run as the agent runs it: bin/dkm-agent's JVM flags, flushing
# through its carbon sender) against Etsy statsd 0.9.0 (npm, node, graphite backend), in the same
# script, one after the other on the same loopback, each flushing every second to its own line
# sink. Prints, for both and their ratio:
#   1. the highest rate (packets/s, UDP, one metric per packet, 10,000 keys of mixed types) each
#      handled with no packet lost, on 1, 4 and 8 sending threads: a run of RUN_SECONDS at a
#      rate, then the packets_received its flushes add up to against what was sent; the rate
#      doubles until one is lost, then is bisected twice;
#   2. the RSS added by 100,000 distinct keys (RSS after a flush holding them, less RSS idle);
#   3. the flush of 100,000 keys: statsd's own processing_time + calculationtime + flush_time
#      as each reports them, and whether a steady load sent across those flushes lost a packet;
#   4. the CPU each spends on a steady load (STEADY_RATE packets/s over 10,000 keys for
#      STEADY_SECONDS, flushing every 10 s as installed): CPU-s from the load's start to its
#      end, and per packet.
# Usage: statsd/src/bench/statsd-vs-etsy.sh            (run it under flock /tmp/dkm-bench.lock)
# Env: OUTDIR (/tmp/dkm-statsd-bench), RUN_SECONDS (3), THREADS ("1 4 8"), UDP_THREADS (1: the
#      installer's; the agent can share the port among several sockets), AGENT_XMX (48m: the
#      agent's 12m holds the installer's 20,000 keys, not the 100,000 of the memory figure),
#      START_RATE (1000 packets/s: statsd loses packets at 10,000/s with 10,000 keys, while
#      its flush blocks its one thread), MEMORY=0 skips the 100,000-key part, STEADY_RATE
#      (2000) and STEADY_SECONDS (60; 0 skips part 4). THREADS="" skips part 1.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
PEERS=${PEERS:-/work/shared/peers}
OUTDIR=${OUTDIR:-/tmp/dkm-statsd-bench}
RUN_SECONDS=${RUN_SECONDS:-3}
THREADS=${THREADS-"1 4 8"}
UDP_THREADS=${UDP_THREADS:-1}
AGENT_XMX=${AGENT_XMX:-48m}
PY=/usr/bin/python3
SD=${PEERS_RUN:-/tmp/peers-run}/statsd
rm -rf "$OUTDIR"; mkdir -p "$OUTDIR"

# --- the peer: Etsy statsd 0.9.0 from npm, as peers/statsd-oracle.sh installs it ---
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq nodejs npm >&2
fi
if [ ! -f "$SD/node_modules/statsd/stats.js" ]; then
  mkdir -p "$SD"; (cd "$SD" && npm install --no-audit --no-fund statsd@0.9.0 >&2)
fi

# --- ours: the agent's jars and bin/dkm-agent's flags ---
cd "$ROOT"
source tools/jdk.sh >/dev/null
mvn -B -o -q -pl agent -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$OUTDIR/cp.txt" -DincludeScope=runtime >&2
CP="$ROOT/agent/target/dkumonitor-agent-0.1.0.jar:$(tr ':' '\n' < "$OUTDIR/cp.txt" \
  | grep -E '/dkumonitor-core-|/dkumonitor-statsd-|/snakeyaml-' | paste -sd:)"
AGENT_OPTS="-Xmx$AGENT_XMX -Xms2m -Xmn1m -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=15 -XX:-ShrinkHeapInSteps \
-XX:SurvivorRatio=2 -Xss256k \
-XX:+UseSerialGC -XX:-UsePerfData -XX:+UseCompactObjectHeaders -XX:TieredStopAtLevel=1 \
-XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=4m -XX:TrimNativeHeapInterval=10000 -Xshare:off"
export MALLOC_ARENA_MAX=1
"$JAVA_HOME/bin/javac" -d "$OUTDIR/load" "$HERE/StatsdLoad.java"
LOAD=("$JAVA_HOME/bin/java" -XX:+UseSerialGC -cp "$OUTDIR/load" StatsdLoad)

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
            for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done; PIDS=(); }
trap cleanup EXIT
rss() { awk '/^VmRSS/{print $2}' "/proc/$1/status"; }

# start_impl IMPL PORT SINKFILE -> sets IMPL_PID (after the sink and the listener are ready)
start_impl() {
  local impl=$1 port=$2 out=$3 flush=${4:-1} sink; sink=$(free_port)
  rm -f "$out" "$out.ready"
  $PY "$PEERS/line-capture.py" --port "$sink" --out "$out" --ready "$out.ready" &
  PIDS+=($!)
  for _ in $(seq 100); do [ -f "$out.ready" ] && break; sleep 0.05; done
  if [ "$impl" = etsy ]; then
    cat > "$OUTDIR/etsy.js" <<JS
{"port": $port, "address": "127.0.0.1", "mgmt_port": $(free_port), "mgmt_address": "127.0.0.1",
 "graphiteHost": "127.0.0.1", "graphitePort": $sink, "flushInterval": $(( flush * 1000 )),
 "backends": ["./backends/graphite"], "automaticConfigReload": false}
JS
    (cd "$SD/node_modules/statsd" && exec node stats.js "$OUTDIR/etsy.js" >"$OUTDIR/etsy.log" 2>&1) &
  else
    mkdir -p "$OUTDIR/agent/conf" "$OUTDIR/agent/run"
    cat > "$OUTDIR/agent/conf/agent.yaml" <<YAML
hostname: bench
intervalSeconds: 60
destinations: [{host: 127.0.0.1, port: $sink}]
statsd: {listen: 127.0.0.1, port: $port, flushInterval: $flush, maxKeys: 300000, udpThreads: $UDP_THREADS}
YAML
    # shellcheck disable=SC2086
    "$JAVA_HOME/bin/java" $AGENT_OPTS -cp "$CP" org.dkumonitor.agent.AgentMain \
      --data-dir "$OUTDIR/agent" >"$OUTDIR/agent.log" 2>&1 &
  fi
  IMPL_PID=$!; PIDS+=($IMPL_PID)
  for _ in $(seq 200); do
    ss -lnu "sport = :$port" 2>/dev/null | grep -q ":$port" && break; sleep 0.05
  done
  sleep 1.5
}
stop_impl() { cleanup; }
# received SINKFILE: the packets statsd's flushes add up to
received() { awk '$1 ~ /^stats_counts\.statsd\.packets_received$/ {s += $2} END {print s+0}' "$1"; }

# trial IMPL THREADS RATE -> prints "achieved_rate lost"
trial() {
  local impl=$1 threads=$2 rate=$3 port; port=$(free_port)
  start_impl "$impl" "$port" "$OUTDIR/trial.lines"
  local count=$(( rate * RUN_SECONDS )) out sent seconds
  out=$("${LOAD[@]}" "$port" "$threads" "$rate" "$count" 10000)
  sent=$(echo "$out" | awk '{print $2}'); seconds=$(echo "$out" | awk '{print $8}')
  sleep 2.5
  stop_impl
  echo "$(awk -v n="$sent" -v s="$seconds" 'BEGIN{printf "%d", n/s}') $(( sent - $(received "$OUTDIR/trial.lines") ))"
}

# best IMPL THREADS -> the highest lossless achieved rate
best() {
  local impl=$1 threads=$2 rate=${START_RATE:-1000} good=0 bad=0 result achieved lost
  while :; do
    result=$(trial "$impl" "$threads" "$rate"); achieved=${result% *}; lost=${result#* }
    echo "  $impl threads=$threads rate=$rate -> achieved $achieved/s, lost $lost" >&2
    if [ "$lost" -le 0 ]; then good=$achieved; last_ok=$rate; else bad=$rate; break; fi
    [ "$rate" -ge 3200000 ] && break
    [ "$achieved" -lt $(( rate * 8 / 10 )) ] && break   # the sender's own limit
    rate=$(( rate * 2 ))
  done
  if [ "$bad" -gt 0 ] && [ "${last_ok:-0}" -gt 0 ]; then
    for _ in 1 2; do
      rate=$(( (last_ok + bad) / 2 ))
      result=$(trial "$impl" "$threads" "$rate"); achieved=${result% *}; lost=${result#* }
      echo "  $impl threads=$threads rate=$rate -> achieved $achieved/s, lost $lost" >&2
      if [ "$lost" -le 0 ]; then good=$achieved; last_ok=$rate; else bad=$rate; fi
    done
  fi
  echo "$good"
}

[ -n "$THREADS" ] && echo "== packets/s with no loss (10,000 keys, mixed types, $RUN_SECONDS s runs, flush 1 s) =="
for t in $THREADS; do
  last_ok=0; e=$(best etsy "$t"); last_ok=0; o=$(best ours "$t")
  echo "threads $t: etsy statsd $e/s, dkumonitor $o/s, ratio x$(awk -v a="$o" -v b="$e" 'BEGIN{printf "%.1f", b ? a/b : 0}')"
done

cpu_ticks() { awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$1/stat"; }

STEADY_RATE=${STEADY_RATE:-2000}
STEADY_SECONDS=${STEADY_SECONDS:-60}
if [ "$STEADY_SECONDS" -gt 0 ]; then
  echo "== CPU for $STEADY_RATE packets/s over 10,000 keys, $STEADY_SECONDS s, flush every 10 s =="
  tck=$(getconf CLK_TCK)
  for impl in etsy ours; do
    port=$(free_port)
    start_impl "$impl" "$port" "$OUTDIR/steady-$impl.lines" 10
    before=$(cpu_ticks "$IMPL_PID")
    out=$("${LOAD[@]}" "$port" 1 "$STEADY_RATE" $(( STEADY_RATE * STEADY_SECONDS )) 10000)
    after=$(cpu_ticks "$IMPL_PID")
    sleep 11
    stop_impl
    sent=$(echo "$out" | awk '{print $2}')
    echo "$impl: $(awk -v t=$(( after - before )) -v h="$tck" -v n="$sent" \
      'BEGIN{printf "%.2f CPU-s, %.1f us per packet", t / h, t / h / n * 1e6}')," \
      "packets lost $(( sent - $(received "$OUTDIR/steady-$impl.lines") )) of $sent"
  done
fi

[ "${MEMORY:-1}" = 0 ] && exit 0
echo "== 100,000 keys: RSS added and flush duration =="
for impl in etsy ours; do
  port=$(free_port)
  start_impl "$impl" "$port" "$OUTDIR/mem-$impl.lines"
  idle=$(rss "$IMPL_PID")
  # every key once, then a steady load over the same keys across five flushes
  "${LOAD[@]}" "$port" 1 50000 100000 100000 big >/dev/null
  sleep 2.5
  held=$(rss "$IMPL_PID")
  steady=$("${LOAD[@]}" "$port" 1 20000 100000 100000 big)
  sleep 2.5
  stop_impl
  sent=$(( 100000 + $(echo "$steady" | awk '{print $2}') ))
  got=$(received "$OUTDIR/mem-$impl.lines")
  # the flushes while 100,000 keys were held: each one's processing + calculation + write
  flush=$(awk '/processing_time |calculationtime |flush_time /{v[$3]+= $2} END{m=0; for (t in v) if (v[t]>m) m=v[t]; print m}' "$OUTDIR/mem-$impl.lines")
  echo "$impl: RSS idle $(( idle / 1024 )) MiB, with 100,000 keys $(( held / 1024 )) MiB:" \
    "+$(( (held - idle) / 1024 )) MiB; longest flush ${flush} ms; packets lost over the run:" \
    "$(( sent - got )) of $sent"
done
