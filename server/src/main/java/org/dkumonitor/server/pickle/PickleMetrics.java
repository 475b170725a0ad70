package org.dkumonitor.server.pickle;

import java.math.BigInteger;
import java.util.List;

/**
 * Reads carbon's pickle payload from a decoded pickle: a list of {@code (path, (timestamp,
 * value))}, where go-carbon also accepts {@code (path, (t, v), (t, v), ...)} and lists instead of
 * tuples. Timestamps and values may be ints, floats or numeric strings (statsd sends values as
 * strings). A payload that is not a list fails whole; a malformed entry or point is reported to
 * the visitor and skipped.
 */
public final class PickleMetrics {

    /** Receives each point, or why one was skipped. */
    public interface Visitor {
        void point(String name, long timestamp, double value);

        void badPoint(String why);
    }

    private PickleMetrics() {
    }

    public static void extract(Object payload, Visitor visitor) {
        if (!(payload instanceof List<?> entries)) {
            throw new PickleException("a carbon pickle must hold a list of (path, (timestamp,"
                    + " value)), found " + typeName(payload));
        }
        for (Object entry : entries) {
            if (!(entry instanceof List<?> parts) || parts.size() < 2) {
                visitor.badPoint("entry " + typeName(entry) + " is not (path, (timestamp, value))");
                continue;
            }
            if (!(parts.get(0) instanceof String name)) {
                visitor.badPoint("path " + typeName(parts.get(0)) + " is not a string");
                continue;
            }
            for (int i = 1; i < parts.size(); i++) {
                if (!(parts.get(i) instanceof List<?> point) || point.size() != 2) {
                    visitor.badPoint(name + ": point " + typeName(parts.get(i))
                            + " is not (timestamp, value)");
                    continue;
                }
                Double timestamp = number(point.get(0));
                Double value = number(point.get(1));
                if (timestamp == null || value == null) {
                    visitor.badPoint(name + ": (" + point.get(0) + ", " + point.get(1)
                            + ") is not a pair of numbers");
                    continue;
                }
                if (Double.isNaN(timestamp) || timestamp < 1 || timestamp > 0xFFFF_FFFFL) {
                    visitor.badPoint(name + ": timestamp " + point.get(0)
                            + " is outside 1..4294967295");
                    continue;
                }
                visitor.point(name, timestamp.longValue(), value);
            }
        }
    }

    private static Double number(Object value) {
        if (value instanceof Long l) {
            return l.doubleValue();
        }
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof BigInteger b) {
            return b.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String typeName(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }
}
