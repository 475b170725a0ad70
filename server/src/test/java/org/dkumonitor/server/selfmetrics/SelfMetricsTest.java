package org.dkumonitor.server.selfmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.carbon.LineSink;
import org.dkumonitor.server.carbon.ReceiverStats;
import org.dkumonitor.server.persist.PersistStats;
import org.dkumonitor.server.whisper.TimeSeriesPoint;
import org.junit.jupiter.api.Test;

class SelfMetricsTest {

    private static final long NOW = 1_700_000_040L;

    @Test
    void reportsPerIntervalCountsUnderCarbonsNames() {
        MetricCache cache = new MetricCache(1000);
        ReceiverStats stats = new ReceiverStats();
        InstantSource clock = InstantSource.fixed(Instant.ofEpochSecond(NOW));
        LineSink sink = new LineSink(cache, clock, stats);
        sink.accept("a.b 1 1700000000");
        sink.accept("a.c 2 1700000000");
        sink.accept("bad");
        sink.accept("x..y 1 1700000000");
        sink.accept("far 1 1800000000");
        SelfMetrics self = new SelfMetrics("web-1.example.com", cache, stats,
                new PersistStats(), clock);
        Map<String, Double> first = self.report();
        assertEquals(2.0, first.get("metricsReceived"));
        assertEquals(1.0, first.get("rejects.badLine"));
        assertEquals(1.0, first.get("rejects.future"));
        assertEquals(1.0, first.get("rejects.name.empty_node"));
        assertEquals(2.0, first.get("cache.size"));
        assertEquals(List.of(new TimeSeriesPoint(NOW, 2.0)),
                cache.read("carbon.agents.web-1_example_com.metricsReceived"));
        sink.accept("a.b 3 1700000060");
        Map<String, Double> second = self.report();
        assertEquals(1.0, second.get("metricsReceived"), "a count per interval, as carbon's");
        assertEquals(0.0, second.get("rejects.badLine"));
    }

    @Test
    void reportsTheCountersAFeatureAddsPerInterval() {
        MetricCache cache = new MetricCache(1000);
        InstantSource clock = InstantSource.fixed(Instant.ofEpochSecond(NOW));
        SelfMetrics self = new SelfMetrics("h", cache, new ReceiverStats(), new PersistStats(),
                clock);
        long[] requests = {5};
        self.addCounters("ingest", () -> Map.of("requests", requests[0]));
        assertEquals(5.0, self.report().get("ingest.requests"));
        requests[0] = 7;
        assertEquals(2.0, self.report().get("ingest.requests"));
        assertEquals(List.of(new TimeSeriesPoint(NOW, 5.0), new TimeSeriesPoint(NOW, 2.0)),
                cache.read("carbon.agents.h.ingest.requests"));
    }
}
