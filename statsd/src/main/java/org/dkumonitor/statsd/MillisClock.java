package org.dkumonitor.statsd;

/** Wall-clock milliseconds, injected so that tests choose the flush times. */
public interface MillisClock {

    MillisClock SYSTEM = new MillisClock() {
        @Override
        public long millis() {
            return System.currentTimeMillis();
        }
    };

    long millis();
}
