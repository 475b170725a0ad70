package org.dkumonitor.server.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.server.metrics.InvalidMetricNameException;
import org.dkumonitor.server.metrics.MetricTree;
import org.dkumonitor.server.metrics.NodeGlob;
import org.dkumonitor.server.render.time.AtTime;
import org.dkumonitor.server.render.JsonSeriesWriter;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.render.SeriesReader;
import org.dkumonitor.server.render.time.TimeFormatException;

/**
 * {@code /render}: each {@code target} (a metric path or a glob) over {@code from}..{@code until}
 * (default the last 24 hours), as graphite-web's JSON.
 */
final class RenderHandler implements ApiServer.Endpoint {

    private final MetricTree tree;
    private final SeriesReader reader;
    private final InstantSource clock;

    RenderHandler(MetricTree tree, SeriesReader reader, InstantSource clock) {
        this.tree = tree;
        this.reader = reader;
        this.clock = clock;
    }

    @Override
    public ApiServer.Response handle(QueryParameters parameters) throws IOException {
        String format = parameters.get("format", "png");
        if (!format.equals("json")) {
            throw new BadRequestException("format '" + format + "' is not served; use format=json");
        }
        long now = clock.instant().getEpochSecond();
        long from;
        long until;
        try {
            from = AtTime.parse(parameters.get("from", "-24h"), java.time.ZoneOffset.UTC, now);
            until = AtTime.parse(parameters.get("until", "now"), java.time.ZoneOffset.UTC, now);
        } catch (TimeFormatException e) {
            throw new BadRequestException(e.getMessage());
        }
        if (from == until) {
            throw new BadRequestException("from and until are the same time, " + from);
        }
        if (from > until) {
            long swap = from;
            from = until;
            until = swap;
        }
        List<Series> series = new ArrayList<>();
        for (String target : parameters.all("target")) {
            if (target.isBlank()) {
                continue;
            }
            series.addAll(read(target.strip(), from, until, now));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        JsonSeriesWriter.write(series, body);
        return new ApiServer.Response(200, "application/json", body.toByteArray());
    }

    private List<Series> read(String target, long from, long until, long now) {
        if (target.contains("(")) {
            throw new BadRequestException("target '" + target
                    + "': render functions are not served yet; give a metric path or a glob");
        }
        List<String> metrics = NodeGlob.hasWildcard(target)
                ? tree.expandLeaves(target) : List.of(target);
        List<Series> found = new ArrayList<>();
        for (String metric : metrics) {
            try {
                Series series = reader.read(metric, from, until, now);
                if (series != null) {
                    found.add(series);
                }
            } catch (InvalidMetricNameException e) {
                throw new BadRequestException(e.getMessage());
            }
        }
        return found;
    }
}
