package org.dkumonitor.server.render.functions;

import static org.dkumonitor.server.render.functions.FunctionLibrary.aggFunc;
import static org.dkumonitor.server.render.functions.FunctionLibrary.seriesList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dkumonitor.server.python.PyFormat;
import org.dkumonitor.server.python.PyRegex;
import org.dkumonitor.server.render.Series;

/**
 * graphite-web's "Filter Series", "Filter Data" and "Sorting" groups. Sorts are stable, as
 * Python's list.sort is, so equal keys keep the input order.
 */
final class FilterFunctions {

    private FilterFunctions() {
    }

    static void register(FunctionLibrary lib) {
        String filter = "Filter Series";
        lib.define("highest", filter, "The n series with the highest aggregate (average by "
                + "default).", call -> top(call.series(0), (int) call.integer(1),
                        call.string(2), true), seriesList(), Param.required("n",
                        ParamType.INTEGER), aggFunc("func", "average"));
        lib.define("lowest", filter, "The n series with the lowest aggregate (average by "
                + "default).", call -> top(call.series(0), (int) call.integer(1),
                        call.string(2), false), seriesList(), Param.required("n",
                        ParamType.INTEGER), aggFunc("func", "average"));
        for (String[] spec : new String[][] {{"highestCurrent", "current", "h"},
                {"highestMax", "max", "h"}, {"highestAverage", "average", "h"},
                {"lowestCurrent", "current", "l"}, {"lowestAverage", "average", "l"}}) {
            lib.define(spec[0], filter, (spec[2].equals("h") ? "highest" : "lowest")
                    + " with '" + spec[1] + "'.", call -> top(call.series(0),
                            (int) call.integer(1), spec[1], spec[2].equals("h")), seriesList(),
                    Param.required("n", ParamType.INTEGER));
        }
        lib.define("filterSeries", filter, "Keeps the series whose aggregate compares to the "
                + "threshold with the operator.", call -> filterSeries(call, call.series(0),
                        call.string(1), call.string(2), call.number(3)), seriesList(),
                aggFunc("func", null), Param.required("operator", ParamType.STRING)
                        .withOptions(List.of("!=", "<", "<=", "=", ">", ">=")),
                Param.required("threshold", ParamType.FLOAT));
        for (String[] spec : new String[][] {{"averageAbove", "average", ">"},
                {"averageBelow", "average", "<="}, {"currentAbove", "last", ">"},
                {"currentBelow", "last", "<="}, {"maximumAbove", "max", ">"},
                {"maximumBelow", "max", "<="}, {"minimumAbove", "min", ">"},
                {"minimumBelow", "min", "<="}}) {
            lib.define(spec[0], filter, "filterSeries with " + spec[1] + " " + spec[2] + " n.",
                    call -> filterSeries(call, call.series(0), spec[1], spec[2], call.number(1)),
                    seriesList(), Param.required("n", ParamType.FLOAT));
        }
        lib.define("limit", filter, "The first n series.", call -> {
            List<Series> list = call.series(0);
            int n = (int) Math.max(0, Math.min(call.integer(1), list.size()));
            return new ArrayList<>(list.subList(0, n));
        }, seriesList(), Param.required("n", ParamType.INTEGER));
        lib.define("exclude", filter, "Drops the series whose name matches a regex.", call -> {
            PyRegex regex = PyRegex.compile(call.string(1));
            return call.series(0).stream().filter(s -> !regex.search(s.name())).toList();
        }, seriesList(), Param.required("pattern", ParamType.STRING));
        lib.define("grep", filter, "Keeps the series whose name matches a regex.", call -> {
            PyRegex regex = PyRegex.compile(call.string(1));
            return call.series(0).stream().filter(s -> regex.search(s.name())).toList();
        }, seriesList(), Param.required("pattern", ParamType.STRING));
        lib.define("removeEmptySeries", filter, "Drops series with no values (or fewer than "
                + "xFilesFactor of them).", call -> {
                    double xff = call.given(1) ? call.number(1) : 0;
                    return call.series(0).stream().filter(s -> Aggregation.xff(
                            Aggregation.count(s.values()), s.size(), xff)).toList();
                }, seriesList(), Param.optional("xFilesFactor", ParamType.FLOAT));
        lib.define("unique", filter, "The series with distinct names, first one kept.", call -> {
            Set<String> seen = new HashSet<>();
            return call.allSeries(0).stream().filter(s -> seen.add(s.name())).toList();
        }, Param.multiple("seriesLists", ParamType.SERIES_LIST, true));
        lib.define("mostDeviant", filter, "The n series with the largest variance.", call -> {
            List<double[]> keyed = new ArrayList<>();
            List<Series> list = call.series(0);
            List<Series> candidates = new ArrayList<>();
            for (Series s : list) {
                double mean = Aggregation.average(s.values());
                if (Double.isNaN(mean)) {
                    continue;
                }
                double squares = 0;
                for (double v : s.values()) {
                    if (!Double.isNaN(v)) {
                        squares += (v - mean) * (v - mean);
                    }
                }
                keyed.add(new double[] {squares / Aggregation.count(s.values())});
                candidates.add(s);
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble((Integer i) -> keyed.get(i)[0]).reversed());
            return order.stream().limit(Math.max(0, call.integer(1))).map(candidates::get)
                    .toList();
        }, seriesList(), Param.required("n", ParamType.INTEGER));
        lib.define("averageOutsidePercentile", filter, "Keeps series whose average lies outside"
                + " the n-th percentile band of the averages.", call -> {
                    double n = call.number(1);
                    if (n < 50) {
                        n = 100 - n;
                    }
                    List<Series> list = call.series(0);
                    double[] averages = list.stream().mapToDouble(s ->
                            Aggregation.average(s.values())).toArray();
                    double low = CombineFunctions.percentile(averages, 100 - n, false);
                    double high = CombineFunctions.percentile(averages, n, false);
                    return list.stream().filter(s -> {
                        double avg = Aggregation.average(s.values());
                        return !(low < avg && avg < high);
                    }).toList();
                }, seriesList(), Param.required("n", ParamType.FLOAT));
        lib.define("removeBetweenPercentile", filter, "Keeps series that leave the n-th "
                + "percentile band at some point.", call -> {
                    double n = call.number(1);
                    if (n < 50) {
                        n = 100 - n;
                    }
                    List<Series> list = call.series(0);
                    int length = list.stream().mapToInt(Series::size).min().orElse(0);
                    double[] lows = new double[length];
                    double[] highs = new double[length];
                    for (int i = 0; i < length; i++) {
                        double[] column = new double[list.size()];
                        for (int k = 0; k < list.size(); k++) {
                            column[k] = list.get(k).value(i);
                        }
                        lows[i] = CombineFunctions.percentile(column, 100 - n, false);
                        highs[i] = CombineFunctions.percentile(column, n, false);
                    }
                    return list.stream().filter(s -> {
                        for (int i = 0; i < length; i++) {
                            double v = s.value(i);
                            if (!(lows[i] < v && v < highs[i])) {
                                return true;
                            }
                        }
                        return false;
                    }).toList();
                }, seriesList(), Param.required("n", ParamType.FLOAT));
        lib.define("useSeriesAbove", filter, "Finds the series whose maximum exceeds a value "
                + "and fetches, for each, the series its name becomes after a regex replace.",
                FilterFunctions::useSeriesAbove, seriesList(), Param.required("value",
                        ParamType.FLOAT), Param.required("search", ParamType.STRING),
                Param.required("replace", ParamType.STRING));

        String data = "Filter Data";
        lib.define("removeAboveValue", data, "Sets values above n to None.", call ->
                removeValues(call, "removeAboveValue", call.number(1), (v, n) -> v > n),
                seriesList(), Param.required("n", ParamType.FLOAT));
        lib.define("removeBelowValue", data, "Sets values below n to None.", call ->
                removeValues(call, "removeBelowValue", call.number(1), (v, n) -> v < n),
                seriesList(), Param.required("n", ParamType.FLOAT));
        lib.define("removeAbovePercentile", data, "Sets values above the n-th percentile to "
                + "None.", call -> removePercentile(call, "removeAbovePercentile", true),
                seriesList(), Param.required("n", ParamType.FLOAT));
        lib.define("removeBelowPercentile", data, "Sets values below the n-th percentile to "
                + "None.", call -> removePercentile(call, "removeBelowPercentile", false),
                seriesList(), Param.required("n", ParamType.FLOAT));

        String sorting = "Sorting";
        lib.define("sortBy", sorting, "Sorts by an aggregate of each series (average by "
                + "default), ascending unless reverse.", call -> sort(call.series(0),
                        call.string(1), call.bool(2)), seriesList(),
                aggFunc("func", "average"), Param.optional("reverse", ParamType.BOOLEAN, false));
        lib.define("sortByTotal", sorting, "Sorts by the sum, largest first.", call ->
                sort(call.series(0), "sum", true), seriesList());
        lib.define("sortByMaxima", sorting, "Sorts by the maximum, largest first.", call ->
                sort(call.series(0), "max", true), seriesList());
        lib.define("sortByMinima", sorting, "Sorts by the minimum, smallest first, dropping "
                + "series whose maximum is not above 0.", call -> {
                    List<Series> kept = call.series(0).stream().filter(s -> {
                        double max = Aggregation.max(s.values());
                        return (Double.isNaN(max) ? 0 : max) > 0;
                    }).toList();
                    return sort(kept, "min", false);
                }, seriesList());
        lib.define("sortByName", sorting, "Sorts by name, optionally in natural order.", call -> {
            List<Series> list = call.series(0);
            boolean natural = call.bool(1);
            Comparator<Series> order = (a, b) -> natural
                    ? pythonCompare(naturalKey(a.name()), naturalKey(b.name()))
                    : pythonCompare(a.name(), b.name());
            list.sort(call.bool(2) ? order.reversed() : order);
            return list;
        }, seriesList(), Param.optional("natural", ParamType.BOOLEAN, false),
                Param.optional("reverse", ParamType.BOOLEAN, false));
    }

    /** Python compares str by code point, Java's compareTo by UTF-16 unit. */
    static int pythonCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private static String naturalKey(String name) {
        Matcher m = DIGITS.matcher(name);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String digits = m.group().replaceFirst("^0+(?=.)", "");
            m.appendReplacement(out, "0".repeat(Math.max(0, 10 - digits.length())) + digits);
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Python's stable sort by keyFunc(aggFunc), reverse keeping stability as Python does. */
    static List<Series> sort(List<Series> list, String func, boolean reverse) {
        Aggregation.Aggregator aggregator = Aggregation.of(func);
        List<Series> copy = new ArrayList<>(list);
        double[] keys = new double[copy.size()];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < copy.size(); i++) {
            keys[i] = SeriesOps.sortKey(copy.get(i), aggregator);
            order.add(i);
        }
        Comparator<Integer> byKey = (a, b) -> Double.compare(keys[a], keys[b]);
        order.sort(reverse ? (a, b) -> byKey.compare(b, a) : byKey);
        return order.stream().map(copy::get).toList();
    }

    private static List<Series> top(List<Series> list, int n, String func, boolean highest) {
        List<Series> sorted = sort(list, func, highest);
        return new ArrayList<>(sorted.subList(0, Math.max(0, Math.min(n, sorted.size()))));
    }

    private static List<Series> filterSeries(Invocation call, List<Series> list, String func,
            String operator, double threshold) {
        Aggregation.Aggregator aggregator = Aggregation.of(func);
        BiPredicate<Double, Double> test = switch (operator) {
            case "=" -> (v, t) -> !v.isNaN() && v.doubleValue() == t;
            case "!=" -> (v, t) -> v.isNaN() || v.doubleValue() != t;
            case ">" -> (v, t) -> !v.isNaN() && v > t;
            case ">=" -> (v, t) -> !v.isNaN() && v >= t;
            case "<" -> (v, t) -> v.isNaN() || v < t;
            case "<=" -> (v, t) -> v.isNaN() || v <= t;
            default -> throw call.error("Unsupported operator: " + operator);
        };
        return list.stream().filter(s -> test.test(aggregator.apply(s.values()), threshold))
                .toList();
    }

    private static List<Series> removeValues(Invocation call, String function, double n,
            BiPredicate<Double, Double> remove) {
        List<Series> out = new ArrayList<>();
        for (Series s : call.series(0)) {
            double[] values = s.values().clone();
            for (int i = 0; i < values.length; i++) {
                if (Double.isNaN(values[i]) || remove.test(values[i], n)) {
                    values[i] = Double.NaN;
                }
            }
            out.add(s.withValues(values).renamed(function + "(" + s.name() + ", "
                    + PyFormat.g(n) + ")"));
        }
        return out;
    }

    private static List<Series> removePercentile(Invocation call, String function,
            boolean above) {
        double n = call.number(1);
        if (n == 0) {
            throw call.error("The requested percent is required to be greater than 0");
        }
        List<Series> out = new ArrayList<>();
        for (Series s : call.series(0)) {
            String name = function + "(" + s.name() + ", " + PyFormat.g(n) + ")";
            double[] present = Aggregation.present(s.values());
            if (present.length == 0) {
                out.add(s.renamed(name));
                continue;
            }
            double percentile = CombineFunctions.percentile(present, n, false);
            // graphite-web's nPercentile tags a copy that shares the original's tags
            s = s.withTag("nPercentile", PyFormat.str(call.value(1)));
            double[] values = s.values().clone();
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                if (above ? (!Double.isNaN(v) && v > percentile)
                        : (Double.isNaN(v) || v < percentile)) {
                    values[i] = Double.NaN;
                }
            }
            out.add(s.withValues(values).renamed(name));
        }
        return out;
    }

    private static List<Series> useSeriesAbove(Invocation call) {
        double value = call.number(1);
        PyRegex search = PyRegex.compile(call.string(2));
        List<String> names = new ArrayList<>();
        for (Series s : call.series(0)) {
            double max = Aggregation.max(s.values());
            if (!Double.isNaN(max) && max > value) {
                names.add(search.sub(call.string(3), s.name()));
            }
        }
        List<Series> out = new ArrayList<>();
        RenderContext context = call.context();
        for (String name : names) {
            out.addAll(context.source().fetch(name, context.from(), context.until(),
                    context.now()));
        }
        return out.stream().filter(s -> s.size() > 0).toList();
    }
}
