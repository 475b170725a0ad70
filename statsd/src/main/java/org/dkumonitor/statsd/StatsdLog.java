package org.dkumonitor.statsd;

/**
 * Where the StatsD code reports state changes (bound, refused, failing output); the agent
 * writes them with its own log, the server with java.util.logging. Bad input is counted, and
 * reported at most once a minute ({@link #rarely}).
 */
public interface StatsdLog {

    void info(String message);

    void warning(String message);

    /** A {@link StatsdLog} that says a repeated warning at most once a minute. */
    final class Rarely {

        private final StatsdLog log;
        private long last;

        Rarely(StatsdLog log) {
            this.log = log;
        }

        synchronized void warning(String message) {
            long now = System.currentTimeMillis();
            if (now - last >= 60_000) {
                last = now;
                log.warning(message + " (further ones are counted, not logged, for a minute)");
            }
        }
    }
}
