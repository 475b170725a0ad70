package org.dkumonitor.server.persist;

import java.util.concurrent.atomic.LongAdder;

/** What the persister did, counted for the self-metrics. */
public final class PersistStats {

    private final LongAdder committedPoints = new LongAdder();
    private final LongAdder updates = new LongAdder();
    private final LongAdder creates = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder retries = new LongAdder();

    public void committed(int points) {
        committedPoints.add(points);
        updates.increment();
    }

    void created() {
        creates.increment();
    }

    public void error() {
        errors.increment();
    }

    public void retry() {
        retries.increment();
    }

    public long committedPoints() {
        return committedPoints.sum();
    }

    public long updates() {
        return updates.sum();
    }

    public long creates() {
        return creates.sum();
    }

    /** Writes whose points were dropped: the file is not a valid whisper file. */
    public long errors() {
        return errors.sum();
    }

    /** Writes that failed for an I/O reason and were queued again. */
    public long retries() {
        return retries.sum();
    }
}
