package org.dkumonitor.server.ingest;

import java.util.concurrent.atomic.LongAdder;

/** What the ingest server answered and refused, counted for the server's own metrics. */
public final class IngestStats {

    private final LongAdder requests = new LongAdder();
    private final LongAdder clientErrors = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder refusedConnections = new LongAdder();
    private final LongAdder timedOut = new LongAdder();

    void answered(int status) {
        requests.increment();
        if (status >= 500) {
            serverErrors.increment();
        } else if (status >= 400) {
            clientErrors.increment();
        }
    }

    void refusedConnection() {
        refusedConnections.increment();
    }

    void timedOut() {
        timedOut.increment();
    }

    public long requests() {
        return requests.sum();
    }

    public long clientErrors() {
        return clientErrors.sum();
    }

    public long serverErrors() {
        return serverErrors.sum();
    }

    /** Connections answered 503 because {@code maxConnections} were open. */
    public long refusedConnections() {
        return refusedConnections.sum();
    }

    /** Connections closed because a request took too long to arrive or they sat idle. */
    public long timedOutConnections() {
        return timedOut.sum();
    }

    /** Every counter by name, for the server's own metrics. */
    public java.util.Map<String, Long> totals() {
        java.util.Map<String, Long> totals = new java.util.LinkedHashMap<>();
        totals.put("requests", requests());
        totals.put("clientErrors", clientErrors());
        totals.put("serverErrors", serverErrors());
        totals.put("refusedConnections", refusedConnections());
        totals.put("timedOutConnections", timedOutConnections());
        return totals;
    }
}
