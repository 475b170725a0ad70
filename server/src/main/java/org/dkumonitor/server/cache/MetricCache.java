package org.dkumonitor.server.cache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
 * carbon's USE_FLOW_CONTROL; go-carbon drops instead). Points are kept as primitive arrays, 12
 * bytes each, so the bound is close to the memory it costs.
 */
public final class MetricCache {

    private final ConcurrentHashMap<String, Pending> byMetric = new ConcurrentHashMap<>();
    private final AtomicLong size = new AtomicLong();
    private final long maxPoints;
    private final ReentrantLock roomLock = new ReentrantLock();
    private final Condition room = roomLock.newCondition();
    private final AtomicLong fullWaits = new AtomicLong();
    private volatile int waiting;

    /** A cache without a bound (tests, tools). */
    public MetricCache() {
        this(Long.MAX_VALUE);
    }

    public MetricCache(long maxPoints) {
        if (maxPoints <= 0) {
            throw new IllegalArgumentException("maxPoints must be positive, found " + maxPoints);
        }
        this.maxPoints = maxPoints;
    }

    /** Adds a point, first waiting while the cache is full. */
    public void add(String metric, long timestamp, double value) {
        awaitRoom();
        addNow(metric, timestamp, value);
    }

    /**
     * Adds a point even when the cache is full: for replaying the write-ahead log and for the
     * server's own metrics, which must never wait on the receivers' bound.
     */
    public void addNow(String metric, long timestamp, double value) {
        Pending pending = byMetric.get(metric);
        while (true) {
            if (pending == null) {
                pending = byMetric.computeIfAbsent(metric, name -> new Pending());
            }
            if (pending.add(timestamp, value)) {
                break;
            }
            pending = null; // removed by written() in between: make a new one
        }
        size.incrementAndGet();
    }

    /** Blocks while the cache holds {@link #maxPoints} points or more. */
    public void awaitRoom() {
        if (size.get() < maxPoints) {
            return;
        }
        fullWaits.incrementAndGet();
        roomLock.lock();
        try {
            waiting++;
            while (size.get() >= maxPoints) {
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
        return size.get();
    }

    public long maxPoints() {
        return maxPoints;
    }

    /** How many times a receiver had to wait for room. */
    public long fullWaits() {
        return fullWaits.get();
    }

    /** Metrics that have points in the cache, queued or in flight. */
    public Set<String> metrics() {
        return Collections.unmodifiableSet(byMetric.keySet());
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

    /** The points last taken for the metric are on disk now. */
    public void written(String metric) {
        int[] removed = new int[1];
        byMetric.computeIfPresent(metric, (name, pending) -> {
            removed[0] = pending.finishWrite();
            return pending.retireIfEmpty() ? null : pending;
        });
        if (removed[0] > 0) {
            size.addAndGet(-removed[0]);
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

    /** Every point of the metric not yet on disk, in arrival order. */
    public List<TimeSeriesPoint> read(String metric) {
        Pending pending = byMetric.get(metric);
        return pending == null ? List.of() : pending.snapshot();
    }

    /** One metric's points: a queue being filled and the batch being written. */
    private static final class Pending {
        private Points queued = new Points(4);
        private Points inFlight;
        private boolean retired;

        /** False when this entry was removed from the map and must not be used. */
        synchronized boolean add(long timestamp, double value) {
            if (retired) {
                return false;
            }
            queued.add(timestamp, value);
            return true;
        }

        synchronized int queuedCount() {
            return queued.count;
        }

        synchronized List<TimeSeriesPoint> take() {
            if (inFlight != null || queued.count == 0) {
                return List.of();
            }
            inFlight = queued;
            queued = new Points(Math.min(Math.max(4, inFlight.count), 1024));
            return inFlight.uniqueSorted();
        }

        synchronized SortedPoints takeSorted() {
            if (inFlight != null || queued.count == 0) {
                return null;
            }
            inFlight = queued;
            queued = new Points(Math.min(Math.max(4, inFlight.count), 1024));
            return inFlight.sorted();
        }

        synchronized int finishWrite() {
            int count = inFlight == null ? 0 : inFlight.count;
            inFlight = null;
            return count;
        }

        synchronized void requeue() {
            if (inFlight != null) {
                inFlight.addAll(queued);
                queued = inFlight;
                inFlight = null;
            }
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
