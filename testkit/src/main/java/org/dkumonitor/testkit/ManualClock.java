package org.dkumonitor.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A clock that moves only when a test says so; safe to read from another thread (an event
 * loop, a flusher). Where the code under test takes a clock of its own kind (StatsD's
 * {@code MillisClock}), pass {@code clock::millis}.
 */
public final class ManualClock implements InstantSource {

    private volatile Instant now;

    public ManualClock(Instant start) {
        this.now = start;
    }

    /** A clock at {@code epochMillis}. */
    public static ManualClock atEpochMilli(long epochMillis) {
        return new ManualClock(Instant.ofEpochMilli(epochMillis));
    }

    @Override
    public Instant instant() {
        return now;
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }
}
