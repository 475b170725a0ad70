package org.dkumonitor.statsd;

/**
 * statsd's figures about its own flushing, written at the end of each flush about the one
 * before (as its graphite backend's {@code graphiteStats}): when it ended (epoch seconds; the
 * start-up time before the first), the last time an output failed (0 if never), how long
 * writing it took (ms) and how many bytes it was.
 */
final class FlushStats {

    long lastFlush;
    long lastException;
    long flushTime;
    long flushLength;

    FlushStats(long startupSeconds) {
        this.lastFlush = startupSeconds;
    }
}
