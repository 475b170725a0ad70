package org.dkumonitor.server.persist;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.lifecycle.NeededThreads;
import org.dkumonitor.server.metrics.TaggedNameLog;
import org.dkumonitor.server.whisper.SortedPoints;

/**
 * Moves points from the cache to whisper files.
 *
 * <p>Workers each own a shard of the metrics (by hash of the name, so one metric is never
 * written by two threads) and loop over passes: a pass takes every queued point of each of its
 * metrics and writes them with one {@code update_many} per metric. Points that arrive while a
 * pass runs wait for the next pass, so the busier the server, the more points each update
 * carries. An idle worker sleeps until a point arrives (then {@value #GATHER_MILLIS} ms more, so
 * that a burst starts with a few points per update) or for at most the flush interval.
 *
 * <p>A missing file is created from the schema and aggregation rules in force at that moment;
 * a pass creates at most {@value #CREATES_PER_PASS} and leaves the points of the other new
 * metrics in the cache (readable there) for the next pass, so that a burst of 100,000 new names
 * does not hold up the points of existing metrics until all their files exist (it held the
 * soak's canary 20 s from disk); no point is dropped (carbon keeps them in its cache too, and
 * creates at MAX_CREATES_PER_MINUTE).
 *
 * <p>A write that fails for an I/O reason (a full disk) keeps the points in the cache and is
 * retried next pass; the receivers slow down when the cache fills. A metric the store
 * cannot write (a name it cannot make a file for, a file that is not a whisper file, or I/O
 * errors of its own while other metrics are written) is set aside by the {@link Quarantine}:
 * its points go to the {@link DeadLetters}, counted and logged once, and never hold up the
 * others.
 *
 * <p>{@link #barrier} answers when every point queued before the call is on disk; the
 * write-ahead log uses it to know which segments it may delete. {@link #stop} writes
 * everything still queued before returning.
 *
 * <p>{@link #hold} stops the writing of some metrics while a resize, delete or rename owns their
 * files: the worker that owns each metric acknowledges between two writes and closes its handle,
 * and from then on skips the metric, whose points wait in the cache (readable, and in the
 * write-ahead log) until the hold is released. A new file that the create gate (a quota's rate)
 * does not allow yet is deferred the same way: its points wait, nothing is dropped.
 */
public final class Persister {

    private static final Logger LOG = Logger.getLogger(Persister.class.getName());
    /** How long an idle worker woken by a new point waits for more before writing. */
    private static final long GATHER_MILLIS = 5;
    /** With batching, the points a metric needs queued to be written at once. */
    static final int DUE_POINTS = 3;
    /** With batching, how long without any arrival makes everything due (a burst ended). */
    private static final long QUIET_NANOS = 150_000_000L;
    private static final long REST_STEP_MILLIS = 25;

    /**
     * Files a worker's pass creates at most (a few hundred milliseconds of work) before it
     * moves on: points of existing metrics wait for one such share, not for a whole burst.
     */
    static final int CREATES_PER_PASS = 500;

    /** Free space below which a failing write is the disk's fault, not the metric's. */
    private static final long LOW_SPACE_BYTES = 64L * 1024 * 1024;

    private final MetricCache cache;
    private final Duration idleWait;
    private final long batchNanos;
    private final WhisperSettings settings;
    private final DeadLetters deadLetters;
    private final Quarantine quarantine;
    private final List<Worker> workers = new ArrayList<>();
    /** Files one pass of a worker creates at most before it writes the others' points. */
    private final int createsPerPass;
    private final PersistStats stats = new PersistStats();
    private volatile boolean running;

    /**
     * With dead letters beside the whisper root ({@code dead-letter/}, 256 MiB at most) and a
     * metric set aside after 5 minutes of failures of its own.
     */
    public Persister(MetricCache cache, WhisperSettings settings, int workerCount,
            Duration idleWait) {
        this(cache, settings, workerCount, idleWait, CreateGate.ALWAYS);
    }

    /** {@code creates} decides when a new file may be made (quotas' creation rates). */
    public Persister(MetricCache cache, WhisperSettings settings, int workerCount,
            Duration idleWait, CreateGate creates) {
        this(cache, settings, workerCount, idleWait, creates, Duration.ZERO);
    }

    /**
     * {@code batch}: how long a metric's points may wait to be written together (zero: written
     * as soon as the persister comes round); see {@link Worker#loop}.
     */
    public Persister(MetricCache cache, WhisperSettings settings, int workerCount,
            Duration idleWait, CreateGate creates, Duration batch) {
        this(cache, settings, workerCount, idleWait, creates, batch, new DeadLetters(
                settings.whisperRoot().resolveSibling("dead-letter"), 256L * 1024 * 1024),
                Duration.ofMinutes(5));
    }

    public Persister(MetricCache cache, WhisperSettings settings, int workerCount,
            Duration idleWait, DeadLetters deadLetters, Duration quarantineAfter) {
        this(cache, settings, workerCount, idleWait, CreateGate.ALWAYS, Duration.ZERO,
                deadLetters, quarantineAfter);
    }

    /** As the server's, creating at most {@code createsPerPass} files a pass (tests). */
    Persister(MetricCache cache, WhisperSettings settings, int workerCount, Duration idleWait,
            DeadLetters deadLetters, Duration quarantineAfter, int createsPerPass) {
        this(cache, settings, workerCount, idleWait, CreateGate.ALWAYS, Duration.ZERO,
                deadLetters, quarantineAfter, createsPerPass);
    }

    /**
     * {@code creates} decides when a new file may be made (quotas' creation rates);
     * {@code batch}: how long a metric's points may wait to be written together (zero: written
     * as soon as the persister comes round; see {@link Worker#loop}); a metric the store cannot
     * write goes to {@code deadLetters}, at once when refused for good, or after
     * {@code quarantineAfter} of failures of its own.
     */
    public Persister(MetricCache cache, WhisperSettings settings, int workerCount,
            Duration idleWait, CreateGate creates, Duration batch, DeadLetters deadLetters,
            Duration quarantineAfter) {
        this(cache, settings, workerCount, idleWait, creates, batch, deadLetters,
                quarantineAfter, CREATES_PER_PASS);
    }

    private Persister(MetricCache cache, WhisperSettings settings, int workerCount,
            Duration idleWait, CreateGate creates, Duration batch, DeadLetters deadLetters,
            Duration quarantineAfter, int createsPerPass) {
        this.createsPerPass = createsPerPass;
        if (workerCount < 1) {
            throw new IllegalArgumentException("workers must be at least 1, found "
                    + workerCount);
        }
        this.cache = cache;
        this.idleWait = idleWait;
        this.batchNanos = batch.toNanos();
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.quarantine = new Quarantine(quarantineAfter, quarantineAfter.multipliedBy(2));
        int filesEach = Math.max(1, settings.maxOpenFiles() / workerCount);
        TaggedNameLog taggedNames = new TaggedNameLog(settings.whisperRoot());
        for (int i = 0; i < workerCount; i++) {
            workers.add(new Worker(i, workerCount, new WhisperWriter(
                    settings.withMaxOpenFiles(filesEach), stats, taggedNames, creates)));
        }
    }

    /** Starts the worker threads. */
    public void start() {
        running = true;
        for (Worker worker : workers) {
            worker.thread = NeededThreads.start("persister-" + worker.index, worker::loop,
                    () -> !running);
        }
    }

    /**
     * Completes with true once every point queued before this call is on disk, or with false
     * when a pass could not write some of them (they stay queued). When the workers are not
     * running, the caller's thread does the work.
     */
    public CompletableFuture<Boolean> barrier() {
        if (!running) {
            return CompletableFuture.completedFuture(flushEverything());
        }
        List<CompletableFuture<Boolean>> parts = new ArrayList<>();
        for (Worker worker : workers) {
            parts.add(worker.requestPass());
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> parts.stream().allMatch(CompletableFuture::join));
    }

    /**
     * Stops writing {@code metrics} until the hold is closed, and returns once no write of them
     * is in flight and their files are closed. With {@code pointsStayPending} their queued
     * points still count as not on disk for {@link #barrier} (a resize: the log must keep
     * them); without, the holder has taken charge of the points queued so far (a delete drops
     * them, a rename moves them), so a checkpoint may go ahead.
     */
    public Hold hold(Collection<String> metrics, boolean pointsStayPending) {
        List<CompletableFuture<Void>> acknowledged = new ArrayList<>();
        for (Worker worker : workers) {
            List<String> mine = new ArrayList<>();
            for (String metric : metrics) {
                if (worker.owns(metric)) {
                    mine.add(metric);
                }
            }
            if (!mine.isEmpty()) {
                acknowledged.add(worker.run(() -> {
                    for (String metric : mine) {
                        worker.held.put(metric, pointsStayPending);
                        worker.writer.forget(metric);
                    }
                }));
            }
        }
        try {
            CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            new Hold(List.copyOf(metrics)).close(); // whatever was held goes back
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return new Hold(List.copyOf(metrics));
    }

    /** Metrics held by {@link #hold}; closing releases them and wakes their workers. */
    public final class Hold implements AutoCloseable {
        private final List<String> metrics;
        private boolean released;

        private Hold(List<String> metrics) {
            this.metrics = metrics;
        }

        @Override
        public synchronized void close() {
            if (released) {
                return;
            }
            released = true;
            for (Worker worker : workers) {
                boolean any = false;
                for (String metric : metrics) {
                    any |= worker.held.remove(metric) != null;
                }
                if (any) {
                    worker.wake();
                }
            }
        }
    }

    /**
     * Writes every queued point now on the caller's thread; only while the workers are stopped
     * (tests, shutdown). Returns how many points were committed.
     */
    public long flushAll() {
        if (running) {
            throw new IllegalStateException("flushAll while the workers run: use barrier()");
        }
        long before = stats.committedPoints();
        flushEverything();
        return stats.committedPoints() - before;
    }

    private boolean flushEverything() {
        Pass pass;
        do {
            pass = passOnce();
        } while (pass == Pass.DEFERRED);
        return pass == Pass.COMPLETE;
    }

    /** One pass of every worker on the caller's thread, while the workers are stopped. */
    Pass passOnce() {
        Pass all = Pass.COMPLETE;
        for (Worker worker : workers) {
            Pass pass = worker.pass(true);
            all = pass.compareTo(all) > 0 ? pass : all;
        }
        return all;
    }

    /**
     * How a pass ended: all written, new files left for the next pass, or some points not
     * written (a write failed, or they wait: held by a lifecycle request or a quota), in that
     * order of precedence, the worst of several passes winning.
     */
    enum Pass {
        COMPLETE, DEFERRED, FAILED
    }

    /** Stops the workers, then writes every point still queued and closes the files. */
    public long stop() {
        running = false;
        for (Worker worker : workers) {
            worker.wake();
        }
        for (Worker worker : workers) {
            if (worker.thread != null) {
                try {
                    worker.thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        long written = flushAll();
        for (Worker worker : workers) {
            worker.writer.close();
        }
        return written;
    }

    public PersistStats stats() {
        return stats;
    }

    public long committedPoints() {
        return stats.committedPoints();
    }

    public long updates() {
        return stats.updates();
    }

    public long creates() {
        return stats.creates();
    }

    public long errors() {
        return stats.errors();
    }

    /** Metrics set aside since start; their points are in the dead letters. */
    public long quarantined() {
        return stats.setAsideMetrics();
    }

    /** Metrics set aside now that will be tried again. */
    public int heldForRetry() {
        return quarantine.held();
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** True when the last pass of a worker left points it could not write in the cache. */
    public boolean failing() {
        return workers.stream().anyMatch(worker -> worker.failing);
    }

    /** Names of worker threads that have ended while the persister runs (for /health). */
    public List<String> deadThreads() {
        List<String> dead = new ArrayList<>();
        for (Worker worker : workers) {
            if (running && worker.thread != null && !worker.thread.isAlive()) {
                dead.add(worker.thread.getName());
            }
        }
        return dead;
    }

    /** One shard's thread. */
    private final class Worker {
        private final int index;
        private final int count;
        private final WhisperWriter writer;
        /** Held metrics, and whether their queued points keep a barrier from completing. */
        private final ConcurrentHashMap<String, Boolean> held = new ConcurrentHashMap<>();
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private volatile boolean hasTasks;
        private final Object signal = new Object();
        private List<CompletableFuture<Boolean>> requested = new ArrayList<>();
        private volatile boolean passWanted;
        private Thread thread;
        private long lastErrorLog;
        private volatile boolean failing;
        /** What the last pass wrote, and left because it was not due yet. */
        private int written;
        private int young;
        /** Nothing arrived for a while: the next pass writes everything. */
        private boolean quiet;

        Worker(int index, int count, WhisperWriter writer) {
            this.index = index;
            this.count = count;
            this.writer = writer;
        }

        boolean owns(String metric) {
            return count == 1 || Math.floorMod(metric.hashCode(), count) == index;
        }

        /**
         * Runs {@code task} on this worker's thread between two writes, so it never races a
         * write of this worker's metrics; fails when the workers are not running.
         */
        CompletableFuture<Void> run(Runnable task) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Runnable wrapped = () -> {
                try {
                    task.run();
                    done.complete(null);
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            };
            synchronized (signal) {
                if (!running || thread == null || !thread.isAlive()) {
                    done.completeExceptionally(new IllegalStateException("the persister is not"
                            + " running (the server is starting or stopping): try again"));
                    return done;
                }
                tasks.add(wrapped);
                hasTasks = true;
                signal.notifyAll();
            }
            cache.wakeWaiters();
            return done;
        }

        private void runTasks() {
            hasTasks = false;
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }

        CompletableFuture<Boolean> requestPass() {
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            synchronized (signal) {
                requested.add(done);
                passWanted = true;
                signal.notifyAll();
            }
            cache.wakeWaiters();
            return done;
        }

        void wake() {
            synchronized (signal) {
                signal.notifyAll();
            }
            cache.wakeWaiters();
        }

        /**
         * Passes until stopped. With batching, a pass that is not urgent writes only the
         * metrics that are due (three points queued, or the oldest waited the batch time), so
         * that a fleet sending every 10 s gets several points per update instead of one: fewer
         * system calls per point. Urgent, it writes everything: a barrier (checkpoint, stop), a
         * cache half full, or a quiet spell of {@value #QUIET_NANOS} ns without any arrival
         * (a burst ended; a small install is written at once). After a pass that left more
         * metrics than it wrote the worker rests until the next is worth it: the idle wait or
         * a quarter of the batch time passes, whichever is longer, it gets quiet, arrivals
         * reach twice the metrics waiting (a burst), or a barrier asks.
         *
         * <p>Why a quarter of the batch time: a pass looks at every metric in the cache, and
         * with batching that is the whole fleet (100,000 metrics hold points while they wait);
         * passing every second to find the twentieth of them that came due cost more CPU than
         * the writes it saved (steady-bench.sh, batchSeconds 20: the scan was most of the
         * persister's time). A point then waits at most about 1.25 times the batch time.
         */
        void loop() {
            while (running) {
                List<CompletableFuture<Boolean>> answering;
                synchronized (signal) {
                    answering = requested;
                    requested = new ArrayList<>();
                    passWanted = false;
                }
                long before = stats.committedPoints();
                long arrivals = cache.arrivals();
                boolean urgent = batchNanos == 0 || !answering.isEmpty() || quiet
                        || cache.size() * 2 >= cache.maxPoints();
                quiet = false;
                Pass pass = pass(urgent);
                boolean complete = pass == Pass.COMPLETE || pass == Pass.DEFERRED;
                if (pass == Pass.DEFERRED) {
                    synchronized (signal) {
                        answering.addAll(requested); // answered by the pass that ends it all
                        requested = answering;
                    }
                } else {
                    answering.forEach(future -> future.complete(pass == Pass.COMPLETE));
                }
                try {
                    if (pass != Pass.DEFERRED && !urgent && young > written && running) {
                        rest();
                        continue;
                    }
                    boolean idle = stats.committedPoints() == before || !complete;
                    if (idle && running) {
                        idle(arrivals, complete);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
            synchronized (signal) {
                // stop() will flush on its own thread: answer once that is done
                runTasks();
                List<CompletableFuture<Boolean>> left = requested;
                requested = new ArrayList<>();
                left.forEach(future -> future.complete(pass(true) == Pass.COMPLETE));
            }
        }

        /** Waits between batching passes; see {@link #loop}. */
        private void rest() throws InterruptedException {
            long start = System.nanoTime();
            long seen = cache.arrivals();
            long first = seen;
            long lastArrival = start;
            while (running && !passWanted && !hasTasks) {
                synchronized (signal) {
                    if (!passWanted && !hasTasks && running) {
                        signal.wait(REST_STEP_MILLIS);
                    }
                }
                long now = System.nanoTime();
                long arrivals = cache.arrivals();
                if (arrivals != seen) {
                    seen = arrivals;
                    lastArrival = now;
                } else if (now - lastArrival >= QUIET_NANOS) {
                    quiet = true;
                    return;
                }
                if (arrivals - first >= 2L * cache.metricCount()
                        || cache.size() * 2 >= cache.maxPoints()
                        || now - start >= Math.max(idleWait.toNanos(), batchNanos / 4)) {
                    return;
                }
            }
        }

        /**
         * Sleeps after a pass that wrote nothing: until a point arrives (then a short
         * {@value #GATHER_MILLIS} ms more, so that a burst is written in few updates and a
         * worker woken by points of another shard does not spin), a pass is requested, or the
         * idle wait ends. After a failed pass (a full disk) it waits the whole idle wait.
         */
        private void idle(long arrivals, boolean complete) throws InterruptedException {
            if (!complete) {
                synchronized (signal) {
                    if (requested.isEmpty() && running && !hasTasks) {
                        signal.wait(idleWait.toMillis());
                    }
                }
                return;
            }
            if (cache.awaitArrival(arrivals, idleWait.toMillis(),
                    () -> passWanted || !running || hasTasks)) {
                synchronized (signal) {
                    if (requested.isEmpty() && running && !hasTasks) {
                        signal.wait(GATHER_MILLIS);
                    }
                }
            }
        }

        /**
         * Writes the queued points of this worker's metrics, creating at most
         * {@link #createsPerPass} files: the metrics still without one wait in the cache for
         * the next pass, so a burst of new names does not hold up the points of the others.
         * Not {@link Pass#COMPLETE} when some could not be written: failed, or waiting (held
         * with their points pending, or a new file deferred by a quota), or deferred here.
         */
        Pass pass(boolean urgent) {
            int failed = 0;
            int waiting = 0;
            int created = 0;
            boolean deferred = false;
            written = 0;
            young = 0;
            long dueBefore = System.nanoTime() - batchNanos;
            String lastError = null;
            if (hasTasks) {
                runTasks();
            }
            for (String metric : cache.metrics()) {
                if (hasTasks) {
                    runTasks();
                }
                if (!owns(metric)) {
                    continue;
                }
                if (!held.isEmpty()) {
                    Boolean pending = held.get(metric);
                    if (pending != null) {
                        waiting += pending && cache.queued(metric) > 0 ? 1 : 0;
                        continue;
                    }
                }
                if (created >= createsPerPass && writer.mustCreate(metric)) {
                    deferred = true;
                    continue;
                }
                SortedPoints points = urgent ? cache.takeSorted(metric)
                        : cache.takeSortedIfDue(metric, DUE_POINTS, dueBefore);
                if (points == MetricCache.YOUNG) {
                    young++;
                    continue;
                }
                if (points == null) {
                    continue;
                }
                long now = settings.clock().millis();
                if (quarantine.holds(metric, now)) {
                    failed += setAside(metric, points) ? 0 : 1;
                    continue;
                }
                try {
                    if (writer.write(metric, points)) {
                        created++;
                    }
                    cache.written(metric);
                    written++;
                    if (quarantine.succeeded(metric, now)) {
                        LOG.info(metric + ": written again; no longer set aside");
                    }
                } catch (CreateDeferred e) {
                    cache.retry(metric);
                    waiting++;
                } catch (WriteFailure e) {
                    lastError = e.getMessage();
                    boolean aside = !e.retryable()
                            || quarantine.failed(metric, now, diskHasRoom());
                    if (!aside) {
                        cache.retry(metric);
                        failed++;
                        continue;
                    }
                    if (quarantine.hold(metric, e.getMessage(), e.retryable(), now)) {
                        stats.setAside();
                        LOG.warning("setting " + metric + " aside: " + e.getMessage() + "; its"
                                + " points go to " + deadLetters.directory().resolve(
                                        DeadLetters.POINTS) + (e.retryable() ? " (tried again"
                                        + " later)" : "") + "; further ones are counted");
                        deadLetters.quarantined(metric, e.getMessage(),
                                settings.clock().instant());
                    }
                    failed += setAside(metric, points) ? 0 : 1;
                }
            }
            if (failed > 0) {
                failing = true;
                logRarely("could not write " + failed + " metrics, their points stay in the"
                        + " cache and are retried: " + lastError);
            } else if (failing) {
                failing = false;
                LOG.info("writing whisper files works again; the retried points are on disk");
            }
            if (failed > 0 || waiting > 0) {
                return Pass.FAILED;
            }
            return deferred ? Pass.DEFERRED : Pass.COMPLETE;
        }

        /** Puts the points in the dead letters; false (they stay queued) if that failed. */
        private boolean setAside(String metric, SortedPoints points) {
            try {
                if (deadLetters.write(metric, points)) {
                    stats.deadLettered(points.size());
                } else {
                    logRarely("the dead-letter directory " + deadLetters.directory() + " is"
                            + " full: dropped " + points.size() + " points of " + metric);
                }
                cache.written(metric);
                return true;
            } catch (IOException e) {
                cache.retry(metric);
                logRarely("cannot write " + deadLetters.directory() + ": " + e
                        + "; the points of " + metric + " stay in the cache");
                return false;
            }
        }

        private void logRarely(String message) {
            long now = System.nanoTime();
            if (lastErrorLog == 0 || now - lastErrorLog > 10_000_000_000L) {
                lastErrorLog = now;
                LOG.warning(message + " (repeats are counted, not logged, for 10 s)");
            }
        }
    }

    private boolean diskHasRoom() {
        try {
            return java.nio.file.Files.getFileStore(settings.whisperRoot()).getUsableSpace()
                    > LOW_SPACE_BYTES;
        } catch (IOException | RuntimeException e) {
            return false; // unknown: do not blame the metric
        }
    }

    /** A new file the create gate does not allow yet: its points wait in the cache. */
    static final class CreateDeferred extends Exception {
        CreateDeferred(String metric) {
            super(metric + ": creation deferred by a quota's rate", null, false, false);
        }
    }

    /** A write that failed; {@link #retryable} when it may work later (I/O, disk full). */
    static final class WriteFailure extends Exception {
        private final boolean retryable;

        WriteFailure(String message, Throwable cause) {
            super(message, cause);
            this.retryable = hasIoCause(cause);
        }

        boolean retryable() {
            return retryable;
        }

        private static boolean hasIoCause(Throwable cause) {
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof IOException) {
                    return true;
                }
            }
            return false;
        }
    }
}
