package org.dkumonitor.server.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.dkumonitor.server.carbon.LineSink;
import org.dkumonitor.server.carbon.PointBatch;
import org.dkumonitor.server.carbon.ReceiverStats;
import org.dkumonitor.server.refusals.RecentRefusals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuotasTest {

    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    private final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());

    private Quotas quotas(long maxMetrics, int perMinute) {
        return new Quotas(List.of(new Quota(Pattern.compile("^apps\\."), maxMetrics, perMinute)),
                clock);
    }

    @Test
    void aNewMetricOverTheMaximumIsRefusedAndADeleteMakesRoom() {
        Quotas quotas = quotas(2, 0);
        assertTrue(quotas.admit("apps.a"));
        assertTrue(quotas.admit("apps.b"));
        assertTrue(quotas.admit("apps.a"), "a known metric always");
        assertFalse(quotas.admit("apps.c"));
        assertTrue(quotas.admit("other.c"), "no quota matches");
        long before = quotas.generation();
        quotas.forget(List.of("apps.a"));
        assertTrue(quotas.generation() > before, "connections must ask again");
        assertTrue(quotas.admit("apps.c"));
        assertEquals(2, quotas.count("apps.x"));
    }

    @Test
    void creationBeyondTheRateWaitsItsTurnNeverDropped() {
        Quotas quotas = quotas(0, 60);
        int created = 0;
        for (int i = 0; i < 100; i++) {
            created += quotas.tryCreate("apps.m" + i) ? 1 : 0;
        }
        assertEquals(60, created, "a minute's worth at once");
        assertFalse(quotas.tryCreate("apps.late"));
        millis.addAndGet(1000);
        assertTrue(quotas.tryCreate("apps.late"), "one a second comes back");
        assertTrue(quotas.tryCreate("unlimited.m"));
    }

    @Test
    void countsTheMetricsAlreadyStored(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("apps/x"));
        Files.write(root.resolve("apps/x/a.wsp"), new byte[0]);
        Files.write(root.resolve("apps/b.wsp"), new byte[0]);
        Files.write(root.resolve("apps/.hidden.wsp"), new byte[0]);
        Files.createDirectories(root.resolve("other"));
        Files.write(root.resolve("other/c.wsp"), new byte[0]);
        Quotas quotas = quotas(2, 0);
        assertEquals(2, quotas.countStored(root));
        assertTrue(quotas.admit("apps.x.a"));
        assertFalse(quotas.admit("apps.new"));
    }

    @Test
    void theReceiverRefusesCountsRecordsAndLogsOnceAMinute() {
        Quotas quotas = quotas(1, 0);
        ReceiverStats stats = new ReceiverStats();
        RecentRefusals refusals = new RecentRefusals(clock);
        List<String> stored = new java.util.ArrayList<>();
        LineSink sink = new LineSink(batch -> {
            for (int i = 0; i < batch.size(); i++) {
                stored.add(batch.name(i));
            }
        }, clock, stats, 60, quotas, refusals);
        List<String> warnings = new java.util.ArrayList<>();
        Logger log = Logger.getLogger(Quotas.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            long t = clock.instant().getEpochSecond();
            PointBatch batch = sink.newBatch();
            for (String line : List.of("apps.one 1 " + t, "apps.two 1 " + t, "apps.three 1 " + t,
                    "apps.one 2 " + t, "other.x 1 " + t)) {
                byte[] bytes = line.getBytes();
                sink.line(bytes, 0, bytes.length, batch);
            }
            sink.flush(batch);
            assertEquals(List.of("apps.one", "apps.one", "other.x"), stored);
            assertEquals(2, stats.quotaPoints());
            assertEquals(2L, stats.rejects().get("quota"));
            assertEquals(1L, refusals.lastHour("apps.two").get(RecentRefusals.Reason.QUOTA));
            assertEquals(1, warnings.size(), "logged once a minute: " + warnings);
            assertTrue(warnings.get(0).contains("'^apps\\.'"), warnings.get(0));
            millis.addAndGet(61_000);
            sink.accept("apps.four 1 " + t);
            assertEquals(2, warnings.size());
        } finally {
            log.removeHandler(capture);
        }
    }
}
