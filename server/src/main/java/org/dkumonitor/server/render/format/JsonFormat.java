package org.dkumonitor.server.render.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.python.PyFormat;
import org.dkumonitor.server.render.Series;

/**
 * graphite-web's JSON render output:
 * {@code [{"target": name, "tags": {...}, "datapoints": [[value, timestamp], ...]}]}, values
 * consolidated to maxDataPoints (see {@link Datapoints}), None as null, infinities as
 * {@code 1e9999}/{@code -1e9999}, floats written as Python writes them. With noNullPoints the
 * null points are left out, and a series left with none is dropped.
 */
public final class JsonFormat {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonFormat() {
    }

    public static void write(List<Series> series, Integer maxDataPoints, boolean noNullPoints,
            boolean pretty, OutputStream out) throws IOException {
        long timeRange = 0;
        if (!series.isEmpty()) {
            long start = Long.MAX_VALUE;
            long end = Long.MIN_VALUE;
            for (Series s : series) {
                start = Math.min(start, s.start());
                end = Math.max(end, s.end());
            }
            timeRange = end - start;
        }
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            if (pretty) {
                json.setPrettyPrinter(new DefaultPrettyPrinter());
            }
            json.writeStartArray();
            for (Series one : series) {
                Datapoints points = Datapoints.of(one, timeRange, maxDataPoints);
                if (noNullPoints && !hasNonNull(points)) {
                    continue;
                }
                json.writeStartObject();
                json.writeStringField("target", one.name());
                json.writeObjectFieldStart("tags");
                for (Map.Entry<String, String> tag : one.tags().entrySet()) {
                    json.writeStringField(tag.getKey(), tag.getValue());
                }
                json.writeEndObject();
                // the points are most of the bytes: built as text in one go, not token by token
                StringBuilder text = new StringBuilder(points.size() * 24 + 2).append('[');
                boolean first = true;
                for (int i = 0; i < points.size(); i++) {
                    double value = points.values()[i];
                    if (noNullPoints && Double.isNaN(value)) {
                        continue;
                    }
                    if (!first) {
                        text.append(',');
                    }
                    first = false;
                    text.append('[');
                    appendValue(text, value);
                    text.append(',').append(points.timestampAt(i)).append(']');
                }
                json.writeFieldName("datapoints");
                json.writeRawValue(text.append(']').toString());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }

    private static boolean hasNonNull(Datapoints points) {
        for (double v : points.values()) {
            if (!Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    /** A value as Python's json writes it: null, 1e9999, or the float's repr. */
    static void appendValue(StringBuilder out, double value) {
        if (Double.isNaN(value)) {
            out.append("null");
        } else if (Double.isInfinite(value)) {
            out.append(value > 0 ? "1e9999" : "-1e9999");
        } else if (value == (long) value && Math.abs(value) < 1e15 && (value != 0
                || 1 / value > 0)) {
            out.append((long) value).append(".0");
        } else {
            String text = Double.toString(value);
            out.append(text.indexOf('E') < 0 ? text : PyFormat.floatRepr(value));
        }
    }
}
