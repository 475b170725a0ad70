#!/usr/bin/env bash
# Render latency of dkumonitor's Graphite API against Debian's graphite-web on the same
# whisper files (500 series x 1 day). Needs graphite-web (the peer script installs it).
#   server/bench/render-bench.sh [rounds] [--ours-only]
# Env: DKM_BENCH_WARMUP (requests per case before measuring: default 2000 for ours, so that C2
# has compiled the request path; a tenth of that, at most 5 s, for graphite-web),
# DKM_BENCH_JVM_OPTS (more options for our server's JVM, e.g. -XX:StartFlightRecording=...).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/jdk.sh
mvn -B -o -q -pl server -am test-compile dependency:build-classpath -DincludeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="server/target/classes:server/target/test-classes:$(cat server/target/bench-classpath.txt)"
export DKM_GRAPHITE_WEB_SCRIPT=${DKM_GRAPHITE_WEB_SCRIPT:-$PWD/tools/peers/graphite-web.sh}
exec java -cp "$CP" org.dkumonitor.server.api.RenderBenchmark "${@:-30}"
