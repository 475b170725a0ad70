package org.dkumonitor.server.cache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.dkumonitor.server.whisper.TimeSeriesPoint;

/**
 * Points received and not yet written to disk, per metric. Readers see every point until it is
 * on disk: the persister {@link #take}s a metric's points (they stay visible as "in flight") and
 * {@link #written} them once the whisper write returns.
 */
public final class MetricCache {

    private final ConcurrentHashMap<String, Pending> byMetric = new ConcurrentHashMap<>();
    private final AtomicLong size = new AtomicLong();

    public void add(String metric, long timestamp, double value) {
        byMetric.computeIfAbsent(metric, name -> new Pending())
                .add(new TimeSeriesPoint(timestamp, value));
        size.incrementAndGet();
    }

    /** Points held, written or not. */
    public long size() {
        return size.get();
    }

    /** Metrics that have points waiting to be written. */
    public Set<String> metrics() {
        return Collections.unmodifiableSet(byMetric.keySet());
    }

    /**
     * Takes the metric's queued points for writing, one per timestamp (the last received wins),
     * oldest first. They stay readable until {@link #written} is called.
     */
    public List<TimeSeriesPoint> take(String metric) {
        Pending pending = byMetric.get(metric);
        return pending == null ? List.of() : pending.take();
    }

    /** The points last taken for the metric are on disk now. */
    public void written(String metric) {
        byMetric.computeIfPresent(metric, (name, pending) -> {
            size.addAndGet(-pending.finishWrite());
            return pending.isEmpty() ? null : pending;
        });
    }

    /** Every point of the metric not yet on disk, in arrival order. */
    public List<TimeSeriesPoint> read(String metric) {
        Pending pending = byMetric.get(metric);
        return pending == null ? List.of() : pending.snapshot();
    }

    private static final class Pending {
        private List<TimeSeriesPoint> queued = new ArrayList<>();
        private List<TimeSeriesPoint> inFlight = List.of();

        synchronized void add(TimeSeriesPoint point) {
            queued.add(point);
        }

        synchronized List<TimeSeriesPoint> take() {
            if (!inFlight.isEmpty()) {
                throw new IllegalStateException("the previous write of this metric is unfinished");
            }
            inFlight = queued;
            queued = new ArrayList<>();
            Map<Long, TimeSeriesPoint> lastPerTimestamp = new LinkedHashMap<>();
            for (TimeSeriesPoint point : inFlight) {
                lastPerTimestamp.remove(point.timestamp());
                lastPerTimestamp.put(point.timestamp(), point);
            }
            List<TimeSeriesPoint> unique = new ArrayList<>(lastPerTimestamp.values());
            unique.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
            return unique;
        }

        synchronized int finishWrite() {
            int count = inFlight.size();
            inFlight = List.of();
            return count;
        }

        synchronized boolean isEmpty() {
            return queued.isEmpty() && inFlight.isEmpty();
        }

        synchronized List<TimeSeriesPoint> snapshot() {
            List<TimeSeriesPoint> all = new ArrayList<>(inFlight.size() + queued.size());
            all.addAll(inFlight);
            all.addAll(queued);
            return all;
        }
    }
}
