package org.dkumonitor.server.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.carbon.PointBatch;
import org.dkumonitor.server.persist.Persister;
import org.dkumonitor.server.persist.WhisperSettings;
import org.dkumonitor.server.quota.Quotas;
import org.dkumonitor.server.refusals.RecentRefusals;
import org.dkumonitor.server.schema.StorageRules;
import org.dkumonitor.server.wal.WriteAheadLog;
import org.dkumonitor.server.whisper.Allocation;
import org.dkumonitor.server.whisper.FetchResult;
import org.dkumonitor.server.whisper.WhisperFile;

/**
 * A running whisper store without sockets: rules files, cache, write-ahead log, persister and
 * the lifecycle around them, on a clock the test moves.
 */
final class Store implements AutoCloseable {

    static final long START = 1_700_000_000L;

    final Path dir;
    final Path whisper;
    final Path wal;
    final AtomicLong now = new AtomicLong(START);
    final InstantSource clock = () -> Instant.ofEpochSecond(now.get());
    final StorageRules rules;
    final MetricCache cache = new MetricCache(1_000_000);
    final RecentRefusals refusals = new RecentRefusals(clock);
    final Quotas quotas;
    final Persister persister;
    final WriteAheadLog log;
    final Maintenance maintenance;
    final StoreAdmin admin;

    Store(Path dir, String schemas, Quotas quotas) throws IOException {
        this.dir = dir;
        this.whisper = dir.resolve("whisper");
        this.wal = dir.resolve("wal");
        Files.createDirectories(whisper);
        Files.writeString(dir.resolve("storage-schemas.conf"), schemas);
        Files.writeString(dir.resolve("storage-aggregation.conf"),
                "[sum]\npattern = \\.count$\nxFilesFactor = 0\naggregationMethod = sum\n");
        rules = StorageRules.load(dir.resolve("storage-schemas.conf"),
                dir.resolve("storage-aggregation.conf"));
        this.quotas = quotas;
        persister = new Persister(cache, new WhisperSettings(whisper, rules::schemas,
                rules::aggregation, clock, false, 64, refusals), 2, Duration.ofMillis(20),
                quotas);
        log = new WriteAheadLog(wal, cache, Duration.ofMillis(5));
        log.replay();
        log.start();
        persister.start();
        maintenance = new Maintenance(persister, log);
        admin = WhisperStoreAdmin.create(whisper, rules, cache, persister, maintenance, quotas,
                refusals, clock, Allocation.RESERVE, 0);
    }

    Store(Path dir, String schemas) throws IOException {
        this(dir, schemas, new Quotas(List.of(), InstantSource.system()));
    }

    /** Stores points as a receiver does: into the log, then the cache. */
    void send(String metric, long from, int count, int step) {
        PointBatch batch = new PointBatch();
        for (int i = 0; i < count; i++) {
            batch.add(metric, from + (long) i * step, i + 1);
        }
        log.store(batch);
    }

    void flush() {
        if (!persister.barrier().join()) {
            throw new AssertionError("not everything was written");
        }
    }

    Path file(String metric) {
        return whisper.resolve(metric.replace('.', '/') + ".wsp");
    }

    /** The known points of the metric's file over the last {@code seconds}. */
    int pointsOnDisk(String metric, long seconds) {
        try (WhisperFile file = WhisperFile.open(file(metric), false)) {
            FetchResult result = file.fetch(now.get() - seconds, now.get(), now.get());
            int known = 0;
            for (double value : result.values()) {
                known += Double.isNaN(value) ? 0 : 1;
            }
            return known;
        }
    }

    /** What a restart would replay from the log, into a cache of its own. */
    MetricCache replayed() throws IOException {
        log.commitNow();
        MetricCache after = new MetricCache();
        new WriteAheadLog(wal, after, Duration.ofHours(1)).replay();
        return after;
    }

    @Override
    public void close() throws IOException {
        persister.stop();
        log.stop(cache.size() == 0);
    }
}
