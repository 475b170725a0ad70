#!/usr/bin/env bash
# What dkm status's JSON costs, hand-written (ControlProtocol + JsonText) against jackson-core's
# streaming API (issue 22): each variant of StatusJsonProbe runs RUNS times in a JVM of its own,
# with bin/dkm's options and an AOT cache trained on that variant, as dkm runs with the cache
# the supervisor makes; "none" does the same without JSON. The variants are interleaved, one run
# of each a round, the order turning round every round (none hand jackson, jackson hand none, ...)
# so that the machine's load and any order effect hit all alike. Prints the median and mean wall
# milliseconds of each, the difference of the medians and the median of the per-round
# differences (the figure a load that drifts during the run moves least), and the load average.
# Usage: flock /tmp/dkm-bench.lock supervisor/src/bench/dkm-status-json.sh [ROUNDS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT"
source tools/jdk.sh
RUNS=${1:-40}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mvn -B -o -q -pl supervisor -am -DskipTests package >&2
# the jackson-core the server ships (the parent's jackson.version)
version=$(sed -n 's:.*<jackson.version>\(.*\)</jackson.version>.*:\1:p' pom.xml)
JACKSON="$HOME/.m2/repository/com/fasterxml/jackson/core/jackson-core/$version/jackson-core-$version.jar"
# an AOT cache takes jars only, as the bundle's lib/ has them
CP=$(ls "$ROOT"/supervisor/target/dkumonitor-supervisor-*.jar "$ROOT"/core/target/dkumonitor-core-*.jar \
  | grep -v -- -tests.jar | tr '\n' ':')$JACKSON
"$JAVA_HOME/bin/javac" -d "$OUT/classes" -cp "$CP" "$ROOT/supervisor/src/bench/java/StatusJsonProbe.java"
"$JAVA_HOME/bin/jar" --create --file "$OUT/probe.jar" -C "$OUT/classes" .
CP="$OUT/probe.jar:$CP"
# bin/dkm's options (DkmAotCache.DKM_JVM_OPTIONS)
OPTS=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData)
for mode in none hand jackson; do
  "$JAVA_HOME/bin/java" -XX:AOTCacheOutput="$OUT/$mode.aot" "${OPTS[@]}" -cp "$CP" \
    StatusJsonProbe "$mode" > "$OUT/$mode.train.log" 2>&1 || { cat "$OUT/$mode.train.log" >&2; exit 1; }
done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq "$RUNS"); do
  if (( i % 2 )); then order="none hand jackson"; else order="jackson hand none"; fi
  for mode in $order; do
    start=$(date +%s%N)
    "$JAVA_HOME/bin/java" -XX:AOTCache="$OUT/$mode.aot" -Xlog:aot*=off,cds*=off "${OPTS[@]}" \
      -cp "$CP" StatusJsonProbe "$mode" > /dev/null
    echo $(( ($(date +%s%N) - start) / 1000 )) >> "$OUT/$mode.us"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
for mode in none hand jackson; do
  "$JAVA_HOME/bin/java" -XX:AOTCache="$OUT/$mode.aot" -Xlog:class+load:file="$OUT/$mode.classes" \
    "${OPTS[@]}" -cp "$CP" StatusJsonProbe "$mode" > /dev/null
done
stats() { sort -n "$OUT/$1.us" | awk '{a[NR]=$1; s+=$1} END {printf "%.1f %.1f", a[int((NR+1)/2)]/1000, s/NR/1000}'; }
read -r none_med none_mean <<< "$(stats none)"
read -r hand_med hand_mean <<< "$(stats hand)"
read -r jack_med jack_mean <<< "$(stats jackson)"
printf '%-28s %8s %8s %8s\n' "dkm status JSON ($RUNS runs)" "median" "mean" "classes"
printf '%-28s %8s %8s %8s\n' "none (no JSON)" "$none_med" "$none_mean" "$(grep -c . "$OUT/none.classes")"
printf '%-28s %8s %8s %8s\n' "hand-written (JsonText)" "$hand_med" "$hand_mean" "$(grep -c . "$OUT/hand.classes")"
printf '%-28s %8s %8s %8s\n' "jackson-core streaming" "$jack_med" "$jack_mean" "$(grep -c . "$OUT/jackson.classes")"
awk -v h="$hand_med" -v j="$jack_med" -v n="$none_med" 'BEGIN {
  printf "jackson - hand-written: %+.1f ms (difference of the medians); JSON share: hand %.1f ms, jackson %.1f ms; ratio jackson/hand %.3f\n", j - h, h - n, j - n, j / h }'
# round by round: both variants ran within a second of each other, under the same load
paste "$OUT/jackson.us" "$OUT/hand.us" | awk '{print $1 - $2}' | sort -n \
  | awk '{a[NR]=$1} END {printf "jackson - hand-written: %+.1f ms (median of %d per-round differences; middle half %+.1f .. %+.1f ms)\n", a[int((NR+1)/2)]/1000, NR, a[int(NR/4)+1]/1000, a[int(3*NR/4)]/1000}'
echo "load average before: $load_before; after: $load_after"
