package org.dkumonitor.server.ingest;

import java.util.concurrent.atomic.LongAdder;
import org.dkumonitor.server.listen.TcpListener;

/** What the ingest server answered and refused, counted for the server's own metrics. */
public final class IngestStats {

    private final LongAdder requests = new LongAdder();
    private final LongAdder clientErrors = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final TcpListener listener;

    /** The counts of connections are {@code listener}'s. */
    IngestStats(TcpListener listener) {
        this.listener = listener;
    }

    void answered(int status) {
        requests.increment();
        if (status >= 500) {
            serverErrors.increment();
        } else if (status >= 400) {
            clientErrors.increment();
        }
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
        return listener.refusedConnections();
    }

    /**
     * Connections closed because a request took too long to arrive, they sat idle, or they did
     * not take their answer.
     */
    public long timedOutConnections() {
        return listener.timedOutConnections();
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
