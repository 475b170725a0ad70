#!/usr/bin/env bash
# Prints what one round of each collector costs on this host (mean wall and CPU ms after a
# warm-up), with the JVM flags of the agent bench. Usage: agent/src/bench/collector-cost.sh [ROUNDS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT"
source tools/jdk.sh
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mvn -B -o -q -pl agent -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$OUT/cp.txt" >&2
CP="$ROOT/agent/target/classes:$ROOT/agent/target/test-classes:$(cat "$OUT/cp.txt")"
"$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$CP" \
  "$ROOT/agent/src/bench/java/CollectorCost.java" "${1:-50}"
