package org.dkumonitor.server.persist;

import java.util.concurrent.atomic.LongAdder;

/** What the persister did, counted for the self-metrics. */
public final class PersistStats {

    private final LongAdder committedPoints = new LongAdder();
    private final LongAdder updates = new LongAdder();
    private final LongAdder creates = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder tooOld = new LongAdder();
    private final LongAdder setAside = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();

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

    void tooOld(int points) {
        tooOld.add(points);
    }

    void setAside() {
        setAside.increment();
    }

    void deadLettered(int points) {
        deadLettered.add(points);
    }

    /** Metrics the persister set aside (see {@code Quarantine}), each counted once. */
    public long setAsideMetrics() {
        return setAside.sum();
    }

    /** Points written to the dead letters instead of the store. */
    public long deadLetteredPoints() {
        return deadLettered.sum();
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

    /** Writes the store refused for good (their points went to the dead letters). */
    public long errors() {
        return errors.sum();
    }

    /** Points older than their file's oldest archive keeps, which whisper skips. */
    public long tooOld() {
        return tooOld.sum();
    }

    /** Writes that failed for an I/O reason and were queued again. */
    public long retries() {
        return retries.sum();
    }
}
