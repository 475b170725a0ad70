package org.dkumonitor.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A /render answer reduced to what parity is judged on, in a form that both a live answer and a
 * golden file give: the series of a JSON answer (name, tags, timestamps, values), the lines of a
 * csv or raw answer, or the status of a refusal (its body is not compared: graphite-web answers
 * errors with an HTML page).
 */
sealed interface RenderAnswer {

    ObjectMapper JSON = new ObjectMapper();

    /** A JSON answer's series; a NaN value is a null point. */
    record Curves(List<Curve> series) implements RenderAnswer {
    }

    /** One series of a JSON answer. */
    record Curve(String target, Map<String, String> tags, long[] timestamps, double[] values) {
    }

    /** A csv or raw answer, line by line. */
    record Text(List<String> lines) implements RenderAnswer {
    }

    /** A status other than 200, with the start of the body for whoever reads a failure. */
    record Refused(int status, String message) implements RenderAnswer {
    }

    /** Reads an HTTP answer to a render request of the given format ("json", "csv", "raw"). */
    static RenderAnswer of(int status, String body, String format) throws IOException {
        if (status != 200) {
            String oneLine = body.strip().replaceAll("\\s+", " ");
            return new Refused(status, oneLine.length() > 160 ? oneLine.substring(0, 160) + "…"
                    : oneLine);
        }
        if (!format.equals("json")) {
            return new Text(body.lines().toList());
        }
        List<Curve> series = new ArrayList<>();
        for (JsonNode one : JSON.readTree(body)) {
            JsonNode points = one.get("datapoints");
            long[] timestamps = new long[points.size()];
            double[] values = new double[points.size()];
            for (int i = 0; i < points.size(); i++) {
                JsonNode value = points.get(i).get(0);
                values[i] = value.isNull() ? Double.NaN : value.asDouble();
                timestamps[i] = points.get(i).get(1).asLong();
            }
            series.add(new Curve(one.get("target").asText(), tags(one.get("tags")), timestamps,
                    values));
        }
        return new Curves(series);
    }

    private static Map<String, String> tags(JsonNode tags) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tags != null) {
            tags.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    /**
     * Null when {@code actual} answers as {@code expected} does (values equal within 1e-9 of
     * their size, or anywhere when {@code randomValues}), else what differs first.
     */
    static String difference(RenderAnswer expected, RenderAnswer actual, boolean randomValues) {
        return switch (expected) {
            case Refused e -> actual instanceof Refused a && a.status() == e.status() ? null
                    : "expected status " + e.status() + " (" + e.message() + "), got "
                            + describe(actual);
            case Text e -> actual instanceof Text a ? lineDifference(e.lines(), a.lines())
                    : "expected text, got " + describe(actual);
            case Curves e -> actual instanceof Curves a
                    ? seriesDifference(e.series(), a.series(), randomValues)
                    : "expected series, got " + describe(actual);
        };
    }

    private static String describe(RenderAnswer answer) {
        return switch (answer) {
            case Refused r -> "status " + r.status() + " (" + r.message() + ")";
            case Text t -> t.lines().size() + " lines";
            case Curves c -> c.series().size() + " series " + names(c.series());
        };
    }

    private static List<String> names(List<Curve> series) {
        return series.stream().map(Curve::target).toList();
    }

    private static String lineDifference(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return "line " + (i + 1) + ": expected " + abbreviate(expected.get(i))
                        + " got " + abbreviate(actual.get(i));
            }
        }
        return expected.size() == actual.size() ? null
                : "expected " + expected.size() + " lines, got " + actual.size();
    }

    private static String seriesDifference(List<Curve> expected, List<Curve> actual,
            boolean randomValues) {
        if (expected.size() != actual.size()) {
            return "expected " + expected.size() + " series " + names(expected) + ", got "
                    + actual.size() + " " + names(actual);
        }
        for (int i = 0; i < expected.size(); i++) {
            Curve e = expected.get(i);
            Curve a = actual.get(i);
            if (!e.target().equals(a.target())) {
                return "series " + i + ": expected name " + e.target() + ", got " + a.target();
            }
            if (!e.tags().equals(a.tags())) {
                return e.target() + ": expected tags " + e.tags() + ", got " + a.tags();
            }
            if (e.values().length != a.values().length) {
                return e.target() + ": expected " + e.values().length + " points from "
                        + first(e) + ", got " + a.values().length + " from " + first(a);
            }
            for (int k = 0; k < e.values().length; k++) {
                if (e.timestamps()[k] != a.timestamps()[k]) {
                    return e.target() + " point " + k + ": expected time " + e.timestamps()[k]
                            + ", got " + a.timestamps()[k];
                }
                double x = e.values()[k];
                double y = a.values()[k];
                if (!randomValues && !close(x, y)) {
                    return e.target() + " at " + e.timestamps()[k] + ": expected " + show(x)
                            + ", got " + show(y);
                }
            }
        }
        return null;
    }

    private static String first(Curve curve) {
        return curve.timestamps().length == 0 ? "none" : Long.toString(curve.timestamps()[0]);
    }

    private static boolean close(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b);
        }
        if (a == b) {
            return true;
        }
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    private static String show(double value) {
        return Double.isNaN(value) ? "null" : Double.toString(value);
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    /** Timestamps start, start + step, ... as graphite-web writes them, or null if not so. */
    static long[] regular(long[] timestamps) {
        if (timestamps.length < 2) {
            return null;
        }
        long step = timestamps[1] - timestamps[0];
        for (int i = 2; i < timestamps.length; i++) {
            if (timestamps[i] - timestamps[i - 1] != step) {
                return null;
            }
        }
        return new long[] {timestamps[0], step};
    }

    /** A JSON string literal. */
    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A value as the golden files write it: null for NaN, 1e9999 for infinities. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "null";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "1e9999" : "-1e9999";
        }
        return Double.toString(value);
    }
}
