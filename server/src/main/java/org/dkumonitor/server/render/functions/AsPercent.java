package org.dkumonitor.server.render.functions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.python.PyFormat;
import org.dkumonitor.server.render.Series;

/**
 * graphite-web's asPercent: each series as a percentage of a total, which is the sum of the
 * list (no total), a number, a single series, a list matched by sorted name, or, when nodes are
 * given, per group of series sharing those nodes.
 */
final class AsPercent {

    private AsPercent() {
    }

    static List<Series> apply(Invocation call) {
        List<Series> list = call.series(0);
        Object total = call.value(1);
        List<Object> nodes = call.rest(2);
        double xff = call.context().xFilesFactor();
        if (!nodes.isEmpty()) {
            // each pair is normalized again from the raw values, as graphite-web's does
            return byNodes(call, list, total, nodes, xff);
        }
        List<Series> original = list;
        if (!list.isEmpty()) {
            // graphite-web consolidates the list to its common step but then labels the values
            // with each series' own step, squeezing mixed-step results into the first part of
            // the window; we keep the common step so every value sits at its time
            Normalized normal = Normalized.of(list);
            List<Series> consolidated = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Series s = list.get(i);
                consolidated.add(s.changed(s.name(), s.start(), s.end(), normal.step(),
                        normal.values().get(i)));
            }
            list = consolidated;
        }
        List<Series> out = new ArrayList<>();
        if (total instanceof List<?> totalList) {
            @SuppressWarnings("unchecked")
            List<Series> totals = (List<Series>) totalList;
            if (totals.size() != 1 && totals.size() != list.size()) {
                throw call.error("asPercent second argument must be missing, a single digit, "
                        + "reference exactly 1 series or reference the same number of series as "
                        + "the first argument");
            }
            if (totals.size() == list.size()) {
                List<Series> a = sortedByName(original);
                List<Series> b = sortedByName(totals);
                for (int i = 0; i < a.size(); i++) {
                    out.add(pair(a.get(i), b.get(i), xff));
                }
                return out;
            }
            List<Series> both = new ArrayList<>(original);
            both.add(totals.get(0));
            Normalized normal = Normalized.of(both);
            double[] totalValues = normal.values().get(both.size() - 1);
            for (int k = 0; k < original.size(); k++) {
                Series s = original.get(k);
                out.add(percentOf(s.changed(s.name(), s.start(), s.end(), normal.step(),
                        s.values()), normal.values().get(k), totalValues, totals.get(0).name(),
                        xff));
            }
            return out;
        }
        double[] totalValues;
        String totalText;
        if (total == null) {
            int length = list.stream().mapToInt(Series::size).max().orElse(0);
            totalValues = new double[length];
            double[] row = new double[list.size()];
            for (int i = 0; i < length; i++) {
                for (int k = 0; k < list.size(); k++) {
                    row[k] = i < list.get(k).size() ? list.get(k).value(i) : Double.NaN;
                }
                totalValues[i] = Aggregation.sum(row);
            }
            totalText = "sumSeries(" + Normalized.pathExpressions(list) + ")";
        } else if (total instanceof Number number) {
            totalValues = new double[list.isEmpty() ? 0 : list.get(0).size()];
            java.util.Arrays.fill(totalValues, number.doubleValue());
            totalText = PyFormat.str(total);
        } else {
            throw call.error("total must be None, a number or a seriesList");
        }
        for (Series s : list) {
            out.add(percentOf(s, s.values(), totalValues, totalText.isEmpty()
                    ? s.pathExpression() : totalText, xff));
        }
        return out;
    }

    private static List<Series> sortedByName(List<Series> list) {
        List<Series> copy = new ArrayList<>(list);
        copy.sort((a, b) -> FilterFunctions.pythonCompare(a.name(), b.name()));
        return copy;
    }

    private static Series percentOf(Series s, double[] values, double[] totals, String totalText,
            double xff) {
        int length = Math.max(values.length, totals.length);
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            double v = i < values.length ? values[i] : Double.NaN;
            double t = i < totals.length ? totals[i] : Double.NaN;
            double ratio = CombineFunctions.safeDiv(v, t);
            out[i] = Double.isNaN(ratio) ? Double.NaN : ratio * 100.0;
        }
        return SeriesOps.fresh("asPercent(" + s.name() + "," + totalText + ")", s.start(),
                s.end(), s.step(), out, xff);
    }

    private static Series pair(Series a, Series b, double xff) {
        Normalized normal = Normalized.of(List.of(a, b));
        double[] values = new double[normal.length()];
        double[] row = new double[2];
        for (int i = 0; i < values.length; i++) {
            normal.row(i, row);
            double ratio = CombineFunctions.safeDiv(row[0], row[1]);
            values[i] = Double.isNaN(ratio) ? Double.NaN : ratio * 100.0;
        }
        return SeriesOps.fresh("asPercent(" + a.name() + "," + b.name() + ")", normal.start(),
                normal.end(), normal.step(), values, xff);
    }

    private static Series sumOf(List<Series> group, double xff) {
        if (group.size() == 1) {
            return group.get(0);
        }
        Normalized normal = Normalized.of(group);
        double[] values = new double[normal.length()];
        double[] row = new double[group.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Aggregation.sum(normal.row(i, row));
        }
        return SeriesOps.fresh("sumSeries(" + Normalized.pathExpressions(group) + ")",
                normal.start(), normal.end(), normal.step(), values, xff);
    }

    private static List<Series> byNodes(Invocation call, List<Series> list, Object total,
            List<Object> nodes, double xff) {
        Map<String, List<Series>> groups = CombineFunctions.groups(list, nodes);
        List<String> keys = new ArrayList<>(groups.keySet());
        Map<String, Series> totals = new LinkedHashMap<>();
        if (total == null) {
            for (String key : keys) {
                totals.put(key, sumOf(groups.get(key), xff));
            }
        } else if (total instanceof List<?> totalList) {
            @SuppressWarnings("unchecked")
            Map<String, List<Series>> totalGroups = CombineFunctions.groups(
                    (List<Series>) totalList, nodes);
            for (Map.Entry<String, List<Series>> entry : totalGroups.entrySet()) {
                if (!keys.contains(entry.getKey())) {
                    keys.add(entry.getKey());
                }
                totals.put(entry.getKey(), sumOf(entry.getValue(), xff));
            }
        } else {
            throw call.error("total must be None or a seriesList");
        }
        List<Series> out = new ArrayList<>();
        for (String key : keys) {
            List<Series> group = groups.get(key);
            if (group == null) {
                Series t = totals.get(key);
                double[] none = new double[t.size()];
                java.util.Arrays.fill(none, Double.NaN);
                out.add(SeriesOps.fresh("asPercent(MISSING," + t.name() + ")", t.start(),
                        t.end(), t.step(), none, xff));
                continue;
            }
            for (Series s : group) {
                Series t = totals.get(key);
                if (t == null) {
                    double[] none = new double[s.size()];
                    java.util.Arrays.fill(none, Double.NaN);
                    out.add(SeriesOps.fresh("asPercent(" + s.name() + ",MISSING)", s.start(),
                            s.end(), s.step(), none, xff));
                } else {
                    out.add(pair(s, t, xff));
                }
            }
        }
        return out;
    }
}
