package org.dkumonitor.server.cache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.dkumonitor.server.whisper.SortedPoints;
import org.dkumonitor.server.whisper.TimeSeriesPoint;

/**
 * Points received and not yet written to disk, per metric.
 *
 * <p>Readers see every point until it is on disk: the persister {@link #take}s a metric's points
 * (they stay visible as "in flight", go-carbon's notConfirmed list) and calls {@link #written}
 * once the whisper write returns, or {@link #retry} when it failed and must be tried again.
 *
 * <p>Memory is bounded: once {@link #maxPoints} points are held, {@link #add} blocks the calling
 * receiver until the persister has written some out. A receiver that blocks stops reading its
 * socket, so senders slow down through TCP flow control instead of points being dropped (Python
 * carbon's USE_FLOW_CONTROL; go-carbon drops instead). Points are kept in blocks of primitive
 * arrays, 12 bytes a point, so the bound is close to the memory it costs, and the blocks of
 * written points are reused ({@link BlockPool}), so a busy cache makes little garbage.
 *
 * <p>Once a persister {@link #queueFor}s it, the cache also keeps, per shard of the metrics,
 * the metrics with queued points in the order their oldest point arrived ({@link DueQueue}),
 * so that the persister takes the ones that are due ({@link #pollDue}) without looking at the
 * others, and keeps a metric's entry (its blocks of points included) between writes, so that a
 * fleet sending every 10 s does not make and drop an entry per metric and write: such entries
 * live seconds, long enough to be promoted, and filled the old generation. Entries left
 * without points are dropped after a while ({@link #sweepIdle}).
 */
public final class MetricCache {

    private final ConcurrentHashMap<String, Entry> byMetric = new ConcurrentHashMap<>();
    /** Per shard, the metrics with queued points; none until a persister asks for them. */
    private volatile DueQueue[] queues = new DueQueue[0];
    /** Points that make a queued metric due at once (see {@link #queueFor}). */
    private volatile int fullPoints = Integer.MAX_VALUE;
    /**
     * The names of {@link #byMetric}, sorted, so that a find walks them as a tree instead of
     * matching every one; changed only inside the map's per-key functions, so it follows them.
     */
    private final ConcurrentSkipListSet<String> names = new ConcurrentSkipListSet<>();
    /** Points ever added and ever written out: their difference is the size. */
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong removed = new AtomicLong();
    private final Object arrival = new Object();
    private volatile int arrivalWaiters;
    private final long maxPoints;
    private final BlockPool pool;
    private final ReentrantLock roomLock = new ReentrantLock();
    private final Condition room = roomLock.newCondition();
    private final AtomicLong fullWaits = new AtomicLong();
    private final AtomicLong shed = new AtomicLong();
    private final boolean shedWhenFull;
    private volatile int waiting;

    /** A cache without a bound (tests, tools). */
    public MetricCache() {
        this(Long.MAX_VALUE);
    }

    public MetricCache(long maxPoints) {
        this(maxPoints, false);
    }

    /**
     * With {@code shedWhenFull}, a full cache leaves new points out instead of making the
     * receivers wait: for a store whose write-ahead log is itself the queue (ClickHouse), where
     * the cache only lets points be read before they are stored.
     */
    public MetricCache(long maxPoints, boolean shedWhenFull) {
        this.shedWhenFull = shedWhenFull;
        if (maxPoints <= 0) {
            throw new IllegalArgumentException("maxPoints must be positive, found " + maxPoints);
        }
        this.maxPoints = maxPoints;
        // free blocks kept for reuse: up to a quarter of a full cache, at most 2 MiB of points
        // (what a pass frees and the receivers take again; a pool of 16 MiB stayed full, and
        // resident, after 100,000 metrics had each held a block once)
        this.pool = new BlockPool((int) Math.min(maxPoints / 4 / BlockPool.POINTS,
                2L * 1024 * 1024 / (12 * BlockPool.POINTS)));
    }

    /** Adds a point, first waiting while the cache is full. */
    public void add(String metric, long timestamp, double value) {
        awaitRoom();
        addNow(metric, timestamp, value);
    }

    /** Points to add together: what a receiver hands over after one read of its socket. */
    public interface Batch {
        int size();

        String name(int index);

        long timestamp(int index);

        double value(int index);
    }

    /**
     * Adds a receiver's batch, first waiting while the cache is full: the bound is checked once
     * per batch, so it may be passed by one batch per receiver.
     */
    public void addAll(Batch batch) {
        int count = batch.size();
        if (count == 0) {
            return;
        }
        if (shedWhenFull && size() >= maxPoints) {
            shed.addAndGet(count);
            return;
        }
        awaitRoom();
        for (int i = 0; i < count; i++) {
            put(batch.name(i), batch.timestamp(i), batch.value(i));
        }
        arrived(count);
    }

    /**
     * Adds a point even when the cache is full: for replaying the write-ahead log and for the
     * server's own metrics, which must never wait on the receivers' bound.
     */
    public void addNow(String metric, long timestamp, double value) {
        put(metric, timestamp, value);
        arrived(1);
    }

    private void put(String metric, long timestamp, double value) {
        Entry entry = byMetric.get(metric);
        int queuedNow;
        while (true) {
            if (entry == null) {
                entry = byMetric.computeIfAbsent(metric, name -> {
                    names.add(name);
                    return new Entry(name);
                });
            }
            queuedNow = entry.add(timestamp, value);
            if (queuedNow > 0) {
                break;
            }
            entry = null; // removed by written() in between: make a new one
        }
        int state = entry.state;
        if (state == Entry.QUEUED && queuedNow != fullPoints) {
            return;
        }
        DueQueue[] shards = queues;
        if (shards.length > 0) {
            DueQueue shard = shards[shardOf(metric, shards.length)];
            if (state == Entry.QUEUED) {
                shard.promote(entry);
            } else {
                shard.linkIfIdle(entry);
            }
        }
    }

    private void arrived(int count) {
        added.addAndGet(count);
        if (arrivalWaiters > 0) {
            synchronized (arrival) {
                arrival.notifyAll();
            }
        }
    }

    /** How many points were ever added: what {@link #awaitArrival} compares against. */
    public long arrivals() {
        return added.get();
    }

    /**
     * Waits until a point is added after {@code seen} ({@link #arrivals} read earlier),
     * {@code stop} answers true or the timeout passes; true when a point arrived. The persister
     * sleeps here when idle, so that the first point after a quiet spell is written at once, not
     * a flush interval later. Whoever makes {@code stop} true calls {@link #wakeWaiters} after.
     */
    public boolean awaitArrival(long seen, long timeoutMillis, BooleanSupplier stop)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (arrival) {
            arrivalWaiters++;
            try {
                while (added.get() == seen) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0 || stop.getAsBoolean()) {
                        return false;
                    }
                    arrival.wait(left);
                }
                return true;
            } finally {
                arrivalWaiters--;
            }
        }
    }

    /** Wakes threads in {@link #awaitArrival} (a barrier or a stop wants a pass now). */
    public void wakeWaiters() {
        synchronized (arrival) {
            arrival.notifyAll();
        }
    }

    /** Blocks while the cache holds {@link #maxPoints} points or more. */
    public void awaitRoom() {
        if (size() < maxPoints) {
            return;
        }
        fullWaits.incrementAndGet();
        roomLock.lock();
        try {
            waiting++;
            while (size() >= maxPoints) {
                room.await(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting--;
            roomLock.unlock();
        }
    }

    /** Points held, written or not. */
    public long size() {
        long out = removed.get(); // first: never more removed than added, never negative
        return added.get() - out;
    }

    public long maxPoints() {
        return maxPoints;
    }

    /** Points left out of a full cache that sheds (they are still in the log). */
    public long shedPoints() {
        return shed.get();
    }

    /** How many times a receiver had to wait for room. */
    public long fullWaits() {
        return fullWaits.get();
    }

    /** Metrics that have points in the cache, queued or in flight, sorted by name. */
    public NavigableSet<String> metrics() {
        return Collections.unmodifiableNavigableSet(names);
    }

    /**
     * How many metrics have an entry in the cache (cheaper than {@code metrics().size()}): with
     * points, or, once queued for a persister, written within the last minutes.
     */
    public int metricCount() {
        return byMetric.size();
    }

    /** How many metrics have points in the cache, queued or being written (carbon's queues). */
    public int metricsWithPoints() {
        DueQueue[] shards = queues;
        if (shards.length == 0) {
            return byMetric.size();
        }
        int count = 0;
        for (DueQueue shard : shards) {
            count += shard.active();
        }
        return count;
    }

    /** How many points of the metric are queued (not in flight). */
    public int queued(String metric) {
        Entry entry = byMetric.get(metric);
        return entry == null ? 0 : entry.queuedCount();
    }

    /**
     * Takes the metric's queued points for writing, one per timestamp (the last received wins),
     * oldest first. They stay readable until {@link #written} or {@link #retry} is called. Empty
     * when nothing is queued or a write of this metric is already in flight.
     */
    public List<TimeSeriesPoint> take(String metric) {
        Entry entry = byMetric.get(metric);
        return entry == null ? List.of() : entry.take();
    }

    /**
     * As {@link #take}, as arrays: what the persister uses, without an object per point. Null
     * when nothing is queued or a write of this metric is already in flight.
     */
    public SortedPoints takeSorted(String metric) {
        Entry entry = byMetric.get(metric);
        return entry == null ? null : entry.takeSorted();
    }

    /**
     * Marks the metric's queued points as being written, as {@link #take} does, without
     * copying or sorting them; false when nothing is queued or a write is already in flight.
     * They stay readable until {@link #written}.
     */
    public boolean seal(String metric) {
        Entry entry = byMetric.get(metric);
        return entry != null && entry.seal();
    }

    /** The points last taken for the metric are on disk now. */
    public void written(String metric) {
        int[] removedCount = new int[1];
        byMetric.computeIfPresent(metric, (name, entry) -> {
            removedCount[0] = entry.finishWrite();
            if (entry.retireIfEmpty()) {
                names.remove(name);
                return null;
            }
            return entry;
        });
        pointsLeft(removedCount[0]);
    }

    /** Counts points gone from the cache and wakes receivers waiting for room. */
    private void pointsLeft(int count) {
        if (count > 0) {
            removed.addAndGet(count);
            if (waiting > 0) {
                roomLock.lock();
                try {
                    room.signalAll();
                } finally {
                    roomLock.unlock();
                }
            }
        }
    }

    /** The points last taken could not be written: queue them again, ahead of newer ones. */
    public void retry(String metric) {
        Entry entry = byMetric.get(metric);
        if (entry != null) {
            entry.retry();
        }
    }

    /**
     * Takes every point of the metric out of the cache, queued and in flight, and returns them
     * in arrival order: for a delete (they are dropped) or a rename (they move to the new name).
     * The metric's writer must be held meanwhile (see the persister's hold), so no write of
     * these points is in flight. Points that arrive afterwards start a new entry.
     */
    public List<TimeSeriesPoint> remove(String metric) {
        AtomicReference<List<TimeSeriesPoint>> taken = new AtomicReference<>(List.of());
        byMetric.computeIfPresent(metric, (name, entry) -> {
            taken.set(entry.retire());
            names.remove(name);
            return null;
        });
        pointsLeft(taken.get().size());
        return taken.get();
    }

    /**
     * Drops the metric's entry if it holds no point and no write of it is under way (its file
     * was removed): true when it did or there was none.
     */
    public boolean dropIfIdle(String metric) {
        boolean[] kept = new boolean[1];
        byMetric.computeIfPresent(metric, (name, entry) -> {
            if (entry.retireIfIdleSince(System.nanoTime() + 1)) {
                names.remove(name);
                return null;
            }
            kept[0] = true;
            return entry;
        });
        return !kept[0];
    }

    /** Drops what the persister kept of the metric's store ({@link Entry#memo}). */
    public void forgetMemo(String metric) {
        Entry entry = byMetric.get(metric);
        if (entry != null) {
            entry.memo(null);
        }
    }

    /** Every point of the metric not yet on disk, in arrival order. */
    public List<TimeSeriesPoint> read(String metric) {
        Entry entry = byMetric.get(metric);
        return entry == null ? List.of() : entry.snapshot();
    }

    /** How many blocks of points lie ready for reuse (tests). */
    int freeBlocks() {
        return pool.freeBlocks();
    }

    // ---- the persister's side: shards of metrics queued by due time ----

    /**
     * Keeps, from now on, {@code shardCount} queues of the metrics with queued points (a
     * metric's shard: {@link #shardOf}), for a persister whose workers each own one; a metric
     * that gathers {@code fullPoints} points is due at once, whatever its age. The points
     * already held are queued too. Called once, before the persister starts.
     */
    public synchronized void queueFor(int shardCount, int fullPoints) {
        if (shardCount < 1 || fullPoints < 1) {
            throw new IllegalArgumentException("shards and points must be at least 1, found "
                    + shardCount + " and " + fullPoints);
        }
        DueQueue[] shards = new DueQueue[shardCount];
        for (int i = 0; i < shardCount; i++) {
            shards[i] = new DueQueue();
        }
        this.fullPoints = fullPoints;
        queues = shards;
        for (Entry entry : byMetric.values()) {
            shards[shardOf(entry.name, shardCount)].linkIfIdle(entry);
        }
    }

    /** The shard of a metric among {@code shardCount}: by the hash of its name. */
    public static int shardOf(String metric, int shardCount) {
        return shardCount == 1 ? 0 : Math.floorMod(metric.hashCode(), shardCount);
    }

    /**
     * Takes the shard's next metric that is due: its oldest queued point arrived before
     * {@code queuedBeforeNanos} ({@link System#nanoTime}), or it was queued before the shard's
     * {@link #sequence} passed {@code sequenceLimit}. Null when the next one is not due (or
     * none is queued). The caller owns the entry until it calls {@link Entry#written},
     * {@link Entry#release} or hands it to {@link #putBack}.
     */
    public Entry pollDue(int shard, long queuedBeforeNanos, long sequenceLimit) {
        return queues[shard].pollDue(queuedBeforeNanos, sequenceLimit);
    }

    /** How many times metrics were queued in the shard: a bound for a pass that drains it. */
    public long sequence(int shard) {
        return queues[shard].sequence();
    }

    /**
     * How long until the shard's next metric is due when a metric is due {@code batchNanos}
     * after its oldest point arrived: 0 when one is due now, empty when none is queued.
     */
    public OptionalLong dueIn(int shard, long batchNanos) {
        return queues[shard].dueIn(batchNanos, System.nanoTime());
    }

    /**
     * The smallest {@link #sequence} among the shard's queued metrics, {@link Long#MAX_VALUE}
     * when none is queued: once it passes a sequence read earlier (between two passes of the
     * worker, when none of its metrics is being written), every metric queued then has been
     * written since.
     */
    public long oldestQueuedSequence(int shard) {
        return queues[shard].oldestSequence();
    }

    /**
     * Queues again, first and in their order, entries taken by {@link #pollDue} and not
     * written (a failed write, a deferred creation, a hold released): they are the oldest.
     */
    public void putBack(int shard, List<Entry> entries) {
        if (!entries.isEmpty()) {
            queues[shard].putBack(entries);
        }
    }

    /**
     * Drops the entries of the shard that have held no point since {@code idleSinceNanos}
     * (a metric that stopped sending); a new point makes a new one. Returns how many.
     */
    public int sweepIdle(int shard, long idleSinceNanos) {
        int shardCount = queues.length;
        int[] dropped = new int[1];
        for (String metric : byMetric.keySet()) {
            if (shardOf(metric, shardCount) != shard) {
                continue;
            }
            byMetric.computeIfPresent(metric, (name, entry) -> {
                if (entry.retireIfIdleSince(idleSinceNanos)) {
                    names.remove(name);
                    dropped[0]++;
                    return null;
                }
                return entry;
            });
        }
        return dropped[0];
    }

    /**
     * One shard's metrics with queued points, linked through the entries (no node per metric):
     * those queued in the order their oldest point arrived, and ahead of them those that
     * gathered {@link #fullPoints} points, which are due at once. An entry is IDLE (no queued
     * point, not linked), QUEUED (linked) or TAKEN (by the worker, between {@link #pollDue}
     * and its release); changes of state happen under this queue's lock, so a point added
     * while its entry is taken is queued when it is released.
     */
    private final class DueQueue {
        /** By arrival of their oldest point; doubly linked, so that one can leave for full. */
        private Entry head;
        private Entry tail;
        /** Those with {@link #fullPoints} points, in the order they got there. */
        private Entry fullHead;
        private Entry fullTail;
        private long sequence;
        /** Entries queued or taken: the metrics with points in this shard. */
        private int active;

        synchronized void linkIfIdle(Entry entry) {
            int queued = entry.queuedCount();
            if (entry.state == Entry.IDLE && !entry.isRetired() && queued > 0) {
                active++;
                entry.sequence = ++sequence;
                linkLast(entry);
                if (queued >= fullPoints) {
                    promote(entry); // filled while it was being written
                }
            }
        }

        private void linkLast(Entry entry) {
            entry.state = Entry.QUEUED;
            entry.full = false;
            entry.next = null;
            entry.prev = tail;
            if (tail == null) {
                head = entry;
            } else {
                tail.next = entry;
            }
            tail = entry;
        }

        private void linkFirst(Entry entry) {
            entry.state = Entry.QUEUED;
            entry.full = false;
            entry.prev = null;
            entry.next = head;
            if (head == null) {
                tail = entry;
            } else {
                head.prev = entry;
            }
            head = entry;
        }

        private void unlink(Entry entry) {
            if (entry.full) {
                fullHead = entry.next; // only ever the head of the full list leaves it
                if (fullHead == null) {
                    fullTail = null;
                }
            } else {
                if (entry.prev == null) {
                    head = entry.next;
                } else {
                    entry.prev.next = entry.next;
                }
                if (entry.next == null) {
                    tail = entry.prev;
                } else {
                    entry.next.prev = entry.prev;
                }
            }
            entry.next = null;
            entry.prev = null;
            entry.full = false;
        }

        /** The entry gathered enough points to be written now: ahead of the others. */
        synchronized void promote(Entry entry) {
            if (entry.state != Entry.QUEUED || entry.full) {
                return;
            }
            unlink(entry);
            entry.full = true;
            if (fullTail == null) {
                fullHead = entry;
            } else {
                fullTail.next = entry;
            }
            fullTail = entry;
        }

        synchronized Entry pollDue(long queuedBefore, long sequenceLimit) {
            while (fullHead != null || head != null) {
                Entry entry = fullHead != null ? fullHead : head;
                boolean retired = entry.isRetired();
                if (!retired && !entry.full && entry.sequence > sequenceLimit
                        && entry.queuedSince - queuedBefore >= 0) {
                    return null;
                }
                unlink(entry);
                if (retired) {
                    idle(entry);
                    continue;
                }
                entry.state = Entry.TAKEN;
                entry.queue = this;
                return entry;
            }
            return null;
        }

        synchronized long sequence() {
            return sequence;
        }

        /**
         * The FIFO is in sequence order (entries are linked with growing sequences, and one
         * put back goes first with the sequence it had, older than any linked after it), so
         * its head has its smallest; the full list, usually short, is looked through.
         */
        synchronized long oldestSequence() {
            long oldest = head == null ? Long.MAX_VALUE : head.sequence;
            for (Entry entry = fullHead; entry != null; entry = entry.next) {
                oldest = Math.min(oldest, entry.sequence);
            }
            return oldest;
        }

        synchronized OptionalLong dueIn(long batchNanos, long now) {
            if (fullHead != null) {
                return OptionalLong.of(0);
            }
            return head == null ? OptionalLong.empty()
                    : OptionalLong.of(Math.max(0, head.queuedSince + batchNanos - now));
        }

        synchronized void putBack(List<Entry> entries) {
            for (int i = entries.size() - 1; i >= 0; i--) {
                Entry entry = entries.get(i);
                if (entry.state != Entry.TAKEN) {
                    continue;
                }
                if (entry.isRetired() || entry.queuedCount() == 0) {
                    idle(entry);
                    continue;
                }
                linkFirst(entry);
            }
        }

        /** The worker is done with a taken entry: queued again if points came meanwhile. */
        synchronized void release(Entry entry) {
            if (entry.state != Entry.TAKEN) {
                return;
            }
            idle(entry);
            linkIfIdle(entry);
        }

        private void idle(Entry entry) {
            entry.state = Entry.IDLE;
            active--;
        }

        synchronized int active() {
            return active;
        }
    }

    /**
     * One metric's points: those queued and those being written (in flight). Two chains of
     * blocks reused from write to write; the first block of the queued chain stays with the
     * entry, so a metric with a point or two per write takes no block from the pool at all.
     */
    public final class Entry {
        static final int IDLE = 0;
        static final int QUEUED = 1;
        static final int TAKEN = 2;

        private final String name;
        private final Points queued = new Points();
        private final Points inFlight = new Points();
        private boolean flying;
        /** When the oldest queued point arrived, and that of the points in flight (nanoTime). */
        private volatile long queuedSince;
        private long flyingSince;
        /** When the last write of this entry ended (nanoTime), for {@link #sweepIdle}. */
        private long writtenAt = System.nanoTime();
        private boolean retired;
        /** What the persister keeps of this metric's store between writes (its thread only). */
        private Object memo;
        /** Guarded by the {@link DueQueue}'s lock, read without it by {@link #put}. */
        volatile int state = IDLE;
        long sequence;
        Entry next;
        Entry prev;
        boolean full;
        DueQueue queue;

        Entry(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        /**
         * What the persister kept of this metric's store after its last write (the whisper
         * file's layout), null when nothing; read and set by the worker that owns the metric.
         */
        public Object memo() {
            return memo;
        }

        public void memo(Object memo) {
            this.memo = memo;
        }

        /**
         * The points queued now, this one included; 0 when this entry was removed from the
         * map and must not be used.
         */
        synchronized int add(long timestamp, double value) {
            if (retired) {
                return 0;
            }
            if (queued.count == 0) {
                queuedSince = System.nanoTime();
            }
            queued.add(timestamp, value, pool);
            return queued.count;
        }

        synchronized boolean isRetired() {
            return retired;
        }

        public synchronized int queuedCount() {
            return queued.count;
        }

        synchronized List<TimeSeriesPoint> take() {
            if (flying || queued.count == 0) {
                return List.of();
            }
            moveQueuedInFlight();
            return inFlight.uniqueSorted();
        }

        synchronized boolean seal() {
            if (flying || queued.count == 0) {
                return false;
            }
            moveQueuedInFlight();
            return true;
        }

        /**
         * The queued points, oldest first, one per timestamp (the last received wins), now in
         * flight: readable until {@link #written} or {@link #retry}. Null when none are queued
         * or a write is already in flight.
         */
        public synchronized SortedPoints takeSorted() {
            if (flying || queued.count == 0) {
                return null;
            }
            moveQueuedInFlight();
            return inFlight.sorted();
        }

        private void moveQueuedInFlight() {
            flying = true;
            flyingSince = queuedSince;
            inFlight.append(queued);
        }

        /**
         * The points taken are on disk: they leave the cache; the entry stays for the
         * metric's next points and, when taken by {@link #pollDue}, is queued again if some
         * came meanwhile.
         */
        public void written() {
            int count;
            synchronized (this) {
                count = finishWrite();
                writtenAt = System.nanoTime();
            }
            pointsLeft(count);
            release();
        }

        /** Gives back an entry taken by {@link #pollDue} that had nothing to write. */
        public void release() {
            DueQueue owner = queue;
            if (owner != null) {
                owner.release(this);
            }
        }

        synchronized int finishWrite() {
            if (!flying) {
                return 0;
            }
            int count = inFlight.count;
            inFlight.releaseKeepingSpare(pool, queued);
            flying = false;
            return count;
        }

        /**
         * The points taken could not be written: queued again, ahead of newer ones. An entry
         * taken by {@link #pollDue} goes back to its queue through {@link #putBack}.
         */
        public synchronized void retry() {
            if (flying) {
                inFlight.append(queued);
                queued.append(inFlight);
                queuedSince = flyingSince;
                flying = false;
            }
        }

        /** Every point held, in arrival order; the entry is unusable afterwards. */
        synchronized List<TimeSeriesPoint> retire() {
            List<TimeSeriesPoint> all = snapshot();
            if (flying) {
                inFlight.release(pool);
                flying = false;
            }
            queued.release(pool);
            retired = true;
            return all;
        }

        synchronized boolean retireIfEmpty() {
            if (queued.count == 0 && !flying) {
                queued.release(pool);
                retired = true;
            }
            return retired;
        }

        synchronized boolean retireIfIdleSince(long idleSince) {
            if (state == IDLE && queued.count == 0 && !flying
                    && writtenAt - idleSince < 0) {
                queued.release(pool);
                retired = true;
            }
            return retired;
        }

        synchronized List<TimeSeriesPoint> snapshot() {
            List<TimeSeriesPoint> all = new ArrayList<>();
            if (flying) {
                inFlight.appendTo(all);
            }
            queued.appendTo(all);
            return all;
        }
    }
}
