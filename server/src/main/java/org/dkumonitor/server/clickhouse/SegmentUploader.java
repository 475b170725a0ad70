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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * every insert. Under load a segment fills up while the last ones are being inserted: it is
 * closed and converted at once, so receiving, converting and inserting overlap. A segment
 * that fails stays, and so do all after it (the order keeps "newest wins" right); it is tried
 * again with a growing pause. So
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
    /** A segment this big is uploaded at once: about 250,000 points. */
    private static final long ROTATE_BYTES = 8L * 1024 * 1024;

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
    /** Segments whose inserts are queued, oldest first (the upload thread's). */
    private final List<Submitted> submitted = new ArrayList<>();
    private long rotatedNanos;
    private long rotatedBytes;
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
        rotatedNanos = System.nanoTime();
        rotatedBytes = wal.appendedBytes();
        long seen = rotatedBytes;
        boolean complete = false; // a first pass at once: segments an earlier run left
        while (running) {
            List<CompletableFuture<Boolean>> answering;
            synchronized (signal) {
                answering = new ArrayList<>(waiting);
                waiting.clear();
            }
            long appended = wal.appendedBytes();
            long elapsed = (System.nanoTime() - rotatedNanos) / 1_000_000;
            boolean due = !answering.isEmpty() || (complete ? rotationDue(appended
                    - rotatedBytes, appended == seen, elapsed) : elapsed >= pause);
            seen = appended;
            if (due) {
                complete = rotateAndUpload();
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
     * still makes at most four inserts a second). Timed from the last rotation's start, so a
     * long upload does not delay the next one.
     */
    private boolean rotationDue(long pending, boolean quiet, long elapsedMillis) {
        if (pending <= 0) {
            return false;
        }
        return pending >= ROTATE_BYTES || elapsedMillis >= interval.toMillis()
                || (quiet && elapsedMillis >= interval.toMillis() / 4);
    }

    /**
     * Closes the current segment and uploads every closed one; false if one failed. While
     * ClickHouse takes the last ones, a segment that fills up meanwhile is closed and
     * converted too, so converting, inserting and receiving overlap under load.
     */
    private boolean rotateAndUpload() {
        try {
            if (!submitUpTo(rotate())) {
                return false;
            }
            while (!submitted.isEmpty()) {
                try {
                    submitted.get(0).done().get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (running && wal.appendedBytes() - rotatedBytes >= ROTATE_BYTES
                            && !submitUpTo(rotate())) {
                        return false;
                    }
                    continue;
                } catch (ExecutionException e) {
                    // retire() below finds the failure
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    submitted.clear();
                    return false;
                }
                if (!retire()) {
                    return false;
                }
            }
            if (failing) {
                failing = false;
                LOG.info("ClickHouse takes points again; the log is uploaded");
            }
            return true;
        } catch (IOException | RuntimeException e) {
            submitted.clear();
            failures.incrementAndGet();
            if (!failing) {
                failing = true;
                LOG.warning("cannot move the write-ahead log to ClickHouse (retried): " + e);
            }
            return false;
        }
    }

    /** Closes the log's current segment (its cached metrics sealed); returns its number. */
    private long rotate() throws IOException {
        rotatedNanos = System.nanoTime();
        rotatedBytes = wal.appendedBytes();
        long closed = wal.rotate(number -> {
            List<String> metrics = new ArrayList<>();
            for (String metric : cache.metrics()) {
                if (cache.seal(metric)) {
                    metrics.add(metric);
                }
            }
            sealed.put(number, metrics);
        });
        return closed;
    }

    /**
     * Queues the inserts of every closed segment up to {@code closed} not queued yet; false
     * when an insert failed meanwhile.
     */
    private boolean submitUpTo(long closed) throws IOException {
        List<Path> segments = new ArrayList<>(leftovers);
        segments.addAll(wal.segmentsUpTo(closed));
        long bytes = 0;
        for (Path segment : segments) {
            bytes += Files.size(segment);
        }
        backlogBytes = bytes;
        for (Path segment : segments) {
            if (submitted.stream().anyMatch(s -> s.segment().equals(segment))) {
                continue;
            }
            long version = Math.max(clock.instant().getEpochSecond(), lastVersion + 1);
            lastVersion = version;
            submitted.add(new Submitted(segment, Files.size(segment),
                    inserts.submit(segment, version)));
            if (!retire()) {
                return false;
            }
        }
        return true;
    }

    /** A segment whose inserts are queued. */
    private record Submitted(Path segment, long bytes, CompletableFuture<Void> done) {
    }

    /**
     * Deletes the segments ClickHouse has taken, oldest first, and lets their sealed points
     * leave the cache. Stops at one not done yet; false at a failed one: it and the segments
     * after it stay on disk for the next pass.
     */
    private boolean retire() throws IOException {
        while (!submitted.isEmpty() && submitted.get(0).done().isDone()) {
            Submitted head = submitted.get(0);
            try {
                head.done().join();
            } catch (CompletionException e) {
                submitted.clear();
                failed(head.segment(), e.getCause());
                return false;
            }
            submitted.remove(0);
            Files.delete(head.segment());
            backlogBytes -= head.bytes();
            if (!leftovers.remove(head.segment())) {
                List<String> metrics = sealed.remove(WriteAheadLog.number(head.segment()));
                if (metrics != null) {
                    metrics.forEach(cache::written);
                }
            }
        }
        return true;
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
