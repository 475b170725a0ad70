package org.dkumonitor.server.gottwall;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dkumonitor.server.api.QueryParameters;
import org.dkumonitor.server.ingest.HttpResponse;
import org.dkumonitor.server.metrics.MetricNode;
import org.dkumonitor.server.metrics.MetricIndex;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.whisper.Retention;

/**
 * GottWall's read API (spec section 8), answered from the Graphite series the counters are
 * stored in, in GottWall's JSON shapes and key order (tornado's {@code json_encode} of a
 * Python 2 dict):
 * <pre>
 *   stats          name, period (month), from_date and to_date (YYYY-MM-DD),
 *                  filter_name and filter_value (optional)
 *                  {"project", "min", "range": [[bucket_start, total], ...], "name",
 *                   "filter_name", "filter_value", "max", "avg", "period"}
 *   stats_dataset  the same with filter_name (required) and no filter_value:
 *                  {"project", "filter_name", "data": {value: {"max", "range", "avg", "min"}},
 *                   "period", "name"}
 *   metrics        {name: {filter_name: [values, ...]}}
 * </pre>
 * Buckets are the periods minute, hour, day, week (from Monday), month, year, and all (one
 * bucket, keyed 0), in the project's zone ({@code gottwall.timeZones}, UTC by default);
 * {@code range} lists the buckets that hold data, oldest first, each keyed by its start in epoch
 * seconds; {@code avg} is the floor of their mean when every total is whole (as GottWall's
 * integer division), min and max are 0 when there is none. Where GottWall answered 500 (no
 * dates, {@code period=all}) this answers: missing dates default to a span that suits the
 * period (see {@link #defaultFrom}). Errors are GottWall's 400 {@code {"text": ...}}.
 */
final class ReadApi {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");
    /** Values of one filter stats_dataset reads at most. */
    static final int MAX_DATASET_VALUES = 10_000;

    private final Supplier<GottwallConfig> config;
    private final MetricIndex tree;
    private final SeriesSource source;
    private final Function<String, List<Retention>> retentions;
    private final java.time.InstantSource clock;

    /** One series over {@code (from, until]} as seen at {@code now}; null when absent. */
    @FunctionalInterface
    interface SeriesSource {
        Series read(String series, long from, long until, long now);
    }

    ReadApi(Supplier<GottwallConfig> config, MetricIndex tree, SeriesSource totals,
            Function<String, List<Retention>> retentions, java.time.InstantSource clock) {
        this.config = config;
        this.tree = tree;
        this.source = totals;
        this.retentions = retentions;
        this.clock = clock;
    }

    static boolean serves(String endpoint) {
        return endpoint.equals("stats") || endpoint.equals("stats_dataset")
                || endpoint.equals("metrics");
    }

    HttpResponse answer(String project, String endpoint, QueryParameters query) {
        try {
            return switch (endpoint) {
                case "metrics" -> ok(json -> metrics(project, json));
                case "stats" -> stats(project, query, false);
                case "stats_dataset" -> stats(project, query, true);
                default -> throw new IllegalArgumentException(endpoint);
            };
        } catch (RequestError | BadMetricException e) {
            return HttpResponse.json(400, textBody(e.getMessage()));
        }
    }

    private HttpResponse stats(String project, QueryParameters query, boolean dataset) {
        String name = query.get("name", null);
        Period period = Period.of(query.get("period", "month"));
        if (name == null || period == null) {
            throw new RequestError("You need specify name and period");
        }
        String filterName = query.get("filter_name", null);
        String filterValue = dataset ? null : query.get("filter_value", null);
        if (dataset && filterName == null) {
            throw new RequestError("You need specify filter_name");
        }
        if (!dataset && (filterName == null) != (filterValue == null)) {
            throw new RequestError("You need specify filter_name and filter_value together");
        }
        ZoneId zone = config.get().zoneOf(project);
        long now = clock.instant().getEpochSecond();
        Window window = window(query, period, zone, now);
        String counter = SeriesNames.counter(project, name);
        if (dataset) {
            List<String> values = filterValues(counter, filterName);
            return ok(json -> {
                json.writeStartObject();
                json.writeStringField("project", project);
                json.writeStringField("filter_name", filterName);
                json.writeObjectFieldStart("data");
                for (String value : values) {
                    PeriodTotals buckets = totals(SeriesNames.filtered(counter, filterName,
                            value), period, zone, window, now);
                    json.writeObjectFieldStart(value);
                    buckets.writeMax(json);
                    buckets.writeRange(json);
                    buckets.writeAvg(json);
                    buckets.writeMin(json);
                    json.writeEndObject();
                }
                json.writeEndObject();
                json.writeStringField("period", period.wireName());
                json.writeStringField("name", name);
                json.writeEndObject();
            });
        }
        String series = filterName == null ? counter
                : SeriesNames.filtered(counter, filterName, filterValue);
        PeriodTotals buckets = totals(series, period, zone, window, now);
        return ok(json -> {
            json.writeStartObject();
            json.writeStringField("project", project);
            buckets.writeMin(json);
            buckets.writeRange(json);
            json.writeStringField("name", name);
            json.writeStringField("filter_name", filterName);
            json.writeStringField("filter_value", filterValue);
            buckets.writeMax(json);
            buckets.writeAvg(json);
            json.writeStringField("period", period.wireName());
            json.writeEndObject();
        });
    }

    /** The epoch seconds a query reads: {@code [from, until)}. */
    private record Window(long from, long until) {
    }

    private Window window(QueryParameters query, Period period, ZoneId zone, long now) {
        LocalDate today = ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(now), zone)
                .toLocalDate();
        LocalDate to = date(query.get("to_date", null), today);
        LocalDate from = date(query.get("from_date", null), defaultFrom(period, to));
        if (from.isAfter(to)) {
            throw new RequestError("Invalid date range");
        }
        if (period == Period.ALL) {
            return new Window(Long.MIN_VALUE, now + 1);
        }
        ZonedDateTime start = period.start(from.atStartOfDay(zone));
        ZonedDateTime end = period.next(period.start(to.atStartOfDay(zone)));
        if (period.compareTo(Period.DAY) < 0) {
            end = to.plusDays(1).atStartOfDay(zone);
        }
        return new Window(start.toEpochSecond(), end.toEpochSecond());
    }

    /**
     * Without {@code from_date}: the last day for minutes and hours, 30 days of days, a year
     * of weeks and months, ten years of years.
     */
    static LocalDate defaultFrom(Period period, LocalDate to) {
        return switch (period) {
            case MINUTE, HOUR -> to;
            case DAY -> to.minusDays(29);
            case WEEK, MONTH -> to.minusYears(1);
            case YEAR, ALL -> to.minusYears(10);
        };
    }

    private static LocalDate date(String text, LocalDate otherwise) {
        if (text == null) {
            return otherwise;
        }
        try {
            return LocalDate.parse(text, DATE);
        } catch (DateTimeException e) {
            throw new RequestError("Invalid date range");
        }
    }

    private PeriodTotals totals(String series, Period period, ZoneId zone, Window window,
            long now) {
        PeriodTotals buckets = new PeriodTotals();
        long from = window.from;
        if (from == Long.MIN_VALUE) {
            long kept = 0;
            for (Retention retention : retentions.apply(series)) {
                kept = Math.max(kept, retention.retentionSeconds());
            }
            from = now - kept;
        }
        // the reader's range is (from, until]: slots starting in [window.from, window.until)
        Series points = source.read(series, from - 1, Math.min(window.until, now + 1) - 1, now);
        if (points == null) {
            return buckets;
        }
        ZonedDateTime bucketStart = null;
        long bucketEnd = Long.MIN_VALUE;
        for (int i = 0; i < points.size(); i++) {
            long time = points.timestampAt(i);
            double value = points.value(i);
            if (Double.isNaN(value) || time < window.from || time >= window.until) {
                continue;
            }
            if (period == Period.ALL) {
                buckets.add(0, value);
                continue;
            }
            if (bucketStart == null || time >= bucketEnd) {
                bucketStart = period.start(ZonedDateTime.ofInstant(
                        java.time.Instant.ofEpochSecond(time), zone));
                bucketEnd = period.next(bucketStart).toEpochSecond();
            }
            buckets.add(bucketStart.toEpochSecond(), value);
        }
        return buckets;
    }

    /** The filter values of a counter, decoded, sorted. */
    private List<String> filterValues(String counter, String filterName) {
        List<String> values = new ArrayList<>();
        for (MetricNode node : tree.find(counter + "." + SeriesNames.node(filterName) + ".*")) {
            if (node.leaf()) {
                values.add(SeriesNames.decode(node.name()));
            }
        }
        if (values.size() > MAX_DATASET_VALUES) {
            throw new RequestError("filter " + filterName + " has " + values.size()
                    + " values, more than " + MAX_DATASET_VALUES + " stats_dataset reads");
        }
        values.sort(null);
        return values;
    }

    /** {@code {name: {filter: [values]}}}, names, filters and values sorted. */
    private void metrics(String project, JsonGenerator json) throws IOException {
        String root = SeriesNames.ROOT + "." + SeriesNames.node(project);
        Map<String, Map<String, List<String>>> metrics = new TreeMap<>();
        for (MetricNode name : tree.find(root + ".*")) {
            Map<String, List<String>> filters = metrics.computeIfAbsent(
                    SeriesNames.decode(name.name()), n -> new TreeMap<>());
            if (name.leaf()) {
                continue;
            }
            for (MetricNode filter : tree.find(name.path() + ".*")) {
                if (!filter.leaf()) {
                    List<String> values = new ArrayList<>();
                    for (MetricNode value : tree.find(filter.path() + ".*")) {
                        if (value.leaf()) {
                            values.add(SeriesNames.decode(value.name()));
                        }
                    }
                    values.sort(null);
                    filters.put(SeriesNames.decode(filter.name()), values);
                }
            }
        }
        json.writeStartObject();
        for (Map.Entry<String, Map<String, List<String>>> metric : metrics.entrySet()) {
            json.writeObjectFieldStart(metric.getKey());
            for (Map.Entry<String, List<String>> filter : metric.getValue().entrySet()) {
                json.writeArrayFieldStart(filter.getKey());
                for (String value : filter.getValue()) {
                    json.writeString(value);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /** Writes a body. */
    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static HttpResponse ok(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new HttpResponse(200, HttpResponse.JSON, out.toByteArray());
    }

    private static String textBody(String text) {
        return "{\"text\": " + org.dkumonitor.server.ingest.JsonText.quote(text) + "}";
    }

    /** A request GottWall answers 400 {"text": ...}. */
    private static final class RequestError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RequestError(String text) {
            super(text, null, false, false);
        }
    }
}
