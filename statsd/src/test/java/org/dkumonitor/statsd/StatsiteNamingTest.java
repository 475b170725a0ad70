package org.dkumonitor.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.junit.jupiter.api.Test;

/** naming: statsite writes statsite's keys (specs/seeds/statsite-naming.md). */
class StatsiteNamingTest {

    private static List<String> flush(String yaml, String... packets) {
        StatsdConfig config = YamlConfigLoader.parse("t.yaml", "port: 0\nflushInterval: 10\n"
                + yaml, StatsdConfig.class);
        Aggregator aggregator = new Aggregator(config);
        StatsdParser parser = aggregator.newParser();
        for (String packet : packets) {
            byte[] bytes = packet.getBytes(StandardCharsets.UTF_8);
            aggregator.receive(parser, bytes, 0, bytes.length);
        }
        Captured out = new Captured();
        LineBuffer lines = new LineBuffer(out);
        lines.timestamp(1_800_000_000L);
        FlushFormat.of(config).write(aggregator.snapshot(1_800_000_000L, 10_000), lines,
                new FlushStats(0));
        lines.flushChunk();
        return out.take();
    }

    @Test
    void writesTheSpecsExampleWithStatsitesKeys() {
        List<String> lines = flush("naming: statsite\n", "rewards:1|c", "rewards:2|c",
                "api:114|ms", "load:+3|g", "users:a|s\nusers:b|s\nusers:a|s", "raw:5|kv\nraw:7|kv",
                "dog:10|h");
        assertEquals(List.of(
                "statsite.counts.statsd.bad_lines_seen 0 1800000000",
                "statsite.counts.statsd.packets_received 7 1800000000",
                "statsite.counts.statsd.metrics_received 10 1800000000",
                "statsite.counts.rewards 3 1800000000",
                "statsite.timers.api.sum 114 1800000000",
                "statsite.timers.api.sum_sq 12996 1800000000",
                "statsite.timers.api.mean 114 1800000000",
                "statsite.timers.api.lower 114 1800000000",
                "statsite.timers.api.upper 114 1800000000",
                "statsite.timers.api.count 1 1800000000",
                "statsite.timers.api.stdev 0 1800000000",
                "statsite.timers.api.median 114 1800000000",
                "statsite.timers.api.p50 114 1800000000",
                "statsite.timers.api.p95 114 1800000000",
                "statsite.timers.api.p99 114 1800000000",
                "statsite.timers.api.rate 11.4 1800000000",
                "statsite.timers.api.sample_rate 0.1 1800000000"),
                lines.subList(0, 17));
        assertEquals("statsite.timers.dog.sum 10 1800000000", lines.get(17), "h is a timer");
        List<String> rest = lines.subList(30, lines.size());
        assertEquals(List.of("statsite.gauges.load 3 1800000000",
                "statsite.sets.users 2 1800000000", "statsite.kv.raw 5 1800000000",
                "statsite.kv.raw 7 1800000000"), rest);
    }

    @Test
    void dropsTheRootWithAnEmptyGlobalPrefixAndRefusesTypesStatsiteDoesNotKnow() {
        List<String> lines = flush("naming: statsite\nglobalPrefix: \"\"\n", "a:2|c|@0.5",
                "b:1|x");
        assertEquals("counts.statsd.bad_lines_seen 1 1800000000", lines.get(0));
        assertEquals("counts.a 4 1800000000", lines.get(3));
        assertEquals(4, lines.size());
    }

    @Test
    void startsEveryIntervalAfresh() {
        StatsdConfig config = YamlConfigLoader.parse("t.yaml", "port: 0\nnaming: statsite\n",
                StatsdConfig.class);
        Aggregator aggregator = new Aggregator(config);
        byte[] bytes = "g:5|g\nc:1|c\nt:1|ms".getBytes(StandardCharsets.UTF_8);
        aggregator.receive(aggregator.newParser(), bytes, 0, bytes.length);
        aggregator.snapshot(1, 10_000);
        Snapshot idle = aggregator.snapshot(11, 10_000);
        assertEquals(3, idle.counters.size(), "statsd's own counters only");
        assertEquals(0, idle.timers.size());
        assertEquals(0, idle.gauges.size() - 1, "only the timestamp_lag gauge");
    }
}
