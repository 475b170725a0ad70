#!/usr/bin/env bash
# Cluster front-end latency: sumSeries over 500 series (1 day) on one of our nodes holding all
# of them, through our front end over two nodes holding half each, and through Debian's
# graphite-web 1.1.8 front end (CLUSTER_SERVERS) over the same two nodes. Prints medians and the
# ratios (goals of issue 19: ours within 2x of one node, graphite-web's at least 5x ours).
#   flock /tmp/dkm-bench.lock server/bench/cluster-bench.sh [rounds]
# Env: DKM_BENCH_WARMUP (requests per case before measuring, default 400 for ours, a fiftieth
# for graphite-web, so that C2 has compiled our request path), DKM_BENCH_FRONT_JVM_OPTS (more
# options for our front end's JVM, e.g. -XX:StartFlightRecording=filename=/tmp/front.jfr).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/jdk.sh
mvn -B -o -q -pl server -am test-compile dependency:build-classpath -DincludeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="server/target/classes:server/target/test-classes:core/target/classes:$(cat server/target/bench-classpath.txt)"
export DKM_GRAPHITE_WEB_SCRIPT=${DKM_GRAPHITE_WEB_SCRIPT:-$PWD/tools/peers/graphite-web.sh}
exec java -cp "$CP" org.dkumonitor.server.api.ClusterBenchmark "${@:-30}"
