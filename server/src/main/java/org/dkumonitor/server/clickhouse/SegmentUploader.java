package org.dkumonitor.server.clickhouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.persist.PersistStats;
import org.dkumonitor.server.wal.WriteAheadLog;

/**
 * Moves the write-ahead log into ClickHouse, segment by segment, the way carbon-clickhouse
 * uploads its data files: the log is the queue. The log starts a new segment once the current
 * one is big, or {@code interval} old, or quiet ({@link #rotationDue}); each closed segment,
 * oldest first, is read back and inserted as RowBinary by {@link SegmentInserts} (index and
 * tagged rows first, then the points, in chunks of at most {@code maxPoints}, the next chunk
 * converted while ClickHouse takes the last), and deleted only once ClickHouse acknowledged
 * every insert. A segment that fails stays, and so do all
 * after it (the order keeps "newest wins" right); it is tried again with a growing pause. So
 * while ClickHouse is down, points pile up on disk, not in memory, and every one is written
 * when it returns; a restart finds the segments and goes on.
 *
 * <p>The cache only lets points be read before they are in ClickHouse: when a segment closes,
 * the metrics with points in the cache are sealed ({@link MetricCache#seal}) and listed with
 * it; once the segment is in ClickHouse their sealed points leave the cache.
 *
 * <p>Versions: a segment's rows carry {@code Timestamp} = max(now, previous + 1) in seconds,
 * growing from segment to segment, so of two points for one metric and time the one received
 * later wins, in ClickHouse's merges and in our reads.
 */
final class SegmentUploader {

    private static final Logger LOG = Logger.getLogger(SegmentUploader.class.getName());
    private static final long MAX_PAUSE_MILLIS = 30_000;
    private static final long POLL_MILLIS = 50;
    /** A segment this big is uploaded at once: about 500,000 points. */
    private static final long ROTATE_BYTES = 16L * 1024 * 1024;

    private final WriteAheadLog wal;
    private final List<Path> leftovers;
    private final MetricCache cache;
    private final InstantSource clock;
    private final Duration interval;
    private final SegmentInserts inserts;
    private final Map<Long, List<String>> sealed = new HashMap<>();
    private final Object signal = new Object();
    private final List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
    private final AtomicLong failures = new AtomicLong();
    private final PersistStats stats;
    private final Runnable createTables;
    private volatile long backlogBytes;
    private volatile boolean running;
    private Thread thread;
    private long lastVersion;
    private boolean failing;

    /**
     * {@code leftovers}: segments of another log directory (whisper's, after a switch to
     * ClickHouse) to upload first. {@code createTables}, when not null, is run when an insert
     * finds no table (a ClickHouse that was down when the server started).
     */
    SegmentUploader(WriteAheadLog wal, List<Path> leftovers, MetricCache cache,
            ClickHouseHttp http, Tables tables, InstantSource clock, Duration interval,
            int maxPoints, PersistStats stats, Runnable createTables) {
        this.stats = stats;
        this.createTables = createTables;
        this.wal = wal;
        this.leftovers = new ArrayList<>(leftovers);
        this.cache = cache;
        this.clock = clock;
        this.interval = interval;
        this.inserts = new SegmentInserts(http, tables, maxPoints, stats);
    }

    void start() {
        running = true;
        thread = Thread.ofPlatform().name("clickhouse-upload").daemon().start(this::loop);
    }

    /**
     * Completes with true once every point stored before the call is in ClickHouse, false
     * when an upload failed (the points stay in the log).
     */
    CompletableFuture<Boolean> barrier() {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        synchronized (signal) {
            waiting.add(done);
            signal.notifyAll();
        }
        return done;
    }

    /** Stops the thread after a last rotation and upload; what fails stays in the log. */
    boolean stop() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean complete = rotateAndUpload();
        inserts.close();
        return complete;
    }

    long uploadedPoints() {
        return inserts.uploadedPoints();
    }

    long inserts() {
        return inserts.inserts();
    }

    long failures() {
        return failures.get();
    }

    /** Bytes of log segments waiting for ClickHouse, as of the last pass. */
    long backlogBytes() {
        return backlogBytes;
    }

    private void loop() {
        long pause = 0;
        long lastRotation = System.nanoTime();
        long rotatedAt = wal.appendedBytes();
        long seen = rotatedAt;
        boolean complete = false; // a first pass at once: segments an earlier run left
        while (running) {
            List<CompletableFuture<Boolean>> answering;
            synchronized (signal) {
                answering = new ArrayList<>(waiting);
                waiting.clear();
            }
            long appended = wal.appendedBytes();
            long elapsed = (System.nanoTime() - lastRotation) / 1_000_000;
            boolean due = !answering.isEmpty() || (complete ? rotationDue(appended - rotatedAt,
                    appended == seen, elapsed) : elapsed >= pause);
            seen = appended;
            if (due) {
                complete = rotateAndUpload();
                lastRotation = System.nanoTime();
                rotatedAt = appended;
                pause = complete ? 0 : Math.min(MAX_PAUSE_MILLIS,
                        Math.max(interval.toMillis(), pause * 2));
            }
            boolean result = complete;
            answering.forEach(future -> future.complete(result));
            synchronized (signal) {
                if (waiting.isEmpty() && running) {
                    try {
                        signal.wait(POLL_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * When to close a segment and upload it: once it holds {@value #ROTATE_BYTES} bytes (big
     * inserts under load), once the interval has passed, or a quarter of it after the points
     * stopped coming (a burst is in ClickHouse shortly after its last point, while a trickle
     * still makes at most four inserts a second).
     */
    private boolean rotationDue(long pending, boolean quiet, long elapsedMillis) {
        if (pending <= 0) {
            return false;
        }
        return pending >= ROTATE_BYTES || elapsedMillis >= interval.toMillis()
                || (quiet && elapsedMillis >= interval.toMillis() / 4);
    }

    /** Closes the current segment and uploads every closed one; false if one failed. */
    private boolean rotateAndUpload() {
        try {
            long closed = wal.rotate(number -> {
                List<String> metrics = new ArrayList<>();
                for (String metric : cache.metrics()) {
                    if (cache.seal(metric)) {
                        metrics.add(metric);
                    }
                }
                sealed.put(number, metrics);
            });
            List<Path> segments = new ArrayList<>(leftovers);
            segments.addAll(wal.segmentsUpTo(closed));
            long bytes = 0;
            for (Path segment : segments) {
                bytes += Files.size(segment);
            }
            backlogBytes = bytes;
            List<Submitted> submitted = new ArrayList<>();
            for (Path segment : segments) {
                long version = Math.max(clock.instant().getEpochSecond(), lastVersion + 1);
                lastVersion = version;
                submitted.add(new Submitted(segment, Files.size(segment),
                        inserts.submit(segment, version)));
                bytes = retire(submitted, false, bytes);
            }
            bytes = retire(submitted, true, bytes);
            if (!submitted.isEmpty()) {
                return false;
            }
            if (failing) {
                failing = false;
                LOG.info("ClickHouse takes points again; the log is uploaded");
            }
            return true;
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            if (!failing) {
                failing = true;
                LOG.warning("cannot move the write-ahead log to ClickHouse (retried): " + e);
            }
            return false;
        }
    }

    /** A segment whose inserts are queued. */
    private record Submitted(Path segment, long bytes, CompletableFuture<Void> done) {
    }

    /**
     * Deletes the segments ClickHouse has taken, oldest first, and lets their sealed points
     * leave the cache; with {@code all}, waits for every one. Stops at a failed one: it and
     * the segments after it stay in {@code submitted} (and on disk) for the next pass.
     */
    private long retire(List<Submitted> submitted, boolean all, long bytes)
            throws IOException {
        while (!submitted.isEmpty() && (all || submitted.get(0).done().isDone())) {
            Submitted head = submitted.get(0);
            try {
                head.done().join();
            } catch (java.util.concurrent.CompletionException e) {
                failed(head.segment(), e.getCause());
                return bytes;
            }
            submitted.remove(0);
            Files.delete(head.segment());
            bytes -= head.bytes();
            backlogBytes = bytes;
            if (!leftovers.remove(head.segment())) {
                List<String> metrics = sealed.remove(WriteAheadLog.number(head.segment()));
                if (metrics != null) {
                    metrics.forEach(cache::written);
                }
            }
        }
        return bytes;
    }

    private void failed(Path segment, Throwable cause) {
        inserts.reset();
        failures.incrementAndGet();
        stats.error();
        ClickHouseException failure = cause instanceof ClickHouseException clickhouse
                ? clickhouse : null;
        if (createTables != null && failure != null
                && (failure.code() == 60 || failure.code() == 81)) {
            createTables.run();
        }
        if (!failing) {
            failing = true;
            LOG.warning("cannot upload points to ClickHouse; they stay in the write-ahead log"
                    + " (" + segment.getParent() + ") and are retried: " + cause.getMessage());
        }
    }
}
