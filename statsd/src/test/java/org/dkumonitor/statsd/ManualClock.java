package org.dkumonitor.statsd;

/** A clock tests move by hand. */
final class ManualClock implements MillisClock {

    private long now;

    ManualClock(long now) {
        this.now = now;
    }

    void advance(long millis) {
        now += millis;
    }

    @Override
    public synchronized long millis() {
        return now;
    }
}
