package org.dkumonitor.server.carbon;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the carbon receivers took and turned away, counted rather than logged per point. */
public final class ReceiverStats {

    private final LongAdder received = new LongAdder();
    private final LongAdder badLines = new LongAdder();
    private final LongAdder nanValues = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> rejectedNames = new ConcurrentHashMap<>();

    void received() {
        received.increment();
    }

    void badLine() {
        badLines.increment();
    }

    void nanValue() {
        nanValues.increment();
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

    public long nanValues() {
        return nanValues.sum();
    }

    public Map<String, Long> rejectedNames() {
        Map<String, Long> counts = new TreeMap<>();
        rejectedNames.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }
}
