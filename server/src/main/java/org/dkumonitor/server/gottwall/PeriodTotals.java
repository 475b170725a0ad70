package org.dkumonitor.server.gottwall;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A series' totals per period bucket, keyed by the bucket's start, in time order, and written
 * as GottWall's read API writes them: {@code range} as {@code [[start, total], ...]}, and
 * {@code min}, {@code max} and {@code avg} over the buckets that hold data (0 when none does).
 * When every total is whole they are written as integers and {@code avg} is floored, as
 * GottWall's Python 2 integer division did; otherwise as numbers.
 */
final class PeriodTotals {

    private final TreeMap<Long, Double> totals = new TreeMap<>();

    void add(long start, double value) {
        totals.merge(start, value, Double::sum);
    }

    private boolean whole() {
        for (double total : totals.values()) {
            if (total != Math.rint(total) || Math.abs(total) > MetricParser.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    void writeRange(JsonGenerator json) throws IOException {
        boolean whole = whole();
        json.writeArrayFieldStart("range");
        for (Map.Entry<Long, Double> bucket : totals.entrySet()) {
            json.writeStartArray();
            json.writeNumber(bucket.getKey());
            number(json, bucket.getValue(), whole);
            json.writeEndArray();
        }
        json.writeEndArray();
    }

    void writeMin(JsonGenerator json) throws IOException {
        json.writeFieldName("min");
        number(json, totals.values().stream().mapToDouble(d -> d).min().orElse(0), whole());
    }

    void writeMax(JsonGenerator json) throws IOException {
        json.writeFieldName("max");
        number(json, totals.values().stream().mapToDouble(d -> d).max().orElse(0), whole());
    }

    void writeAvg(JsonGenerator json) throws IOException {
        json.writeFieldName("avg");
        double mean = totals.values().stream().mapToDouble(d -> d).average().orElse(0);
        boolean whole = whole();
        number(json, whole ? Math.floor(mean) : mean, whole);
    }

    private static void number(JsonGenerator json, double value, boolean whole)
            throws IOException {
        if (whole) {
            json.writeNumber((long) value);
        } else {
            json.writeNumber(value);
        }
    }
}
