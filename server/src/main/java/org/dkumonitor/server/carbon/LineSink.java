package org.dkumonitor.server.carbon;

import java.time.InstantSource;
import java.util.logging.Logger;
import org.dkumonitor.core.tap.LineTap;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.metrics.InvalidMetricNameException;
import org.dkumonitor.server.metrics.MetricName;

/**
 * What every receiver does with a point: parse it (plaintext), drop NaN values, reject points
 * more than {@code futureToleranceSeconds} ahead of the clock (whisper would write them over
 * live slots), refuse unsafe names, normalise tagged names, count all of it, and collect the
 * rest into a {@link PointBatch} for the {@link PointStore}. "Now" is read from the clock for
 * each batch when its first point arrives, never kept from an earlier read: a sender that
 * pauses (collectd with {@code Interval 300}, a cron job on a kept connection, a quiet relay)
 * is judged against the time its points arrive. Bad input is logged at most once
 * every {@value #LOG_EVERY_MILLIS} ms; the counters say how much there was.
 */
public final class LineSink {

    /** Default for how far ahead of the server's clock a point may be. */
    public static final long DEFAULT_FUTURE_TOLERANCE_SECONDS = 60;

    private static final Logger LOG = Logger.getLogger(LineSink.class.getName());
    private static final long LOG_EVERY_MILLIS = 10_000;

    private final PointStore store;
    private final InstantSource clock;
    private final ReceiverStats stats;
    private final long futureTolerance;
    private volatile long lastLogged;
    private LineTap tap;

    public LineSink(PointStore store, InstantSource clock, ReceiverStats stats,
            long futureToleranceSeconds) {
        this.store = store;
        this.clock = clock;
        this.stats = stats;
        this.futureTolerance = futureToleranceSeconds;
    }

    /** Straight into a cache, with the default future tolerance. */
    public LineSink(MetricCache cache, InstantSource clock, ReceiverStats stats) {
        this(cache::addAll, clock, stats, DEFAULT_FUTURE_TOLERANCE_SECONDS);
    }

    public ReceiverStats stats() {
        return stats;
    }

    /** Offers every line to {@code tap} ({@code dkmadmin tap carbon}); set before receiving. */
    public void tapInto(LineTap lines) {
        this.tap = lines;
    }

    /** A new batch; it reads the clock when its first point arrives. */
    public PointBatch newBatch() {
        return new PointBatch();
    }

    /** The batch's time, read from the clock if this is its first point. */
    private long now(PointBatch batch) {
        long now = batch.now();
        if (now == PointBatch.NO_TIME) {
            now = clock.instant().getEpochSecond();
            batch.begin(now);
        }
        return now;
    }

    /** Accepts one line by itself (UDP tests, tools). */
    public void accept(String line) {
        PointBatch batch = newBatch();
        byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        line(bytes, 0, bytes.length, batch);
        flush(batch);
    }

    /** Parses the line {@code bytes[from, to)} into the batch, or counts why not. */
    public void line(byte[] bytes, int from, int to, PointBatch batch) {
        LineTap lines = tap;
        if (lines != null) {
            lines.offer(bytes, from, to);
        }
        if (isBlank(bytes, from, to)) {
            return;
        }
        PlaintextParser.Parsed parsed = batch.parsed();
        try {
            PlaintextParser.parse(bytes, from, to, now(batch), parsed);
        } catch (BadLineException e) {
            stats.badLine();
            logRarely(e.getMessage());
            return;
        }
        NameCache names = batch.names();
        String known = names.lookup(bytes, parsed.nameStart, parsed.nameEnd);
        if (known != null) {
            if (accepts(known, parsed.timestamp, parsed.value, batch)) {
                stats.received();
                batch.add(known, names.lastUtf8(), parsed.timestamp, parsed.value);
            }
            return;
        }
        String name = new String(bytes, parsed.nameStart, parsed.nameEnd - parsed.nameStart,
                java.nio.charset.StandardCharsets.UTF_8);
        if (!accepts(name, parsed.timestamp, parsed.value, batch)) {
            return;
        }
        String stored = normalize(name);
        if (stored != null) {
            names.put(bytes, parsed.nameStart, parsed.nameEnd, stored);
            stats.received();
            batch.add(stored, names.lastUtf8(), parsed.timestamp, parsed.value);
        }
    }

    /** False, counted, for a NaN value or a point too far in the future. */
    private boolean accepts(String name, long timestamp, double value, PointBatch batch) {
        if (Double.isNaN(value)) {
            stats.nanValue();
            return false;
        }
        long now = now(batch);
        if (timestamp - now > futureTolerance) {
            stats.future();
            logRarely("refused a point of " + name + " at " + timestamp + ", "
                    + (timestamp - now) + " s ahead of this server's clock (more than "
                    + futureTolerance + " s would overwrite live data)");
            return false;
        }
        return true;
    }

    /** The stored form of a name, or null (counted) when it must not be stored. */
    private String normalize(String name) {
        try {
            return MetricName.normalize(name);
        } catch (InvalidMetricNameException e) {
            stats.rejectedName(e.reason());
            logRarely(e.getMessage());
            return null;
        }
    }

    /** Checks a point from any protocol and adds it to the batch, or counts why not. */
    public void point(String name, long timestamp, double value, PointBatch batch) {
        if (!accepts(name, timestamp, value, batch)) {
            return;
        }
        String stored = normalize(name);
        if (stored != null) {
            stats.received();
            batch.add(stored, timestamp, value);
        }
    }

    /**
     * Hands the batch to the store (which may block while the cache is full), clears it and
     * forgets its time: the next read may come much later.
     */
    public void flush(PointBatch batch) {
        if (batch.size() > 0) {
            store.store(batch);
            batch.clear();
        }
        batch.expire();
    }

    /** A line longer than the receiver's limit, skipped without being parsed. */
    public void overlong(int length) {
        stats.overlong();
        logRarely("skipped a carbon line of " + length + "+ bytes: longer than the limit");
    }

    /** A pickled point that is not (timestamp, value) numbers; skipped. */
    public void badPickledPoint(String why) {
        stats.badLine();
        logRarely("skipped a pickled point: " + why);
    }

    /** A pickle frame that could not be decoded; the receiver closes the connection. */
    public void badFrame(String why) {
        stats.badFrame();
        logRarely("closing a pickle connection: " + why);
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
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
