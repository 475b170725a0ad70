package org.dkumonitor.server.gottwall;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one GottWall metric message (spec section 3), a JSON object:
 * <pre>
 *   n | name       metric name, a non-empty string (required)
 *   ts | timestamp epoch seconds (a fraction is dropped), or "YYYY-MM-DDTHH:MM:SS" in the
 *                  project's zone; absent or null: now
 *   v | value      a number, 1 when absent or null; |v| at most 2^53 (a double's exact range)
 *   f | filters    {filter: value or [values]}, values strings, numbers or booleans
 *   p | project    the project (the stream requires it; on HTTP the URL gives it)
 *   a | action     incr, decr, gauge or avg (the stream requires it; on HTTP the URL gives it)
 *   auth           the Python stream client's copy of its header: ignored
 * </pre>
 * Other keys are ignored; a repeated key's last value wins (as Python's json). GottWall counts
 * {@code "v": 0} as 1 ({@code v or value or 1}); here 0 is 0. A bytes-in, record-out parser:
 * anything else throws {@link BadMetricException} saying what is wrong.
 */
final class MetricParser {

    static final double MAX_VALUE = 0x1p53;
    private static final DateTimeFormatter LOCAL_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8)
                    .maxNumberLength(400).build())
            .build();

    /**
     * The metric in {@code bytes[offset, offset + length)}; {@code maxSeries} is how many series
     * (the metric's own and one per filter value) it may touch.
     */
    Metric parse(byte[] bytes, int offset, int length, int maxSeries) {
        try (JsonParser json = JSON.createParser(bytes, offset, length)) {
            JsonToken first = json.nextToken();
            if (first == null) {
                throw bad(BadMetricException.Reason.BAD_JSON, "the message is empty; a metric"
                        + " is a JSON object {\"n\": name, \"v\": value, ...}");
            }
            if (first != JsonToken.START_OBJECT) {
                throw bad(BadMetricException.Reason.BAD_JSON, "a metric must be a JSON object"
                        + " {\"n\": name, \"v\": value, ...}");
            }
            Fields fields = new Fields();
            String key;
            while ((key = json.nextFieldName()) != null) {
                json.nextToken();
                field(key, json, fields, maxSeries);
            }
            if (json.nextToken() != null) {
                throw bad(BadMetricException.Reason.BAD_JSON, "text after the JSON object");
            }
            if (fields.name == null) {
                throw bad(BadMetricException.Reason.BAD_FIELD, "the metric has no name (\"n\")");
            }
            return new Metric(fields.action, fields.project, fields.name, fields.epochSecond,
                    fields.localTime, fields.value, fields.filters);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at column " + e.getLocation().getColumnNr();
            throw bad(BadMetricException.Reason.BAD_JSON, "not valid JSON" + where + ": "
                    + firstLine(e.getOriginalMessage()).replaceAll(" \\(start marker at .*", ""));
        } catch (IOException e) {
            throw bad(BadMetricException.Reason.BAD_JSON, "not valid JSON: "
                    + firstLine(e.getMessage()));
        }
    }

    /** What the message said so far; the last of a repeated key wins. */
    private static final class Fields {
        Action action;
        String project;
        String name;
        long epochSecond = Metric.NO_TIME;
        LocalDateTime localTime;
        double value = 1;
        List<Metric.Filter> filters = List.of();
    }

    private static void field(String key, JsonParser json, Fields fields, int maxSeries)
            throws IOException {
        switch (key) {
            case "n", "name" -> fields.name = name(json);
            case "ts", "timestamp" -> time(json, fields);
            case "v", "value" -> fields.value = value(json);
            case "f", "filters" -> fields.filters = filters(json, maxSeries);
            case "p", "project" -> fields.project = text(json, "p (project)");
            case "a", "action" -> fields.action = action(json);
            default -> json.skipChildren();
        }
    }

    private static String name(JsonParser json) throws IOException {
        String name = text(json, "n (name)");
        if (name == null || name.isEmpty()) {
            throw bad(BadMetricException.Reason.BAD_FIELD, "n (name) must be a non-empty"
                    + " string");
        }
        return name;
    }

    private static Action action(JsonParser json) throws IOException {
        String name = text(json, "a (action)");
        Action action = name == null ? null : Action.of(name);
        if (action == null) {
            throw bad(BadMetricException.Reason.BAD_ACTION, "a (action) must be incr, decr,"
                    + " gauge or avg, found " + (name == null ? "null" : Printable.of(name)));
        }
        return action;
    }

    private static String text(JsonParser json, String what) throws IOException {
        return switch (json.currentToken()) {
            case VALUE_STRING -> json.getText();
            case VALUE_NULL -> null;
            default -> throw bad(BadMetricException.Reason.BAD_FIELD, what + " must be a string,"
                    + " found " + kind(json.currentToken()));
        };
    }

    private static void time(JsonParser json, Fields fields) throws IOException {
        fields.localTime = null;
        fields.epochSecond = Metric.NO_TIME;
        switch (json.currentToken()) {
            case VALUE_NUMBER_INT -> {
                if (json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw badTime(json.getText());
                }
                fields.epochSecond = json.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                double seconds = Math.floor(json.getDoubleValue());
                if (!(Math.abs(seconds) < MAX_VALUE)) {
                    throw badTime(json.getText());
                }
                fields.epochSecond = (long) seconds;
            }
            case VALUE_STRING -> {
                try {
                    fields.localTime = LocalDateTime.parse(json.getText(), LOCAL_TIME);
                } catch (DateTimeParseException e) {
                    throw badTime(Printable.of(json.getText()));
                }
            }
            case VALUE_NULL -> {
                // now
            }
            default -> throw badTime(kind(json.currentToken()));
        }
    }

    private static BadMetricException badTime(String found) {
        return bad(BadMetricException.Reason.BAD_TIME, "ts must be epoch seconds or"
                + " YYYY-MM-DDTHH:MM:SS, found " + found);
    }

    private static double value(JsonParser json) throws IOException {
        double value;
        switch (json.currentToken()) {
            case VALUE_NUMBER_INT -> {
                if (json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    BigInteger big = json.getBigIntegerValue();
                    throw hugeValue(big.toString());
                }
                long whole = json.getLongValue();
                if (Math.abs(whole) > (1L << 53)) {
                    throw hugeValue(json.getText());
                }
                value = whole;
            }
            case VALUE_NUMBER_FLOAT -> value = json.getDoubleValue();
            case VALUE_NULL -> value = 1;
            default -> throw bad(BadMetricException.Reason.BAD_VALUE, "v (value) must be a"
                    + " number, found " + kind(json.currentToken()));
        }
        if (!(Math.abs(value) <= MAX_VALUE)) {
            throw hugeValue(json.getText());
        }
        return value;
    }

    private static BadMetricException hugeValue(String found) {
        String shown = found.length() > 40 ? found.substring(0, 40) + "…" : found;
        return bad(BadMetricException.Reason.BAD_VALUE, "v (value) must be at most 2^53 in"
                + " size (beyond it counts are no longer exact), found " + shown);
    }

    private static List<Metric.Filter> filters(JsonParser json, int maxSeries)
            throws IOException {
        if (json.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (json.currentToken() != JsonToken.START_OBJECT) {
            throw bad(BadMetricException.Reason.BAD_FIELD, "f (filters) must be an object"
                    + " {filter: value or [values]}, found " + kind(json.currentToken()));
        }
        List<Metric.Filter> filters = new ArrayList<>(2);
        int series = 1;
        String next;
        while ((next = json.nextFieldName()) != null) {
            String filter = next;
            List<String> values = new ArrayList<>(1);
            if (json.nextToken() == JsonToken.START_ARRAY) {
                while (json.nextToken() != JsonToken.END_ARRAY) {
                    values.add(filterValue(json, filter));
                    series = checkSeries(series + 1, maxSeries);
                }
            } else {
                values.add(filterValue(json, filter));
                series = checkSeries(series + 1, maxSeries);
            }
            filters.removeIf(f -> f.name().equals(filter));
            filters.add(new Metric.Filter(filter, List.copyOf(values)));
        }
        return List.copyOf(filters);
    }

    private static int checkSeries(int series, int maxSeries) {
        if (series > maxSeries) {
            throw bad(BadMetricException.Reason.TOO_MANY_SERIES, "the metric's filters have"
                    + " more than " + (maxSeries - 1) + " values (gottwall.maxSeriesPerMetric"
                    + " is " + maxSeries + ": every value is a series)");
        }
        return series;
    }

    /** A filter value as the text of its series node; JSON scalars as JSON writes them. */
    private static String filterValue(JsonParser json, String filter) throws IOException {
        return switch (json.currentToken()) {
            case VALUE_STRING -> json.getText();
            case VALUE_NUMBER_INT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> json.getText();
            case VALUE_NUMBER_FLOAT -> {
                double number = json.getDoubleValue();
                yield number == Math.rint(number) && Math.abs(number) < MAX_VALUE
                        ? Long.toString((long) number) : json.getText();
            }
            default -> throw bad(BadMetricException.Reason.BAD_FIELD, "filter "
                    + Printable.of(filter) + " must have a string, number or boolean value,"
                    + " or a list of them, found " + kind(json.currentToken()));
        };
    }

    private static String kind(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString();
        };
    }

    private static BadMetricException bad(BadMetricException.Reason reason, String message) {
        return new BadMetricException(reason, message);
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
