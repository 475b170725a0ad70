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
import org.dkumonitor.server.whisper.WhisperFile;

/**
 * Moves points from the cache to whisper files.
 *
 * <p>Workers each own a shard of the metrics (by hash of the name, so one metric is never
 * written by two threads; the cache keeps one queue per shard) and loop over passes: a pass
 * takes the shard's due metrics from the head of its queue and writes each one's points with
 * one {@code update_many}. Without batching every queued metric is due; with it, a metric is
 * due once it holds {@value #DUE_POINTS} points or its oldest waited the batch time (see
 * {@link Worker#loop}). An idle worker sleeps until a point arrives (then
 * {@value #GATHER_MILLIS} ms more, so that a burst starts with a few points per update) or for
 * at most the flush interval.
 *
 * <p>Between two writes of a metric the worker keeps its file's layout (header, archive bases,
 * inode and size) in the metric's cache entry, so that the next write opens the file without
 * reading its header again (see {@link WhisperFile.Layout}).
 *
 * <p>A missing file is created from the schema and aggregation rules in force at that moment;
 * a pass creates at most {@value #CREATES_PER_PASS} and sets the other new metrics aside (their
 * points stay in the cache, readable) for the next passes, which create them first, so that a
 * burst of 100,000 new names does not hold up the points of existing metrics until all their
 * files exist (it held the soak's canary 20 s from disk); no point is dropped (carbon keeps
 * them in its cache too, and creates at MAX_CREATES_PER_MINUTE).
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
    /**
     * With batching, the points that make a metric due before the batch time: a fleet sending
     * every 10 s is written three points at a time, 20 s after the first.
     */
    static final int DUE_POINTS = 3;
    /** With batching, how long without any arrival makes everything due (a burst ended). */
    private static final long QUIET_NANOS = 150_000_000L;
    private static final long REST_STEP_MILLIS = 25;
    /** How long a metric's cache entry outlives its last point (one that stopped sending). */
    private static final long ENTRY_IDLE_NANOS = 120_000_000_000L;

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
        cache.queueFor(workerCount, DUE_POINTS);
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
     * Completes with true once every point queued before this call is on disk, written as
     * batching writes it rather than at once, or with false when a pass could not write some
     * of them: for the write-ahead log's periodic checkpoint, which may wait a batch time, so
     * that it does not write every metric's first points every minute (a third more updates
     * for a fleet sending every 10 s). Without batching, or when the workers are not running,
     * as {@link #barrier}.
     */
    public CompletableFuture<Boolean> settled() {
        if (!running || batchNanos == 0) {
            return barrier();
        }
        List<CompletableFuture<Boolean>> parts = new ArrayList<>();
        for (Worker worker : workers) {
            parts.add(worker.requestSettled());
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
                        cache.forgetMemo(metric); // the file may change under the hold
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
        /** Nothing arrived for a while: the next pass writes everything. */
        private boolean quiet;
        /** Set by {@link #wake}: a rest ends (a hold was released). */
        private volatile boolean woken;
        /** Entries taken while their metric was held: queued again once it is not. */
        private final List<MetricCache.Entry> parked = new ArrayList<>();
        /** Entries taken whose file a pass had no share left to create: first next pass. */
        private final java.util.ArrayDeque<MetricCache.Entry> toCreate =
                new java.util.ArrayDeque<>();
        private long lastSweep = System.nanoTime();
        /** {@link #settled} requests not yet seen by the worker, and those it watches. */
        private final ConcurrentLinkedQueue<CompletableFuture<Boolean>> settleRequests =
                new ConcurrentLinkedQueue<>();
        private final List<Settling> settling = new ArrayList<>();

        Worker(int index, int count, WhisperWriter writer) {
            this.index = index;
            this.count = count;
            this.writer = writer;
        }

        boolean owns(String metric) {
            return MetricCache.shardOf(metric, count) == index;
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

        /** A {@link #settled} request and the shard's sequence when the worker took it. */
        private record Settling(CompletableFuture<Boolean> done, long upTo) {
        }

        CompletableFuture<Boolean> requestSettled() {
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            settleRequests.add(done);
            return done;
        }

        /**
         * Between two passes (none of this shard's metrics is being written): takes the new
         * {@link #settled} requests with the shard's sequence now, and answers those whose
         * metrics have all been written since (false after a pass that left points unwritten).
         */
        private void settle(Pass pass) {
            for (CompletableFuture<Boolean> done; (done = settleRequests.poll()) != null; ) {
                settling.add(new Settling(done, cache.sequence(index)));
            }
            if (settling.isEmpty()) {
                return;
            }
            if (pass == Pass.FAILED) {
                settling.forEach(request -> request.done().complete(false));
                settling.clear();
                return;
            }
            long oldest = toCreate.isEmpty() ? cache.oldestQueuedSequence(index)
                    : Long.MIN_VALUE;
            settling.removeIf(request -> {
                if (oldest > request.upTo()) {
                    request.done().complete(true);
                    return true;
                }
                return false;
            });
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
            woken = true;
            synchronized (signal) {
                signal.notifyAll();
            }
            cache.wakeWaiters();
        }

        /**
         * Passes until stopped. With batching, a pass that is not urgent writes only the
         * metrics that are due (their oldest point waited the batch time), taken from the head
         * of this shard's queue, which the cache keeps in arrival order: a fleet sending every
         * 10 s gets several points per update instead of one, fewer system calls per point,
         * and no pass looks at metrics that are not due. Urgent, it writes everything queued:
         * a barrier (checkpoint, stop), a cache half full, or a quiet spell of
         * {@value #QUIET_NANOS} ns without any arrival (a burst ended; a small install is
         * written at once). Between batching passes the worker rests until the next metric
         * comes due ({@link #rest}).
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
                woken = false;
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
                settle(pass);
                sweepIdleEntries();
                try {
                    if (pass == Pass.DEFERRED) {
                        continue;
                    }
                    if (batchNanos > 0 && complete && running) {
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
                for (CompletableFuture<Boolean> done; (done = settleRequests.poll()) != null; ) {
                    left.add(done);
                }
                settling.forEach(request -> left.add(request.done()));
                settling.clear();
                left.forEach(future -> future.complete(pass(true) == Pass.COMPLETE));
            }
        }

        /** Drops, once a minute, the cache entries of this shard's metrics that stopped. */
        private void sweepIdleEntries() {
            long now = System.nanoTime();
            if (now - lastSweep >= ENTRY_IDLE_NANOS / 2) {
                lastSweep = now;
                cache.sweepIdle(index, now - ENTRY_IDLE_NANOS);
            }
        }

        /**
         * Waits between batching passes: until the shard's next metric is due, a pass is asked
         * for, a hold is released, the cache is half full, or nothing arrived for
         * {@value #QUIET_NANOS} ns while points wait (then everything is written). With
         * nothing queued it sleeps until a point arrives or the idle wait ends.
         */
        private void rest() throws InterruptedException {
            long seen = cache.arrivals();
            long lastArrival = System.nanoTime();
            while (running && !passWanted && !hasTasks && !woken) {
                java.util.OptionalLong due = cache.dueIn(index, batchNanos);
                long dueIn = due.orElse(Long.MAX_VALUE);
                if (dueIn == 0 || cache.size() * 2 >= cache.maxPoints()) {
                    return;
                }
                if (due.isEmpty()) {
                    if (!cache.awaitArrival(seen, idleWait.toMillis(),
                            () -> passWanted || !running || hasTasks || woken)) {
                        return;
                    }
                    seen = cache.arrivals();
                    lastArrival = System.nanoTime();
                    continue;
                }
                synchronized (signal) {
                    if (!passWanted && !hasTasks && !woken && running) {
                        signal.wait(Math.max(1, Math.min(REST_STEP_MILLIS,
                                java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(dueIn))));
                    }
                }
                long arrivals = cache.arrivals();
                long now = System.nanoTime();
                if (arrivals != seen) {
                    seen = arrivals;
                    lastArrival = now;
                } else if (now - lastArrival >= QUIET_NANOS) {
                    quiet = true;
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
            Tally tally = new Tally();
            long dueBefore = System.nanoTime() - batchNanos;
            long drainUpTo = urgent ? cache.sequence(index) : Long.MIN_VALUE;
            if (hasTasks) {
                runTasks();
            }
            tally.waiting += unpark(tally.back);
            cache.putBack(index, tally.back); // released: written in this pass
            tally.back.clear();
            // new files left by the last pass first, so that a burst of them gets done
            while (tally.created < createsPerPass && !toCreate.isEmpty()) {
                writeEntry(toCreate.pollFirst(), tally);
            }
            MetricCache.Entry entry;
            while ((entry = cache.pollDue(index, dueBefore, drainUpTo)) != null) {
                if (tally.created >= createsPerPass && entry.memo() == null
                        && writer.mustCreate(entry.name())) {
                    toCreate.addLast(entry); // taken until its file is made: looked at once
                    continue;
                }
                writeEntry(entry, tally);
            }
            cache.putBack(index, tally.back);
            if (tally.failed > 0) {
                failing = true;
                logRarely("could not write " + tally.failed + " metrics, their points stay in"
                        + " the cache and are retried: " + tally.lastError);
            } else if (failing) {
                failing = false;
                LOG.info("writing whisper files works again; the retried points are on disk");
            }
            if (tally.failed > 0 || tally.waiting > 0) {
                return Pass.FAILED;
            }
            return toCreate.isEmpty() ? Pass.COMPLETE : Pass.DEFERRED;
        }

        /** What a pass did: counts, and the entries it gives back to the queue. */
        private static final class Tally {
            int failed;
            int waiting;
            int created;
            String lastError;
            final List<MetricCache.Entry> back = new ArrayList<>();
        }

        /** Writes one taken entry's points, or parks, puts back or sets it aside. */
        private void writeEntry(MetricCache.Entry entry, Tally tally) {
            if (hasTasks) {
                runTasks();
            }
            String metric = entry.name();
            if (!held.isEmpty()) {
                Boolean pending = held.get(metric);
                if (pending != null) {
                    parked.add(entry);
                    tally.waiting += pending && entry.queuedCount() > 0 ? 1 : 0;
                    return;
                }
            }
            SortedPoints points = entry.takeSorted();
            if (points == null) {
                entry.release();
                return;
            }
            long now = settings.clock().millis();
            if (quarantine.holds(metric, now)) {
                tally.failed += setAside(entry, points, tally.back) ? 0 : 1;
                return;
            }
            try {
                if (writer.write(metric, points,
                        entry.memo() instanceof WhisperFile.Layout known ? known : null)) {
                    tally.created++;
                }
                entry.memo(writer.lastLayout());
                entry.written();
                if (quarantine.succeeded(metric, now)) {
                    LOG.info(metric + ": written again; no longer set aside");
                }
            } catch (CreateDeferred e) {
                entry.retry();
                tally.back.add(entry);
                tally.waiting++;
            } catch (WriteFailure e) {
                tally.lastError = e.getMessage();
                boolean aside = !e.retryable()
                        || quarantine.failed(metric, now, diskHasRoom());
                if (!aside) {
                    entry.retry();
                    tally.back.add(entry);
                    tally.failed++;
                    return;
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
                tally.failed += setAside(entry, points, tally.back) ? 0 : 1;
            }
        }

        /**
         * Moves the parked entries whose metric is no longer held to {@code back} (queued
         * again, first); returns how many still held keep points a barrier waits for.
         */
        private int unpark(List<MetricCache.Entry> back) {
            int waiting = 0;
            for (java.util.Iterator<MetricCache.Entry> it = parked.iterator(); it.hasNext(); ) {
                MetricCache.Entry entry = it.next();
                Boolean pending = held.get(entry.name());
                if (pending == null) {
                    it.remove();
                    back.add(entry);
                } else if (pending && entry.queuedCount() > 0) {
                    waiting++;
                }
            }
            return waiting;
        }

        /**
         * Puts the points in the dead letters; false (they stay queued, the entry goes to
         * {@code back}) if that failed.
         */
        private boolean setAside(MetricCache.Entry entry, SortedPoints points,
                List<MetricCache.Entry> back) {
            String metric = entry.name();
            try {
                if (deadLetters.write(metric, points)) {
                    stats.deadLettered(points.size());
                } else {
                    logRarely("the dead-letter directory " + deadLetters.directory() + " is"
                            + " full: dropped " + points.size() + " points of " + metric);
                }
                entry.written();
                return true;
            } catch (IOException e) {
                entry.retry();
                back.add(entry);
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
