#!/usr/bin/env bash
# ClickHouse against whisper, same data, one run: ingest over carbon plaintext into a private
# Debian clickhouse-server (points/s acknowledged durable), sumSeries over 500 series over a day
# and one series over a year on a whisper-backed and a ClickHouse-backed server (medians and
# ratios), find over 100,000 metrics, bytes per point of both stores. See ClickHouseBenchmark.
#
# Usage: flock /tmp/dkm-bench.lock server/src/bench/clickhouse-bench.sh
# Env: INGEST_METRICS (10000) INGEST_POINTS (100) INGEST_CONNECTIONS (4) SUM_SERIES (500)
#      FIND_METRICS (100000) ROUNDS (30) PEERS (/work/shared/peers, for carbon-load.py)
#      DKM_BENCH_JVM_OPTS (more options for the JVM that runs both servers)
# Needs: clickhouse-server (tools/install-test-peers.sh installs it), /usr/bin/python3.
#
# Measured 2026-12-05 00:50 UTC (default settings, Debian clickhouse-server 18.16, 2 cores
# shared with other helpers' builds and tests, load average 8-17), issue 20's targets beside:
#   ingest 10,000 x 100 over 4 connections: 364,511 points/s acknowledged durable (2.74 s;
#     receivers read 797,627 lines/s)                                 target >= 1,000,000: NOT met
#   sumSeries over 500 series, 1 day: whisper 12.1 ms, ClickHouse 116.3 ms median (9.6x slower),
#     answers equal                                           target: no slower than whisper: NOT met
#   one series over a year: whisper 1.41 ms, ClickHouse 12.5 ms median (8.9x slower); 3 of 8760
#     points differ (the rollup's bucket edges)                     target: 5x faster: NOT met
#   find over 100,000 metrics: 2.9-4.7 ms median, p90 8-11 ms             target < 20 ms: met
#   disk: whisper 28.5 bytes/point kept; ClickHouse 10.0 bytes/point as inserted, 1.46 after
#     its rollup (OPTIMIZE FINAL)
# 2026-12-05 04:20 UTC at 2bcddab (load 1-2): ingest 1,013,993 points/s with the server just
#   started, 1,155,802 and 1,425,923 warm (target met); sumSeries over 500 series for a day:
#   whisper 8.98 ms, ClickHouse 35.77 ms median, ClickHouse's least query alone 14.55 ms (its floor
#   here, above whisper's whole render); one series over a year: whisper 1.76 ms, ClickHouse
#   10.87 ms, its rows read raw 4.99 ms, SELECT 1 over HTTP 0.57 ms (5x faster than whisper would
#   be 0.35 ms: below ClickHouse's round trip); find 3.3-5.0 ms. OUTAGE_SECONDS=600 (621808b):
#   ClickHouse down 10 min under 10,000 points/s: 6,001,001 points sent, all stored once it returned (0 lost,
#   2.2 s to upload a 136 MiB log), server RSS at most 151 MiB.
set -euo pipefail
cd "$(dirname "$0")/../../.."
source tools/jdk.sh
mvn -B -ntp -o -q -pl server -am test-compile dependency:build-classpath \
    -DincludeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="server/target/classes:server/target/test-classes:$(cat server/target/bench-classpath.txt)"
# the JVM options of the bundle's launcher (dist/src/bundle/bin/dkm-server)
# shellcheck disable=SC2086
MALLOC_ARENA_MAX=2 exec java -XX:+UseSerialGC -Xms8m -Xmx512m -XX:MinHeapFreeRatio=10 \
    -XX:MaxHeapFreeRatio=30 -Xss512k -XX:-UsePerfData -Dsun.net.httpserver.nodelay=true \
    -Djava.util.logging.config.file=/dev/null ${DKM_BENCH_JVM_OPTS:-} \
    -cp "$CP" org.dkumonitor.server.clickhouse.ClickHouseBenchmark
