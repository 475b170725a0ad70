package org.dkumonitor.server.carbon;

import java.time.InstantSource;
import java.util.logging.Logger;
import org.dkumonitor.core.carbon.CarbonLine;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.metrics.InvalidMetricNameException;
import org.dkumonitor.server.metrics.MetricName;

/**
 * Where every receiver hands its lines: parse, check the name, count, and put the point in the
 * cache. Bad input is counted and logged at most once every {@value #LOG_EVERY_MILLIS} ms.
 */
public final class LineSink {

    private static final Logger LOG = Logger.getLogger(LineSink.class.getName());
    private static final long LOG_EVERY_MILLIS = 10_000;

    private final MetricCache cache;
    private final InstantSource clock;
    private final ReceiverStats stats;
    private volatile long lastLogged;

    public LineSink(MetricCache cache, InstantSource clock, ReceiverStats stats) {
        this.cache = cache;
        this.clock = clock;
        this.stats = stats;
    }

    public void accept(String line) {
        if (line.isBlank()) {
            return;
        }
        CarbonLine parsed;
        try {
            parsed = PlaintextParser.parse(line, clock.instant().getEpochSecond());
        } catch (BadLineException e) {
            stats.badLine();
            logRarely(e.getMessage());
            return;
        }
        if (Double.isNaN(parsed.value())) {
            stats.nanValue();
            return;
        }
        try {
            MetricName.validate(parsed.path());
        } catch (InvalidMetricNameException e) {
            stats.rejectedName(e.reason());
            logRarely(e.getMessage());
            return;
        }
        stats.received();
        cache.add(parsed.path(), parsed.timestamp(), parsed.value());
    }

    /** A line longer than the receiver's limit, skipped without being parsed. */
    public void overlong(int length) {
        stats.badLine();
        logRarely("skipped a carbon line of " + length + "+ bytes: longer than the limit");
    }

    private void logRarely(String message) {
        long now = System.currentTimeMillis();
        if (now - lastLogged >= LOG_EVERY_MILLIS) {
            lastLogged = now;
            LOG.warning(message + " (further bad input is counted, not logged, for "
                    + LOG_EVERY_MILLIS / 1000 + " s)");
        }
    }
}
