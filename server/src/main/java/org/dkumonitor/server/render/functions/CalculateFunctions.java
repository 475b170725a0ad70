package org.dkumonitor.server.render.functions;

import static org.dkumonitor.server.render.functions.FunctionLibrary.INT_OR_INTERVAL_SUGGESTIONS;
import static org.dkumonitor.server.render.functions.FunctionLibrary.aggFunc;
import static org.dkumonitor.server.render.functions.FunctionLibrary.seriesList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dkumonitor.server.python.PyFormat;
import org.dkumonitor.server.python.PyMath;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.render.time.AtTime;

/**
 * graphite-web's "Calculate" group: moving windows (which read extra data before the window so
 * the first points have a full window), aggregateLine, nPercentile, stdev, linearRegression.
 */
final class CalculateFunctions {

    private static final String GROUP = "Calculate";

    private CalculateFunctions() {
    }

    static void register(FunctionLibrary lib) {
        Param window = Param.required("windowSize", ParamType.INT_OR_INTERVAL)
                .withSuggestions(INT_OR_INTERVAL_SUGGESTIONS);
        lib.define("movingWindow", GROUP, "Each point is the aggregation (average by default) "
                + "of the window of points before it; the window is a count of points or an "
                + "interval.", call -> movingWindow(call, call.string(2), call.optionalNumber(3)),
                seriesList(), window, aggFunc("func", "average"),
                Param.optional("xFilesFactor", ParamType.FLOAT));
        for (String[] pair : new String[][] {{"movingAverage", "average"},
                {"movingMedian", "median"}, {"movingSum", "sum"}, {"movingMin", "min"},
                {"movingMax", "max"}}) {
            lib.define(pair[0], GROUP, "movingWindow with '" + pair[1] + "'.",
                    call -> movingWindow(call, pair[1], call.optionalNumber(2)), seriesList(),
                    window, Param.optional("xFilesFactor", ParamType.FLOAT));
        }
        lib.define("exponentialMovingAverage", GROUP, "The exponential moving average over a "
                + "window of points or an interval.", CalculateFunctions::exponential,
                seriesList(), window);
        lib.define("aggregateLine", GROUP, "A horizontal line at the aggregate of each series.",
                CalculateFunctions::aggregateLine, seriesList(), aggFunc("func", "average"),
                Param.optional("keepStep", ParamType.BOOLEAN, false));
        lib.define("nPercentile", GROUP, "A horizontal line at the n-th percentile of each "
                + "series.", CalculateFunctions::nPercentile, seriesList(),
                Param.required("n", ParamType.FLOAT));
        lib.define("stdev", GROUP, "The standard deviation over a moving window of points.",
                CalculateFunctions::stdev, seriesList(), Param.required("points",
                        ParamType.INTEGER),
                Param.optional("windowTolerance", ParamType.FLOAT, 0.1));
        lib.define("linearRegression", GROUP, "The least-squares line through each series "
                + "(optionally fitted on another window), drawn over the request's window.",
                CalculateFunctions::linearRegression, seriesList(),
                Param.optional("startSourceAt", ParamType.DATE),
                Param.optional("endSourceAt", ParamType.DATE));
    }

    private record Window(long previewSeconds, boolean interval, String text) {
    }

    private static Window window(Invocation call, List<Series> list, Object windowSize) {
        if (windowSize instanceof String text) {
            long seconds = Math.abs(AtTime.offsetSeconds(text.strip().toLowerCase(Locale.ROOT)
                    .replace(" ", ""), text));
            return new Window(seconds, true, text);
        }
        if (!(windowSize instanceof Number number)) {
            throw call.error("windowSize must be a number of points or an interval string");
        }
        long points = number.longValue();
        if (points < 0 || points > 1_000_000) {
            throw call.error("windowSize must be between 0 and 1000000 points");
        }
        int maxStep = 0;
        for (Series s : list) {
            maxStep = Math.max(maxStep, s.step());
        }
        return new Window(maxStep * points, false, PyFormat.str(points));
    }

    private static List<Series> movingWindow(Invocation call, String func, Double xFilesFactor) {
        List<Series> list = call.series(0);
        if (list.isEmpty()) {
            return List.of();
        }
        Aggregation.Aggregator aggregator = Aggregation.of(func);
        Window window = window(call, list, call.value(1));
        RenderContext context = call.context();
        List<Series> preview = call.reevaluate(0,
                context.withRange(context.from() - window.previewSeconds(), context.until()));
        String tagName = "moving" + Character.toUpperCase(func.charAt(0))
                + func.substring(1).toLowerCase(Locale.ROOT);
        List<Series> out = new ArrayList<>();
        for (Series series : preview) {
            String name;
            int windowPoints;
            if (window.interval()) {
                name = tagName + "(" + series.name() + ",\"" + window.text() + "\")";
                windowPoints = (int) (window.previewSeconds() / series.step());
            } else {
                name = tagName + "(" + series.name() + "," + window.text() + ")";
                windowPoints = (int) ((Number) call.value(1)).longValue();
            }
            double xff = xFilesFactor != null ? xFilesFactor : series.xFilesFactor();
            int length = Math.max(0, series.size() - windowPoints);
            double[] values = new double[length];
            for (int k = 0; k < length; k++) {
                int i = k + windowPoints;
                double[] slice = Arrays.copyOfRange(series.values(), i - windowPoints, i);
                int nonNull = Aggregation.count(slice);
                values[k] = nonNull > 0 && Aggregation.xff(nonNull, windowPoints, xff)
                        ? aggregator.apply(slice) : Double.NaN;
            }
            out.add(series.withTag(tagName, window.interval() ? window.text()
                    : PyFormat.str(call.value(1))).copy(name,
                    series.start() + window.previewSeconds(), series.end(), series.step(),
                    values));
        }
        return out;
    }

    private static List<Series> exponential(Invocation call) {
        List<Series> list = call.series(0);
        if (list.isEmpty()) {
            return List.of();
        }
        Window window = window(call, list, call.value(1));
        double constant = window.interval() ? 2.0 / (window.previewSeconds() + 1)
                : 2.0 / (((Number) call.value(1)).longValue() + 1);
        RenderContext context = call.context();
        List<Series> preview = call.reevaluate(0,
                context.withRange(context.from() - window.previewSeconds(), context.until()));
        List<Series> out = new ArrayList<>();
        for (Series series : preview) {
            String name;
            int windowPoints;
            if (window.interval()) {
                name = "exponentialMovingAverage(" + series.name() + ",\"" + window.text() + "\")";
                windowPoints = (int) (window.previewSeconds() / series.step());
            } else {
                name = "exponentialMovingAverage(" + series.name() + "," + window.text() + ")";
                windowPoints = (int) ((Number) call.value(1)).longValue();
            }
            double ema = Aggregation.average(Arrays.copyOfRange(series.values(), 0,
                    Math.min(windowPoints, series.size())));
            if (Double.isNaN(ema) || ema == 0) {
                ema = 0;
            }
            List<Double> values = new ArrayList<>();
            values.add(PyMath.round(ema, 6));
            for (int i = windowPoints; i < series.size(); i++) {
                if (!Double.isNaN(series.value(i))) {
                    ema = constant * series.value(i) + (1 - constant) * ema;
                    values.add(PyMath.round(ema, 6));
                } else {
                    values.add(Double.NaN);
                }
            }
            out.add(series.withTag("exponentialMovingAverage", window.interval() ? window.text()
                    : PyFormat.str(call.value(1))).copy(name,
                    series.start() + window.previewSeconds(), series.end(), series.step(),
                    values.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return out;
    }

    private static List<Series> aggregateLine(Invocation call) {
        Aggregation.Aggregator aggregator = Aggregation.of(call.string(1));
        List<Series> out = new ArrayList<>();
        for (Series s : call.series(0)) {
            double value = aggregator.apply(s.values());
            String name = "aggregateLine(" + s.name() + ", "
                    + (Double.isNaN(value) ? "None" : PyFormat.g(value)) + ")";
            if (call.bool(2)) {
                double[] values = new double[s.size()];
                Arrays.fill(values, value);
                out.add(s.copy(name, s.start(), s.end(), s.step(), values));
            } else {
                Series line = SpecialFunctions.constantLine(call.context(),
                        Double.isNaN(value) ? null : value).get(0);
                out.add(line.renamed(name));
            }
        }
        return out;
    }

    private static List<Series> nPercentile(Invocation call) {
        double n = call.number(1);
        if (n == 0) {
            throw call.error("The requested percent is required to be greater than 0");
        }
        List<Series> out = new ArrayList<>();
        for (Series s : call.series(0)) {
            double[] present = Aggregation.present(s.values());
            if (present.length == 0) {
                continue;
            }
            double percentile = CombineFunctions.percentile(present, n, false);
            if (Double.isNaN(percentile)) {
                continue;
            }
            int pointCount = (int) ((s.end() - s.start()) / s.step());
            double[] values = new double[Math.max(0, pointCount)];
            Arrays.fill(values, percentile);
            out.add(s.withTag("nPercentile", PyFormat.str(call.value(1))).copy("nPercentile("
                    + s.name() + ", " + PyFormat.g(n) + ")", s.start(), s.end(), s.step(),
                    values));
        }
        return out;
    }

    private static List<Series> stdev(Invocation call) {
        long points = call.integer(1);
        double tolerance = call.number(2);
        if (points <= 0) {
            throw call.error("points must be positive");
        }
        List<Series> out = new ArrayList<>();
        for (Series s : call.series(0)) {
            double[] values = new double[s.size()];
            int valid = 0;
            double sum = 0;
            double squares = 0;
            for (int index = 0; index < values.length; index++) {
                boolean bootstrapping = index < points;
                double dropped = bootstrapping ? Double.NaN : s.value((int) (index - points));
                double value = s.value(index);
                if (!bootstrapping && !Double.isNaN(dropped)) {
                    valid--;
                }
                if (!Double.isNaN(value)) {
                    valid++;
                }
                if (!bootstrapping && !Double.isNaN(dropped)) {
                    sum -= dropped;
                    squares -= dropped * dropped;
                }
                if (!Double.isNaN(value)) {
                    sum += value;
                    squares += value * value;
                }
                if (valid > 0 && (double) valid / points >= tolerance) {
                    double inner = valid * squares - sum * sum;
                    values[index] = inner < 0 ? Double.NaN : Math.sqrt(inner) / valid;
                } else {
                    values[index] = Double.NaN;
                }
            }
            out.add(s.withTag("stdev", Long.toString(points)).copy("stdev(" + s.name() + ","
                    + points + ")", s.start(), s.end(), s.step(), values));
        }
        return out;
    }

    private static List<Series> linearRegression(Invocation call) {
        RenderContext c = call.context();
        long start = call.given(1) ? AtTime.parse(call.string(1), c.zone(), c.now()) : c.from();
        long end = call.given(2) ? AtTime.parse(call.string(2), c.zone(), c.now()) : c.until();
        List<Series> sources = call.reevaluate(0, c.withRange(start, end));
        List<Series> list = call.series(0);
        List<Series> out = new ArrayList<>();
        for (int k = 0; k < Math.min(sources.size(), list.size()); k++) {
            Series source = sources.get(k);
            Series series = list.get(k);
            long n = 0;
            long sumI = 0;
            double sumV = 0;
            long sumII = 0;
            double sumIV = 0;
            for (int i = 0; i < source.size(); i++) {
                double v = source.value(i);
                if (!Double.isNaN(v)) {
                    n++;
                    sumI += i;
                    sumV += v;
                    sumII += (long) i * i;
                    sumIV += i * v;
                }
            }
            double denominator = (double) (n * sumII - sumI * sumI);
            if (denominator == 0) {
                continue;
            }
            double factor = (n * sumIV - sumI * sumV) / denominator / source.step();
            double offset = (sumII * sumV - sumIV * sumI) / denominator
                    - factor * source.start();
            double[] values = new double[series.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = offset + (series.start() + (long) i * series.step()) * factor;
            }
            String name = "linearRegression(" + series.name() + ", " + start + ", " + end + ")";
            Map<String, String> tags = new LinkedHashMap<>(series.tags());
            tags.put("linearRegressions", start + ", " + end);
            out.add(new Series(name, series.start(), series.end(), series.step(), values, name,
                    tags, null, series.xFilesFactor()));
        }
        return out;
    }
}
