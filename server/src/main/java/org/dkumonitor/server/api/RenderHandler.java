package org.dkumonitor.server.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.server.limits.RequestGate;
import org.dkumonitor.server.metrics.MetricTree;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.render.SeriesReader;
import org.dkumonitor.server.render.StoreSource;
import org.dkumonitor.server.render.target.Expr;
import org.dkumonitor.server.render.format.CsvFormat;
import org.dkumonitor.server.render.format.JsonFormat;
import org.dkumonitor.server.render.format.PickleFormat;
import org.dkumonitor.server.render.format.RawFormat;
import org.dkumonitor.server.render.functions.Evaluator;
import org.dkumonitor.server.render.functions.EventSource;
import org.dkumonitor.server.render.functions.FunctionArgumentException;
import org.dkumonitor.server.render.functions.RenderContext;
import org.dkumonitor.server.render.functions.RenderLimitException;
import org.dkumonitor.server.render.graph.GraphOptionException;
import org.dkumonitor.server.render.graph.GraphOptions;
import org.dkumonitor.server.render.graph.GraphRenderer;
import org.dkumonitor.server.render.target.TargetParser;
import org.dkumonitor.server.render.target.TargetSyntaxException;
import org.dkumonitor.server.render.time.AtTime;
import org.dkumonitor.server.render.time.TimeFormatException;

/**
 * {@code /render}: every {@code target} (or {@code target[]}) evaluated over {@code from} ..
 * {@code until} (default the last 24 hours) as seen at {@code now} (default the clock), in
 * {@code tz}, written as json, csv, raw, pickle, png or svg (png when no format is given, as
 * graphite-web). Any error in the request is a 400 with the reason.
 */
final class RenderHandler implements ApiServer.Endpoint {

    private final RenderSources sources;
    private final InstantSource clock;
    private final Evaluator evaluator;
    private final ApiOptions options;

    RenderHandler(MetricTree tree, SeriesReader reader, InstantSource clock, Evaluator evaluator,
            ApiOptions options, java.util.function.Supplier<EventSource> events) {
        this(local(tree, reader, events), clock, evaluator, options);
    }

    RenderHandler(RenderSources sources, InstantSource clock, Evaluator evaluator,
            ApiOptions options) {
        this.sources = sources;
        this.clock = clock;
        this.evaluator = evaluator;
        this.options = options;
    }

    /** This server's store (and its event log, for the events() function). */
    static RenderSources local(MetricTree tree, SeriesReader reader,
            java.util.function.Supplier<EventSource> events) {
        return (budget, targets, from, until, now) -> new StoreSource(tree, reader, budget,
                events.get());
    }

    @Override
    public ApiServer.Response handle(QueryParameters parameters) throws IOException {
        String format = format(parameters);
        ZoneId zone = zone(parameters.get("tz", null));
        List<String> targets = new ArrayList<>(parameters.all("target"));
        if (targets.isEmpty()) {
            targets.addAll(parameters.all("target[]"));
        }
        long[] window = window(parameters, zone);
        RenderContext.Budget budget = new RenderContext.Budget(options.maxSeriesPerRequest(),
                options.maxPointsPerRequest());
        double xFilesFactor = xFilesFactor(parameters);
        List<Expr> parsed = new ArrayList<>();
        for (String target : targets) {
            if (target.isBlank()) {
                continue;
            }
            try {
                parsed.add(TargetParser.parse(target.strip()));
            } catch (TargetSyntaxException e) {
                throw new BadRequestException(e.getMessage());
            }
        }
        List<Series> series = new ArrayList<>();
        try {
            RenderContext context = new RenderContext(window[0], window[1], window[2], zone,
                    xFilesFactor, sources.open(budget, parsed, window[0], window[1], window[2]),
                    budget);
            for (Expr target : parsed) {
                series.addAll(evaluator.seriesList(target, context));
            }
        } catch (FunctionArgumentException | RenderLimitException | TimeFormatException e) {
            throw new BadRequestException(e.getMessage());
        }
        ByteArrayOutputStream body = RequestGate.responseBuffer();
        String contentType;
        switch (format) {
            case "json" -> {
                JsonFormat.write(series, maxDataPoints(parameters),
                        parameters.has("noNullPoints"), !parameters.get("pretty", "").isEmpty(),
                        body);
                contentType = "application/json";
            }
            case "csv" -> {
                CsvFormat.write(series, zone, body);
                contentType = "text/csv";
            }
            case "raw" -> {
                RawFormat.write(series, body);
                contentType = "text/plain";
            }
            case "pickle" -> {
                // a front end's read of many series: built in one array, not copied again
                return new ApiServer.Response(200, "application/pickle",
                        PickleFormat.bytes(series));
            }
            case "png", "svg" -> {
                GraphOptions graph;
                try {
                    graph = GraphOptions.parse(key -> parameters.get(key, null),
                            format.equals("svg"));
                } catch (GraphOptionException e) {
                    throw new BadRequestException(e.getMessage());
                }
                GraphRenderer.render(series, graph, window[0], window[1], zone, body);
                contentType = format.equals("svg") ? "image/svg+xml" : "image/png";
            }
            default -> throw new BadRequestException("format '" + format
                    + "' is not served; use json, csv, raw, pickle, png or svg");
        }
        String jsonp = parameters.get("jsonp", null);
        if (jsonp != null && (format.equals("json") || format.equals("svg"))) {
            if (!jsonp.matches("[A-Za-z_$][A-Za-z0-9_$.]*")) {
                throw new BadRequestException("jsonp must be a JavaScript identifier");
            }
            String wrapped = jsonp + "(" + body.toString(StandardCharsets.UTF_8) + ")";
            return new ApiServer.Response(200, "text/javascript",
                    wrapped.getBytes(StandardCharsets.UTF_8));
        }
        return new ApiServer.Response(200, contentType, body.toByteArray());
    }

    private static String format(QueryParameters parameters) {
        String format = "png";
        if (parameters.has("pickle")) {
            format = "pickle";
        }
        if (parameters.has("rawData") || parameters.has("rawdata")) {
            format = "raw";
        }
        if (parameters.has("format")) {
            format = parameters.get("format", "png");
        }
        return format;
    }

    private ZoneId zone(String tz) {
        if (tz == null) {
            return options.defaultZone();
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            return options.defaultZone(); // graphite-web ignores an unknown tz
        }
    }

    /** {from, until, now} as graphite-web's parseOptions computes them. */
    private long[] window(QueryParameters parameters, ZoneId zone) {
        try {
            long clockNow = clock.instant().getEpochSecond();
            long now = parameters.has("now")
                    ? AtTime.parse(parameters.get("now", "now"), zone, clockNow) : clockNow;
            long until = parameters.has("until")
                    ? AtTime.parse(parameters.get("until", "now"), zone, now) : now;
            long from = parameters.has("from")
                    ? AtTime.parse(parameters.get("from", "-1d"), zone, now)
                    : AtTime.parse("-1d", zone, now);
            if (from == until) {
                throw new BadRequestException("Invalid empty time range: from and until are both "
                        + from);
            }
            return new long[] {Math.min(from, until), Math.max(from, until), now};
        } catch (TimeFormatException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static Integer maxDataPoints(QueryParameters parameters) {
        String value = parameters.get("maxDataPoints", null);
        if (value == null || !value.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static double xFilesFactor(QueryParameters parameters) {
        String value = parameters.get("xFilesFactor", null);
        if (value == null) {
            return 0;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new BadRequestException("xFilesFactor must be a number, found '" + value + "'");
        }
    }
}
