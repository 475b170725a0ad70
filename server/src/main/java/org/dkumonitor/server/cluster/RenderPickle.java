package org.dkumonitor.server.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.pickle.PickleDecoder;
import org.dkumonitor.server.pickle.PickleException;
import org.dkumonitor.server.pickle.PickleList;
import org.dkumonitor.server.render.Series;

/**
 * Reads a member's {@code /render?format=pickle} answer, graphite-web's
 * {@code renderViewPickle}: a list of dicts, one per series, with {@code name}, {@code start},
 * {@code end}, {@code step} (integers), {@code values} (floats, integers or None), and
 * optionally {@code pathExpression} (the target it came from; the name when absent, as
 * graphite-web's RemoteReader does). Other keys (valuesPerPoint, consolidationFunc,
 * xFilesFactor) are ignored. Decoded by {@link PickleDecoder}, which runs nothing: a pickle that
 * names a class fails.
 */
final class RenderPickle {

    /** A series as a member sent it. */
    record Fetched(String pathExpression, Series series) {
    }

    private RenderPickle() {
    }

    static List<Fetched> parse(byte[] body, String contentType) {
        Object decoded;
        try {
            decoded = PickleDecoder.decode(body);
        } catch (PickleException e) {
            throw new MemberCalls.BadAnswerException(notPickle(body, contentType, e));
        }
        if (!(decoded instanceof List<?> list)) {
            throw bad("a render pickle must be a list of series, found "
                    + typeName(decoded));
        }
        List<Fetched> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> series)) {
                throw bad("a series must be a dict, found " + typeName(item));
            }
            String name = text(series, "name");
            long start = integer(series, "start");
            long end = integer(series, "end");
            long step = integer(series, "step");
            if (step <= 0 || step > Integer.MAX_VALUE) {
                throw bad("series " + name + " has step " + step);
            }
            Object rawValues = series.get("values");
            if (!(rawValues instanceof List<?> values)) {
                throw bad("series " + name + " has no list of values");
            }
            double[] numbers = numbers(name, values);
            Object expression = series.get("pathExpression");
            out.add(new Fetched(expression instanceof String e ? e : name,
                    new Series(name, start, end, (int) step, numbers)));
        }
        return out;
    }

    /** The values as doubles, None as NaN; a float list comes unboxed from the decoder. */
    private static double[] numbers(String name, List<?> values) {
        if (values instanceof PickleList floats && floats.isFloats()) {
            return floats.takeDoubles();
        }
        double[] numbers = new double[values.size()];
        for (int i = 0; i < numbers.length; i++) {
            Object value = values.get(i);
            if (value == null) {
                numbers[i] = Double.NaN;
            } else if (value instanceof Number n) {
                numbers[i] = n.doubleValue();
            } else {
                throw bad("series " + name + " has the value " + typeName(value));
            }
        }
        return numbers;
    }

    /** Why a body is not a pickle, with what it looks like. */
    static String notPickle(byte[] body, String contentType, PickleException e) {
        return "answered " + (contentType == null ? "a body" : contentType) + " that is not a"
                + " pickle (" + e.getMessage() + "): " + MemberCalls.preview(body);
    }

    private static String text(Map<?, ?> map, String key) {
        if (!(map.get(key) instanceof String value) || value.isEmpty()) {
            throw bad("a series without a " + key);
        }
        return value;
    }

    private static long integer(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        throw bad("a series whose " + key + " is " + typeName(value));
    }

    static String typeName(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }

    private static MemberCalls.BadAnswerException bad(String message) {
        return new MemberCalls.BadAnswerException("answered a render pickle that is not"
                + " graphite-web's: " + message);
    }
}
