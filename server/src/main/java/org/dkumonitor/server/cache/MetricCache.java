package org.dkumonitor.server.cache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 */
public final class MetricCache {

    private final ConcurrentHashMap<String, Pending> byMetric = new ConcurrentHashMap<>();
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
        Pending pending = byMetric.get(metric);
        while (true) {
            if (pending == null) {
                pending = byMetric.computeIfAbsent(metric, name -> {
                    names.add(name);
                    return new Pending();
                });
            }
            if (pending.add(timestamp, value)) {
                break;
            }
            pending = null; // removed by written() in between: make a new one
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

    /** How many metrics have points in the cache (cheaper than {@code metrics().size()}). */
    public int metricCount() {
        return byMetric.size();
    }

    /** How many points of the metric are queued (not in flight). */
    public int queued(String metric) {
        Pending pending = byMetric.get(metric);
        return pending == null ? 0 : pending.queuedCount();
    }

    /**
     * Takes the metric's queued points for writing, one per timestamp (the last received wins),
     * oldest first. They stay readable until {@link #written} or {@link #retry} is called. Empty
     * when nothing is queued or a write of this metric is already in flight.
     */
    public List<TimeSeriesPoint> take(String metric) {
        Pending pending = byMetric.get(metric);
        return pending == null ? List.of() : pending.take();
    }

    /**
     * As {@link #take}, as arrays: what the persister uses, without an object per point. Null
     * when nothing is queued or a write of this metric is already in flight.
     */
    public SortedPoints takeSorted(String metric) {
        Pending pending = byMetric.get(metric);
        return pending == null ? null : pending.takeSorted();
    }

    /**
     * What {@link #takeSortedIfDue} answers for a metric whose points are too few and too
     * recent to be written yet: compare by identity.
     */
    public static final SortedPoints YOUNG = new SortedPoints(new long[0], new double[0], 0);

    /**
     * As {@link #takeSorted}, but only when the metric is due: at least {@code points} points
     * queued, or its oldest queued point arrived before {@code queuedBeforeNanos}
     * ({@link System#nanoTime}). {@link #YOUNG} when it is not due yet.
     */
    public SortedPoints takeSortedIfDue(String metric, int points, long queuedBeforeNanos) {
        Pending pending = byMetric.get(metric);
        return pending == null ? null : pending.takeSortedIfDue(points, queuedBeforeNanos);
    }

    /**
     * Marks the metric's queued points as being written, as {@link #take} does, without
     * copying or sorting them; false when nothing is queued or a write is already in flight.
     * They stay readable until {@link #written}.
     */
    public boolean seal(String metric) {
        Pending pending = byMetric.get(metric);
        return pending != null && pending.seal();
    }

    /** The points last taken for the metric are on disk now. */
    public void written(String metric) {
        int[] removedCount = new int[1];
        byMetric.computeIfPresent(metric, (name, pending) -> {
            removedCount[0] = pending.finishWrite();
            if (pending.retireIfEmpty()) {
                names.remove(name);
                return null;
            }
            return pending;
        });
        if (removedCount[0] > 0) {
            removed.addAndGet(removedCount[0]);
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
        Pending pending = byMetric.get(metric);
        if (pending != null) {
            pending.requeue();
        }
    }

    /**
     * Takes every point of the metric out of the cache, queued and in flight, and returns them
     * in arrival order: for a delete (they are dropped) or a rename (they move to the new name).
     * The metric's writer must be held meanwhile (see the persister's hold), so no write of
     * these points is in flight. Points that arrive afterwards start a new entry.
     */
    public List<TimeSeriesPoint> remove(String metric) {
        java.util.concurrent.atomic.AtomicReference<List<TimeSeriesPoint>> taken =
                new java.util.concurrent.atomic.AtomicReference<>(List.of());
        byMetric.computeIfPresent(metric, (name, pending) -> {
            taken.set(pending.retire());
            return null;
        });
        if (taken.get().isEmpty()) {
            return List.of();
        }
        removed.addAndGet(taken.get().size());
        if (waiting > 0) {
            roomLock.lock();
            try {
                room.signalAll();
            } finally {
                roomLock.unlock();
            }
        }
        return taken.get();
    }

    /** Every point of the metric not yet on disk, in arrival order. */
    public List<TimeSeriesPoint> read(String metric) {
        Pending pending = byMetric.get(metric);
        return pending == null ? List.of() : pending.snapshot();
    }

    /** How many blocks of points lie ready for reuse (tests). */
    int freeBlocks() {
        return pool.freeBlocks();
    }

    /** One metric's points: a queue being filled and the batch being written. */
    private final class Pending {
        private final Points queued = new Points();
        private Points inFlight;
        /** When the oldest queued point arrived (nanoTime). */
        private long queuedSince;
        private boolean retired;

        /** False when this entry was removed from the map and must not be used. */
        synchronized boolean add(long timestamp, double value) {
            if (retired) {
                return false;
            }
            if (queued.count == 0) {
                queuedSince = System.nanoTime();
            }
            queued.add(timestamp, value, pool);
            return true;
        }

        synchronized int queuedCount() {
            return queued.count;
        }

        synchronized List<TimeSeriesPoint> take() {
            if (inFlight != null || queued.count == 0) {
                return List.of();
            }
            moveQueuedInFlight();
            return inFlight.uniqueSorted();
        }

        synchronized boolean seal() {
            if (inFlight != null || queued.count == 0) {
                return false;
            }
            moveQueuedInFlight();
            return true;
        }

        synchronized SortedPoints takeSorted() {
            if (inFlight != null || queued.count == 0) {
                return null;
            }
            moveQueuedInFlight();
            return inFlight.sorted();
        }

        synchronized SortedPoints takeSortedIfDue(int points, long queuedBefore) {
            if (inFlight != null || queued.count == 0) {
                return null;
            }
            if (queued.count < points && queuedSince - queuedBefore > 0) {
                return YOUNG;
            }
            return takeSorted();
        }

        private void moveQueuedInFlight() {
            inFlight = new Points();
            inFlight.append(queued);
        }

        synchronized int finishWrite() {
            if (inFlight == null) {
                return 0;
            }
            int count = inFlight.count;
            inFlight.release(pool);
            inFlight = null;
            return count;
        }

        synchronized void requeue() {
            if (inFlight != null) {
                inFlight.append(queued);
                queued.append(inFlight);
                inFlight = null;
            }
        }

        /** Every point held, in arrival order; the entry is unusable afterwards. */
        synchronized List<TimeSeriesPoint> retire() {
            List<TimeSeriesPoint> all = snapshot();
            if (inFlight != null) {
                inFlight.release(pool);
                inFlight = null;
            }
            queued.release(pool);
            retired = true;
            return all;
        }

        synchronized boolean retireIfEmpty() {
            if (queued.count == 0 && inFlight == null) {
                retired = true;
            }
            return retired;
        }

        synchronized List<TimeSeriesPoint> snapshot() {
            List<TimeSeriesPoint> all = new ArrayList<>();
            if (inFlight != null) {
                inFlight.appendTo(all);
            }
            queued.appendTo(all);
            return all;
        }
    }
}
