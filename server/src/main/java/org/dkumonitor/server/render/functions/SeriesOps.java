package org.dkumonitor.server.render.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.dkumonitor.server.python.PyFormat;
import org.dkumonitor.server.render.Series;

/** Small helpers the function groups share. */
final class SeriesOps {

    private SeriesOps() {
    }

    /** Applies {@code op} to every present value; None stays None. */
    static double[] mapPresent(double[] values, DoubleUnaryOperator op) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Double.isNaN(values[i]) ? Double.NaN : op.applyAsDouble(values[i]);
        }
        return out;
    }

    /** Every series transformed, renamed to {@code name(series.name…)} with a tag. */
    static List<Series> transform(List<Series> list, String nameFormat, String tag, String tagValue,
            boolean setPathExpression, DoubleUnaryOperator op) {
        List<Series> out = new ArrayList<>(list.size());
        for (Series s : list) {
            String name = nameFormat.replace("%s", s.name());
            Series t = s.withValues(mapPresent(s.values(), op)).withName(name);
            if (tag != null) {
                t = t.withTag(tag, tagValue);
            }
            out.add(setPathExpression ? t.withPathExpression(name) : t);
        }
        return out;
    }

    /** A fresh series as graphite-web's TimeSeries(name, start, end, step, values, xff=). */
    static Series fresh(String name, long start, long end, int step, double[] values,
            double xFilesFactor) {
        return new Series(name, start, end, step, values, name, null, null, xFilesFactor);
    }

    /** The node or tag of a series graphite-web's aggKey/getNodeOrTag would pick. */
    static String nodeOrTag(Series series, Object node, String pathExpression) {
        if (node instanceof Long || node instanceof Double d && d == Math.rint(d)) {
            int n = (int) ((Number) node).longValue();
            String base = pathExpression != null ? pathExpression : series.name();
            int semicolon = base.indexOf(';');
            if (semicolon >= 0) {
                base = base.substring(0, semicolon);
            }
            String[] parts = base.split("\\.", -1);
            int index = n < 0 ? parts.length + n : n;
            if (index >= 0 && index < parts.length) {
                return parts[index];
            }
        }
        return series.tags().getOrDefault(PyFormat.str(node), "");
    }

    /** graphite-web's aggKey: the nodes (or tags) joined by dots. */
    static String aggKey(Series series, List<Object> nodes) {
        String pathExpression = null;
        if (series.name().endsWith(")")) {
            pathExpression = firstPathExpression(series.name());
        }
        List<String> parts = new ArrayList<>(nodes.size());
        for (Object node : nodes) {
            parts.add(nodeOrTag(series, node, pathExpression));
        }
        return String.join(".", parts);
    }

    /** The first path inside a function-wrapped name, e.g. {@code a.b} in {@code f(a.b,2)}. */
    static String firstPathExpression(String name) {
        try {
            org.dkumonitor.server.render.target.Expr expr =
                    org.dkumonitor.server.render.target.TargetParser.parse(name);
            while (true) {
                switch (expr) {
                    case org.dkumonitor.server.render.target.Expr.Path path -> {
                        return path.pattern();
                    }
                    case org.dkumonitor.server.render.target.Expr.Call call
                            when !call.args().isEmpty() -> expr = call.args().get(0);
                    default -> {
                        return null;
                    }
                }
            }
        } catch (org.dkumonitor.server.render.target.TargetSyntaxException e) {
            return null;
        }
    }

    /** graphite-web's keyFunc(aggFunc): the aggregate of the values, None sorting lowest. */
    static double sortKey(Series series, Aggregation.Aggregator function) {
        double value = function.apply(series.values());
        return Double.isNaN(value) ? Double.NEGATIVE_INFINITY : value;
    }
}
