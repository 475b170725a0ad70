package org.dkumonitor.server.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.carbon.PointBatch;
import org.dkumonitor.server.persist.CreateGate;
import org.dkumonitor.server.persist.Persister;
import org.dkumonitor.server.persist.WhisperSettings;
import org.dkumonitor.server.schema.StorageAggregation;
import org.dkumonitor.server.schema.StorageSchemas;
import org.dkumonitor.server.wal.WriteAheadLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The periodic checkpoint of the write-ahead log under batching. */
class PeriodicCheckpointTest {

    private static final long NOW = 1_700_000_040L;

    @TempDir
    Path dir;

    @Test
    void deletesTheSegmentsOnceBatchingWroteTheirPointsAndKeepsThemWhileAHeldMetricWaits()
            throws Exception {
        MetricCache cache = new MetricCache(100_000);
        Persister persister = new Persister(cache, new WhisperSettings(dir.resolve("whisper"),
                () -> StorageSchemas.parse("s", "[all]\npattern = .\nretentions = 10s:1h\n"),
                () -> StorageAggregation.parse("a", ""),
                InstantSource.fixed(Instant.ofEpochSecond(NOW)), false, 64), 2,
                Duration.ofMillis(20), CreateGate.ALWAYS, Duration.ofSeconds(20));
        WriteAheadLog log = new WriteAheadLog(dir.resolve("wal"), cache, Duration.ofMillis(5));
        log.replay();
        log.start();
        persister.start();
        Maintenance maintenance = new Maintenance(persister, log);
        try {
            store(log, "kept.one", NOW - 10);
            try (Persister.Hold _ = persister.hold(List.of("kept.one"), true)) {
                maintenance.checkpoint();
                assertEquals(1, replayed(log).size(), "a held metric's point stays in the log");
            }
            store(log, "written.one", NOW);
            maintenance.checkpoint(); // waits until both are written (a quiet spell here)
            assertTrue(Files.exists(dir.resolve("whisper/written/one.wsp")));
            assertTrue(Files.exists(dir.resolve("whisper/kept/one.wsp")));
            assertEquals(0, replayed(log).size(), "the older segments are gone");
        } finally {
            persister.stop();
            log.stop(cache.size() == 0);
        }
    }

    private static void store(WriteAheadLog log, String metric, long timestamp) {
        PointBatch batch = new PointBatch();
        batch.add(metric, timestamp, 1);
        log.store(batch);
    }

    /** The metrics a restart would replay from the log now. */
    private java.util.Set<String> replayed(WriteAheadLog live) throws Exception {
        live.commitNow();
        MetricCache after = new MetricCache();
        new WriteAheadLog(dir.resolve("wal"), after, Duration.ofHours(1)).replay();
        return after.metrics();
    }
}
