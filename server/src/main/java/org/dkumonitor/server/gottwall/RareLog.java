package org.dkumonitor.server.gottwall;

import java.util.logging.Logger;

/** Logs bad input at most once every ten seconds; counters say how much there was. */
final class RareLog {

    private static final long EVERY_MILLIS = 10_000;

    private final Logger log;
    private volatile long last;

    RareLog(Logger log) {
        this.log = log;
    }

    void warn(String message) {
        long now = System.currentTimeMillis();
        if (now - last >= EVERY_MILLIS) {
            last = now;
            log.warning(message + " (more bad GottWall input is counted, not logged, for "
                    + EVERY_MILLIS / 1000 + " s)");
        }
    }
}
