package org.dkumonitor.server.render.functions;

import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import org.dkumonitor.server.limits.RequestGate;

/**
 * What one render request evaluates against: its window {@code (from, until]}, the pinned
 * {@code now}, the zone of absolute times, the default xFilesFactor, where paths are read, and
 * the request-wide budget of series and points (shared by every re-read, e.g. timeShift).
 */
public record RenderContext(long from, long until, long now, ZoneId zone, double xFilesFactor,
        SeriesSource source, Budget budget) {

    /** A copy over another window; the budget is shared. */
    RenderContext withRange(long newFrom, long newUntil) {
        return new RenderContext(newFrom, newUntil, now, zone, xFilesFactor, source, budget);
    }

    RenderContext withXFilesFactor(double factor) {
        return new RenderContext(from, until, now, zone, factor, source, budget);
    }

    /**
     * Counts series and points read by a request and refuses to go past the limits; the
     * points' memory is charged to the request's ticket of the API's {@link RequestGate} (when
     * the request runs under one), which bounds what all requests hold together.
     */
    public static final class Budget {

        /** What a point read holds: its double. */
        static final int BYTES_PER_POINT = 8;

        private final long maxSeries;
        private final long maxPoints;
        private final AtomicLong series = new AtomicLong();
        private final AtomicLong points = new AtomicLong();
        private final RequestGate.Ticket ticket = RequestGate.current();

        public Budget(long maxSeries, long maxPoints) {
            this.maxSeries = maxSeries;
            this.maxPoints = maxPoints;
        }

        static Budget unlimited() {
            return new Budget(Long.MAX_VALUE, Long.MAX_VALUE);
        }

        /** Called before reading {@code count} series; throws past the series limit. */
        public void chargeSeries(long count) {
            if (series.addAndGet(count) > maxSeries) {
                throw new RenderLimitException("this request would read more than " + maxSeries
                        + " series (api.maxSeriesPerRequest in conf/server.yaml); narrow the"
                        + " pattern or raise the limit");
            }
        }

        /** Called after reading {@code count} points; throws past the point limit. */
        public void chargePoints(long count) {
            if (ticket != null) {
                ticket.charge(count * BYTES_PER_POINT);
            }
            if (points.addAndGet(count) > maxPoints) {
                throw new RenderLimitException("this request would read more than " + maxPoints
                        + " points (api.maxPointsPerRequest in conf/server.yaml); shorten the"
                        + " time range or narrow the pattern");
            }
        }
    }
}
