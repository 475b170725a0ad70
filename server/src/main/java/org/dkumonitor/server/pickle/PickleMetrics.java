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
            if (!(parts.get(0) instanceof String path)) {
                visitor.badPoint("path " + typeName(parts.get(0)) + " is not a string");
                continue;
            }
            String name = path;
            for (int i = 1; i < parts.size(); i++) {
                if (!(parts.get(i) instanceof List<?> point) || point.size() != 2) {
                    visitor.badPoint(shown(name) + ": point " + typeName(parts.get(i))
                            + " is not (timestamp, value)");
                    continue;
                }
                Double timestamp = number(point.get(0));
                Double value = number(point.get(1));
                if (timestamp == null || value == null) {
                    visitor.badPoint(shown(name) + ": (" + describe(point.get(0)) + ", "
                            + describe(point.get(1)) + ") is not a pair of numbers");
                    continue;
                }
                if (Double.isNaN(timestamp) || timestamp < 1 || timestamp > 0xFFFF_FFFFL) {
                    visitor.badPoint(shown(name) + ": timestamp " + describe(point.get(0))
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

    /**
     * A value as a message may show it: a scalar's text cut short, a container by its type and
     * size only (its text could be as large as the frame, or larger when parts are shared).
     */
    static String describe(Object value) {
        if (value instanceof List<?> list) {
            return "a list of " + list.size();
        }
        if (value instanceof java.util.Map<?, ?> map) {
            return "a dict of " + map.size();
        }
        return shown(String.valueOf(value));
    }

    private static String shown(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    private static String typeName(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }
}
