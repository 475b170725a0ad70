package org.dkumonitor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.dkumonitor.agent.collect.CollectionException;
import org.dkumonitor.agent.collect.Collector;
import org.dkumonitor.agent.collect.MetricSink;
import org.dkumonitor.core.carbon.CarbonSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class HostAgentTest {

    @TempDir
    Path spool;

    /** A sender to a port nothing listens on, that we never start: it only queues. */
    private CarbonSender queueOnly() {
        return new CarbonSender("127.0.0.1", 9, spool, new CarbonSender.Settings(100,
                1_000_000, Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(10),
                Duration.ZERO), AgentLog.of(CarbonSender.class));
    }

    private static Collector fixed(String name, String path, double value) {
        return new Collector() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void collect(Instant now, MetricSink sink) {
                sink.put(path, value);
                sink.put(path + "_nan", Double.NaN);
            }
        };
    }

    private static Collector failing() {
        return new Collector() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void collect(Instant now, MetricSink sink) {
                sink.put("broken.partial", 1);
                throw new CollectionException("broken: cannot read /proc/nothing");
            }
        };
    }

    @Test
    void aFailingCollectorDoesNotStopTheOthersAndRoundsEndWithSelfMetrics() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.ofEpochSecond(1_700_000_000));
        CarbonSender sender = queueOnly();
        try (HostAgent agent = new HostAgent("collectd.vm",
                List.of(fixed("a", "a.value", 1.5), failing(), fixed("b", "b.value", 2)),
                List.of(sender), now::get)) {
            agent.collectOnce();
            now.set(now.get().plusSeconds(10));
            agent.collectOnce();
            Map<String, String> last = new TreeMap<>();
            long rounds = spoolLines(sender, last);
            assertTrue(rounds > 0);
            assertEquals("1.5 1700000010", last.get("collectd.vm.a.value"));
            assertEquals("2 1700000010", last.get("collectd.vm.b.value"));
            assertEquals("1 1700000010", last.get("collectd.vm.broken.partial"));
            assertEquals("1 1700000010", last.get("collectd.vm.dkm_agent.collector_errors"));
            assertEquals("3 1700000010", last.get("collectd.vm.collectd.cache.cache_size"));
            assertEquals("0 1700000010",
                    last.get("collectd.vm.collectd.write_queue.derive.dropped"));
            // the second round saw the first queued; it has one line more (the dropped rate)
            assertEquals((rounds - 1) / 2 + " 1700000010",
                    last.get("collectd.vm.collectd.write_queue.queue_length"));
            assertTrue(last.containsKey("collectd.vm.dkm_agent.collect_time_ms"));
            assertTrue(last.keySet().stream().noneMatch(p -> p.endsWith("_nan")));
        }
    }

    /** Reads what the never-started sender queued, by closing it into its spool. */
    private long spoolLines(CarbonSender sender, Map<String, String> last) throws Exception {
        sender.close();
        long lines = 0;
        try (var files = java.nio.file.Files.list(spool)) {
            for (Path file : files.sorted().toList()) {
                for (String line : java.nio.file.Files.readAllLines(file)) {
                    int space = line.indexOf(' ');
                    last.put(line.substring(0, space), line.substring(space + 1));
                    lines++;
                }
            }
        }
        return lines;
    }

    @Test
    void usesTheCollectionTimeOfTheRoundForEveryLine() throws Exception {
        InstantSource clock = InstantSource.fixed(Instant.ofEpochSecond(1_800_000_000));
        CarbonSender sender = queueOnly();
        try (HostAgent agent = new HostAgent("p.h", List.of(fixed("a", "a.v", 3)),
                List.of(sender), clock)) {
            agent.collectOnce();
            Map<String, String> last = new TreeMap<>();
            spoolLines(sender, last);
            assertTrue(last.values().stream().allMatch(v -> v.endsWith(" 1800000000")));
        }
    }

    @Test
    void writesEachLineAsCarbonLineDoes() throws Exception {
        double[] values = {0, 3, -2, 1.5, 1e-7, 123456.789, 1e15, 1e16, -0.25, 2.0 / 3};
        List<Collector> collectors = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            collectors.add(fixed("c" + i, "c" + i, values[i]));
        }
        CarbonSender sender = queueOnly();
        try (HostAgent agent = new HostAgent("p.h", collectors, List.of(sender),
                InstantSource.fixed(Instant.ofEpochSecond(1_800_000_000)))) {
            agent.collectOnce();
            Map<String, String> last = new TreeMap<>();
            spoolLines(sender, last);
            for (int i = 0; i < values.length; i++) {
                String expected = new org.dkumonitor.core.carbon.CarbonLine("p.h.c" + i,
                        values[i], 1_800_000_000).toPlaintext();
                assertEquals(expected, "p.h.c" + i + " " + last.get("p.h.c" + i) + "\n");
            }
        }
    }
}
