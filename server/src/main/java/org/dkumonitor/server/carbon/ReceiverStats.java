package org.dkumonitor.server.carbon;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the carbon receivers took and turned away, counted rather than logged per point. */
public final class ReceiverStats {

    private final LongAdder received = new LongAdder();
    private final LongAdder badLines = new LongAdder();
    private final LongAdder overlong = new LongAdder();
    private final LongAdder nanValues = new LongAdder();
    private final LongAdder future = new LongAdder();
    private final LongAdder badFrames = new LongAdder();
    private final LongAdder quota = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> rejectedNames = new ConcurrentHashMap<>();

    void received() {
        received.increment();
    }

    void badLine() {
        badLines.increment();
    }

    void overlong() {
        overlong.increment();
    }

    void nanValue() {
        nanValues.increment();
    }

    void future() {
        future.increment();
    }

    void badFrame() {
        badFrames.increment();
    }

    void quota() {
        quota.increment();
    }

    void rejectedName(String reason) {
        rejectedNames.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    public long metricsReceived() {
        return received.sum();
    }

    public long badLines() {
        return badLines.sum();
    }

    public long overlongLines() {
        return overlong.sum();
    }

    public long nanValues() {
        return nanValues.sum();
    }

    public long futurePoints() {
        return future.sum();
    }

    public long badFrames() {
        return badFrames.sum();
    }

    /** Points of new metrics refused because their quota was full. */
    public long quotaPoints() {
        return quota.sum();
    }

    public Map<String, Long> rejectedNames() {
        Map<String, Long> counts = new TreeMap<>();
        rejectedNames.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }

    /**
     * Rejects by reason, as self-metric names: badLine, overlong, nan, future, badPickle, quota,
     * and name.&lt;reason&gt; with the reason's words joined by underscores.
     */
    public Map<String, Long> rejects() {
        Map<String, Long> counts = new TreeMap<>();
        counts.put("badLine", badLines());
        counts.put("overlong", overlongLines());
        counts.put("nan", nanValues());
        counts.put("future", futurePoints());
        counts.put("badPickle", badFrames());
        counts.put("quota", quotaPoints());
        rejectedNames().forEach((reason, count) -> counts.put("name."
                + reason.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_|_$", ""), count));
        return counts;
    }
}
