package org.dkumonitor.server.render.functions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.render.SeriesAggregate;
import org.dkumonitor.server.render.target.Expr;

/**
 * {@code sumSeries(path)}, {@code averageSeries(path)}, {@code minSeries(path)},
 * {@code maxSeries(path)} and {@code aggregate(path, 'sum'|'avg'|'min'|'max'[, xff])} answered
 * from the source's own aggregate when it has one (ClickHouse adds 500 series in SQL instead
 * of sending them to be added here). The result is what {@link CombineFunctions#aggregate}
 * makes of the fetched series: same name, tags, window, xFilesFactor rule; only the order of
 * the additions may differ, so a sum can differ in its last bits.
 */
final class AggregatePushdown {

    private static final Map<String, String> SHORTHANDS = Map.of("sumSeries", "sum",
            "averageSeries", "average", "minSeries", "min", "maxSeries", "max");
    private static final List<String> FUNCTIONS = List.of("sum", "total", "average", "avg",
            "min", "max");

    private AggregatePushdown() {
    }

    /** The call's result from the source's aggregate, or empty when it must be evaluated. */
    static Optional<List<Series>> answer(Expr.Call call, RenderContext context) {
        if (!call.kwargs().isEmpty() || call.args().isEmpty()
                || !(call.args().get(0) instanceof Expr.Path path)) {
            return Optional.empty();
        }
        String function;
        Double xFilesFactor = null;
        List<Expr> args = call.args();
        if (SHORTHANDS.containsKey(call.name()) && args.size() == 1) {
            function = SHORTHANDS.get(call.name());
        } else if (call.name().equals("aggregate") && (args.size() == 2 || args.size() == 3)
                && args.get(1) instanceof Expr.Text text && FUNCTIONS.contains(text.value())) {
            function = text.value();
            if (args.size() == 3) {
                if (!(args.get(2) instanceof Expr.Number number)) {
                    return Optional.empty();
                }
                xFilesFactor = number.value();
            }
        } else {
            return Optional.empty();
        }
        Optional<SeriesAggregate> aggregate = context.source().aggregate(path.pattern(),
                context.from(), context.until(), context.now());
        double xff = xFilesFactor != null ? xFilesFactor : context.xFilesFactor();
        String fn = function;
        return aggregate.map(a -> List.of(series(a, fn, path.pattern(), xff)));
    }

    private static Series series(SeriesAggregate aggregate, String function, String pattern,
            double xff) {
        double[] values = new double[aggregate.size()];
        for (int i = 0; i < values.length; i++) {
            int count = aggregate.counts()[i];
            if (!Aggregation.xff(count, aggregate.series(), xff)) {
                values[i] = Double.NaN;
                continue;
            }
            values[i] = switch (function) {
                case "sum", "total" -> aggregate.sums()[i];
                case "average", "avg" -> aggregate.sums()[i] / count;
                case "min" -> aggregate.mins()[i];
                default -> aggregate.maxes()[i];
            };
        }
        String name = function + "Series(" + pattern + ")";
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("name", name);
        tags.put("aggregatedBy", function);
        return new Series(name, aggregate.start(), aggregate.end(), aggregate.step(), values,
                name, tags, null, xff);
    }
}
