package org.dkumonitor.server.persist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.metrics.MetricName;
import org.dkumonitor.server.schema.StorageAggregation;
import org.dkumonitor.server.schema.StorageSchemas;
import org.dkumonitor.server.whisper.TimeSeriesPoint;
import org.dkumonitor.server.whisper.WhisperException;
import org.dkumonitor.server.whisper.WhisperFile;

/**
 * Moves points from the cache to whisper files: every flush interval, each metric's pending
 * points go to its file in one {@code update_many}; a missing file is created from the schema
 * and aggregation rules first. {@link #flushAll} is also what shutdown calls, so a clean stop
 * loses nothing.
 */
public final class Persister {

    private static final Logger LOG = Logger.getLogger(Persister.class.getName());

    private final MetricCache cache;
    private final Path whisperRoot;
    private final StorageSchemas schemas;
    private final StorageAggregation aggregation;
    private final InstantSource clock;
    private final LongAdder committedPoints = new LongAdder();
    private final LongAdder updates = new LongAdder();
    private final LongAdder creates = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Object flushLock = new Object();

    public Persister(MetricCache cache, Path whisperRoot, StorageSchemas schemas,
            StorageAggregation aggregation, InstantSource clock) {
        this.cache = cache;
        this.whisperRoot = whisperRoot;
        this.schemas = schemas;
        this.aggregation = aggregation;
        this.clock = clock;
    }

    /** Runs the flush loop on a daemon thread until interrupted. */
    public Thread start(Duration interval) {
        Thread thread = Thread.ofPlatform().name("persister").daemon().unstarted(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
                flushAll();
            }
        });
        thread.start();
        return thread;
    }

    /** Writes every pending point now; returns how many points were committed. */
    public long flushAll() {
        synchronized (flushLock) {
            long before = committedPoints.sum();
            for (String metric : new ArrayList<>(cache.metrics())) {
                flush(metric);
            }
            return committedPoints.sum() - before;
        }
    }

    private void flush(String metric) {
        List<TimeSeriesPoint> points = cache.take(metric);
        if (points.isEmpty()) {
            cache.written(metric);
            return;
        }
        try {
            Path file = MetricName.whisperFile(whisperRoot, metric);
            if (!Files.exists(file)) {
                StorageAggregation.Rule rule = aggregation.ruleFor(metric);
                WhisperFile.create(file, schemas.schemaFor(metric).retentions(), rule.method(),
                        rule.xFilesFactor(), false);
                creates.increment();
                LOG.fine(() -> "created " + file);
            }
            try (WhisperFile whisper = WhisperFile.open(file, true)) {
                whisper.updateMany(points, clock.instant().getEpochSecond());
            }
            updates.increment();
            committedPoints.add(points.size());
        } catch (WhisperException e) {
            errors.increment();
            LOG.log(Level.WARNING, "dropping " + points.size() + " points of " + metric + ": "
                    + e.getMessage());
        } finally {
            cache.written(metric);
        }
    }

    public long committedPoints() {
        return committedPoints.sum();
    }

    public long updates() {
        return updates.sum();
    }

    public long creates() {
        return creates.sum();
    }

    public long errors() {
        return errors.sum();
    }
}
