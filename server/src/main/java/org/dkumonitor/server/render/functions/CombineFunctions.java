package org.dkumonitor.server.render.functions;

import static org.dkumonitor.server.render.functions.FunctionLibrary.aggFunc;
import static org.dkumonitor.server.render.functions.FunctionLibrary.seriesList;
import static org.dkumonitor.server.render.functions.FunctionLibrary.seriesLists;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.python.PyFormat;
import org.dkumonitor.server.python.PyMath;
import org.dkumonitor.server.render.Series;

/**
 * graphite-web's "Combine" group: functions that merge several series into fewer, aligned by
 * normalize() (common step, union of windows, None past a series' end).
 */
final class CombineFunctions {

    private static final String GROUP = "Combine";

    private CombineFunctions() {
    }

    static void register(FunctionLibrary lib) {
        lib.define("aggregate", GROUP, "Aggregates the series with the given function, "
                + "point by point, into one series named <func>Series(<paths>).",
                call -> aggregate(call.context(), call.series(0), call.string(1),
                        call.optionalNumber(2)),
                seriesList(), aggFunc("func", null),
                Param.optional("xFilesFactor", ParamType.FLOAT));
        for (String func : List.of("sum", "average", "min", "max", "diff", "stddev",
                "rangeOf", "multiply")) {
            String name = func + "Series";
            lib.defineAggregator(name, GROUP, "Combines the series into one by the " + func
                    + " of each point (aggregate with '" + func + "').", call -> {
                        List<Series> all = call.allSeries(0);
                        if (func.equals("multiply") && call.rest(0).size() == 1
                                && all.size() == 1) {
                            return all;
                        }
                        return aggregate(call.context(), all, func, null);
                    }, seriesLists());
        }
        lib.defineAggregator("countSeries", GROUP, "The number of series in the list, as a series"
                + " (constantLine(0) when given none).", CombineFunctions::countSeries,
                Param.multiple("seriesLists", ParamType.SERIES_LIST, false));
        lib.define("group", GROUP, "Puts several series lists into one.", call -> {
            List<Series> all = call.allSeries(0);
            return all;
        }, Param.multiple("seriesLists", ParamType.SERIES_LIST, false));
        lib.define("aggregateWithWildcards", GROUP, "Aggregates the series that share their "
                + "name once the given node positions are removed.",
                call -> withWildcards(call, call.series(0), call.string(1), call.rest(2)),
                seriesList(), aggFunc("func", null), Param.multiple("position", ParamType.NODE,
                        false));
        for (String[] pair : new String[][] {{"sumSeriesWithWildcards", "sum"},
                {"averageSeriesWithWildcards", "average"},
                {"multiplySeriesWithWildcards", "multiply"}}) {
            lib.defineAggregator(pair[0], GROUP, "aggregateWithWildcards with '" + pair[1] + "'.",
                    call -> withWildcards(call, call.series(0), pair[1], call.rest(1)),
                    seriesList(), Param.multiple("position", ParamType.NODE, false));
        }
        lib.define("aggregateSeriesLists", GROUP, "Aggregates two equally long series lists "
                + "pairwise.", call -> pairwise(call, call.string(2), call.optionalNumber(3)),
                Param.required("seriesListFirstPos", ParamType.SERIES_LIST),
                Param.required("seriesListSecondPos", ParamType.SERIES_LIST),
                aggFunc("func", null), Param.optional("xFilesFactor", ParamType.FLOAT));
        for (String[] pair : new String[][] {{"sumSeriesLists", "sum"},
                {"diffSeriesLists", "diff"}, {"multiplySeriesLists", "multiply"}}) {
            lib.defineAggregator(pair[0], GROUP, "aggregateSeriesLists with '" + pair[1] + "'.",
                    call -> pairwise(call, pair[1], null),
                    Param.required("seriesListFirstPos", ParamType.SERIES_LIST),
                    Param.required("seriesListSecondPos", ParamType.SERIES_LIST));
        }
        lib.define("divideSeries", GROUP, "Divides each series by the single divisor series "
                + "(None where the divisor is 0 or None).", CombineFunctions::divideSeries,
                Param.required("dividendSeriesList", ParamType.SERIES_LIST),
                Param.required("divisorSeries", ParamType.SERIES_LIST));
        lib.define("divideSeriesLists", GROUP, "Divides the series of two equally long lists "
                + "pairwise.", CombineFunctions::divideSeriesLists,
                Param.required("dividendSeriesList", ParamType.SERIES_LIST),
                Param.required("divisorSeriesList", ParamType.SERIES_LIST));
        lib.defineAggregator("asPercent", GROUP, "Each series as a percentage of a total: the sum "
                + "of the list, a number, one series, a matching list, or per node group.",
                AsPercent::apply, seriesList(), Param.optional("total", ParamType.ANY),
                Param.multiple("nodes", ParamType.NODE_OR_TAG, false));
        lib.define("percentileOfSeries", GROUP, "The n-th percentile of the values of all "
                + "series at each point.", CombineFunctions::percentileOfSeries, seriesList(),
                Param.required("n", ParamType.FLOAT),
                Param.optional("interpolate", ParamType.BOOLEAN, false));
        lib.define("groupByNode", GROUP, "Groups series by one node (or tag) and aggregates "
                + "each group with the callback.",
                call -> groupByNodes(call, call.series(0), call.string(2), List.of(call.value(1))),
                seriesList(), Param.required("nodeNum", ParamType.NODE_OR_TAG),
                Param.optional("callback", ParamType.AGG_OR_SERIES_FUNC, "average"));
        lib.define("groupByNodes", GROUP, "Groups series by several nodes (or tags) and "
                + "aggregates each group with the callback.",
                call -> groupByNodes(call, call.series(0), call.string(1), call.rest(2)),
                seriesList(), Param.required("callback", ParamType.AGG_OR_SERIES_FUNC),
                Param.multiple("nodes", ParamType.NODE_OR_TAG, false));
        lib.define("powSeries", GROUP, "Raises the first series to the power of the second, and"
                + " so on, point by point.", CombineFunctions::powSeries, seriesLists());
        lib.define("mapSeries", GROUP, "Groups series by nodes, for reduceSeries; as a target "
                + "it gives the groups one after the other.", call -> {
                    Map<String, List<Series>> groups = groups(call.series(0), call.rest(1));
                    List<Series> out = new ArrayList<>();
                    groups.values().forEach(out::addAll);
                    return out;
                }, seriesList(), Param.multiple("mapNodes", ParamType.NODE_OR_TAG, true));
        lib.define("weightedAverage", GROUP, "The average of the first list weighted by the "
                + "second, matched by nodes.", CombineFunctions::weightedAverage,
                Param.required("seriesListAvg", ParamType.SERIES_LIST),
                Param.required("seriesListWeight", ParamType.SERIES_LIST),
                Param.multiple("nodes", ParamType.NODE_OR_TAG, false));
    }

    /** graphite-web's aggregate(): one series, tags the ones all inputs share. */
    static List<Series> aggregate(RenderContext context, List<Series> list, String func,
            Double xFilesFactor) {
        String base = func.endsWith("Series") ? func.substring(0, func.length() - 6) : func;
        Aggregation.Aggregator function = Aggregation.of(func);
        if (list.isEmpty()) {
            return List.of();
        }
        Normalized normal = Normalized.of(list);
        double xff = xFilesFactor != null ? xFilesFactor : context.xFilesFactor();
        String name = base + "Series(" + Normalized.pathExpressions(list) + ")";
        int length = normal.length();
        double[] values = new double[length];
        boolean sum = base.equals("sum") || base.equals("total");
        if (sum || base.equals("average") || base.equals("avg")) {
            // column by column over each series' array, the same additions in the same order
            // as row by row, without gathering a row of every series for each point
            double[] sums = new double[length];
            int[] counts = new int[length];
            normal.sumAndCount(sums, counts);
            for (int i = 0; i < length; i++) {
                values[i] = Aggregation.xff(counts[i], list.size(), xff)
                        ? (sum ? sums[i] : sums[i] / counts[i]) : Double.NaN;
            }
        } else {
            double[] row = new double[list.size()];
            for (int i = 0; i < length; i++) {
                normal.row(i, row);
                values[i] = Aggregation.xff(Aggregation.count(row), row.length, xff)
                        ? function.apply(row) : Double.NaN;
            }
        }
        Map<String, String> tags = new LinkedHashMap<>(list.get(0).tags());
        for (Series s : list) {
            tags.entrySet().removeIf(e -> !e.getValue().equals(s.tags().get(e.getKey())));
        }
        tags.putIfAbsent("name", name);
        tags.put("aggregatedBy", base);
        return List.of(new Series(name, normal.start(), normal.end(), normal.step(), values,
                name, tags, null, xff));
    }

    private static List<Series> countSeries(Invocation call) {
        List<Object> lists = call.rest(0);
        if (lists.isEmpty()) {
            Series zero = SpecialFunctions.constantLine(call.context(), 0L).get(0);
            return List.of(zero.withPathExpression("countSeries()"));
        }
        List<Series> all = call.allSeries(0);
        if (all.isEmpty()) {
            return List.of();
        }
        Normalized normal = Normalized.of(all);
        String name = "countSeries(" + Normalized.pathExpressions(all) + ")";
        double[] values = new double[normal.length()];
        Arrays.fill(values, all.size());
        return List.of(SeriesOps.fresh(name, normal.start(), normal.end(), normal.step(), values,
                call.context().xFilesFactor()));
    }

    private static List<Series> withWildcards(Invocation call, List<Series> list, String func,
            List<Object> positions) {
        Map<String, List<Series>> groups = new LinkedHashMap<>();
        for (Series s : list) {
            String[] nodes = s.name().split("\\.", -1);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < nodes.length; i++) {
                if (!positions.contains((long) i)) {
                    kept.add(nodes[i]);
                }
            }
            groups.computeIfAbsent(String.join(".", kept), k -> new ArrayList<>()).add(s);
        }
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, List<Series>> group : groups.entrySet()) {
            out.add(aggregate(call.context(), group.getValue(), func, null).get(0)
                    .withName(group.getKey()));
        }
        return out;
    }

    private static List<Series> pairwise(Invocation call, String func, Double xff) {
        List<Series> first = call.series(0);
        List<Series> second = call.series(1);
        if (first.size() != second.size()) {
            throw call.error("seriesListFirstPos and seriesListSecondPos argument must have "
                    + "equal length");
        }
        List<Series> out = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            List<Series> pair = List.of(first.get(i), second.get(i));
            List<Series> aggregated = aggregate(call.context(), pair, func, xff);
            if (aggregated.isEmpty()) {
                continue;
            }
            Series result = aggregated.get(0);
            String prefix = result.name().substring(0, result.name().indexOf("Series("));
            out.add(result.withName(prefix + "Series(" + first.get(i).name() + ","
                    + second.get(i).name() + ")"));
        }
        return out;
    }

    private static List<Series> divideSeries(Invocation call) {
        List<Series> dividends = call.series(0);
        List<Series> divisors = call.series(1);
        if (divisors.isEmpty()) {
            List<Series> out = new ArrayList<>();
            for (Series s : dividends) {
                double[] none = new double[s.size()];
                Arrays.fill(none, Double.NaN);
                out.add(s.renamed("divideSeries(" + s.name() + ",MISSING)").withValues(none));
            }
            return out;
        }
        if (divisors.size() > 1) {
            throw call.error("divideSeries second argument must reference exactly 1 series (got "
                    + divisors.size() + ")");
        }
        List<Series> out = new ArrayList<>();
        for (Series dividend : dividends) {
            out.add(divide(call.context(), dividend, divisors.get(0)));
        }
        return out;
    }

    private static Series divide(RenderContext context, Series dividend, Series divisor) {
        String name = "divideSeries(" + dividend.name() + "," + divisor.name() + ")";
        Normalized normal = Normalized.of(List.of(dividend, divisor));
        double[] values = new double[normal.length()];
        double[] row = new double[2];
        for (int i = 0; i < values.length; i++) {
            normal.row(i, row);
            values[i] = safeDiv(row[0], row[1]);
        }
        return SeriesOps.fresh(name, normal.start(), normal.end(), normal.step(), values,
                context.xFilesFactor());
    }

    static double safeDiv(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
            return Double.NaN;
        }
        return a / b;
    }

    private static List<Series> divideSeriesLists(Invocation call) {
        List<Series> dividends = call.series(0);
        List<Series> divisors = call.series(1);
        if (dividends.size() != divisors.size()) {
            throw call.error("dividendSeriesList and divisorSeriesList argument must have equal"
                    + " length");
        }
        List<Series> out = new ArrayList<>();
        for (int i = 0; i < dividends.size(); i++) {
            out.add(divide(call.context(), dividends.get(i), divisors.get(i)));
        }
        return out;
    }

    private static List<Series> percentileOfSeries(Invocation call) {
        double n = call.number(1);
        if (n <= 0) {
            throw call.error("The requested percent is required to be greater than 0");
        }
        List<Series> list = call.series(0);
        if (list.isEmpty()) {
            return List.of();
        }
        String name = "percentileOfSeries(" + list.get(0).pathExpression() + ","
                + PyFormat.g(n) + ")";
        Normalized normal = Normalized.of(list);
        double[] values = new double[normal.length()];
        double[] row = new double[list.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = percentile(normal.row(i, row), n, call.bool(2));
        }
        return List.of(SeriesOps.fresh(name, normal.start(), normal.end(), normal.step(), values,
                call.context().xFilesFactor()));
    }

    /** graphite-web's _getPercentile (nearest rank, or interpolated). */
    static double percentile(double[] points, double n, boolean interpolate) {
        double[] sorted = Aggregation.present(points);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(sorted);
        double fractionalRank = (n / 100.0) * (sorted.length + 1);
        int rank = (int) fractionalRank;
        double rankFraction = fractionalRank - rank;
        if (!interpolate) {
            rank += (int) Math.ceil(rankFraction);
        }
        double percentile;
        if (rank == 0) {
            percentile = sorted[0];
        } else if (rank - 1 == sorted.length) {
            percentile = sorted[sorted.length - 1];
        } else if (rank - 1 > sorted.length) {
            throw new FunctionArgumentException("percentile " + PyFormat.g(n)
                    + " is out of range");
        } else {
            percentile = sorted[rank - 1];
        }
        if (interpolate && rank != sorted.length) {
            percentile = percentile + rankFraction * (sorted[rank] - percentile);
        }
        return percentile;
    }

    static Map<String, List<Series>> groups(List<Series> list, List<Object> nodes) {
        Map<String, List<Series>> groups = new LinkedHashMap<>();
        for (Series s : list) {
            groups.computeIfAbsent(SeriesOps.aggKey(s, nodes), k -> new ArrayList<>()).add(s);
        }
        return groups;
    }

    private static List<Series> groupByNodes(Invocation call, List<Series> list, String callback,
            List<Object> nodes) {
        Map<String, List<Series>> groups = groups(list, nodes);
        boolean seriesFunction = call.hasFunction(callback);
        if (!seriesFunction && !Aggregation.isValidName(callback)) {
            throw call.error("Unsupported aggregation function: " + callback);
        }
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, List<Series>> group : groups.entrySet()) {
            List<Series> combined = seriesFunction ? call.call(callback, group.getValue())
                    : aggregate(call.context(), group.getValue(), callback, null);
            out.add(combined.get(0).withName(group.getKey()));
        }
        return out;
    }

    private static List<Series> powSeries(Invocation call) {
        List<Series> list = call.allSeries(0);
        if (list.isEmpty()) {
            return List.of();
        }
        Normalized normal = Normalized.of(list);
        String name = "powSeries(" + String.join(",", list.stream().map(Series::name).toList())
                + ")";
        double[] values = new double[normal.length()];
        double[] row = new double[list.size()];
        for (int i = 0; i < values.length; i++) {
            normal.row(i, row);
            double value = row[0];
            for (int k = 1; k < row.length; k++) {
                value = PyMath.pow(value, row[k]);
            }
            values[i] = value;
        }
        return List.of(SeriesOps.fresh(name, normal.start(), normal.end(), normal.step(), values,
                call.context().xFilesFactor()));
    }

    private static List<Series> weightedAverage(Invocation call) {
        List<Series> averages = call.series(0);
        List<Series> weights = call.series(1);
        List<Object> nodes = call.rest(2);
        if (averages.size() != weights.size()) {
            throw call.error("weightedAverage must receive the same number of series for "
                    + "seriesListAvg and seriesListWeight but received respectively "
                    + averages.size() + " and " + weights.size());
        }
        Map<String, Series[]> byKey = new LinkedHashMap<>();
        for (int i = 0; i < averages.size(); i++) {
            byKey.computeIfAbsent(SeriesOps.aggKey(averages.get(i), nodes),
                    k -> new Series[2])[0] = averages.get(i);
            byKey.computeIfAbsent(SeriesOps.aggKey(weights.get(i), nodes),
                    k -> new Series[2])[1] = weights.get(i);
        }
        List<Series> products = new ArrayList<>();
        for (Series[] pair : byKey.values()) {
            if (pair[0] == null || pair[1] == null) {
                continue;
            }
            Series avg = pair[0];
            Series weight = pair[1];
            int length = Math.max(avg.size(), weight.size());
            double[] values = new double[length];
            for (int i = 0; i < length; i++) {
                double a = i < avg.size() ? avg.value(i) : Double.NaN;
                double w = i < weight.size() ? weight.value(i) : Double.NaN;
                values[i] = a * w;
            }
            products.add(SeriesOps.fresh("product(" + weight.name() + "," + avg.name() + ")",
                    avg.start(), avg.end(), avg.step(), values, call.context().xFilesFactor()));
        }
        if (products.isEmpty()) {
            return List.of();
        }
        Series sumProducts = aggregate(call.context(), products, "sum", null).get(0);
        Series sumWeights = aggregate(call.context(), weights, "sum", null).get(0);
        int length = Math.max(sumProducts.size(), sumWeights.size());
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = safeDiv(i < sumProducts.size() ? sumProducts.value(i) : Double.NaN,
                    i < sumWeights.size() ? sumWeights.value(i) : Double.NaN);
        }
        String name = "weightedAverage(" + sortedPaths(averages) + ", " + sortedPaths(weights)
                + ", " + String.join(",", nodes.stream().map(PyFormat::str).toList()) + ")";
        return List.of(SeriesOps.fresh(name, sumProducts.start(), sumProducts.end(),
                sumProducts.step(), values, call.context().xFilesFactor()));
    }

    private static String sortedPaths(List<Series> list) {
        return String.join(",", list.stream().map(Series::pathExpression).distinct().sorted()
                .toList());
    }
}
