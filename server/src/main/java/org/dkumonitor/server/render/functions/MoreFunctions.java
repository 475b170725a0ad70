package org.dkumonitor.server.render.functions;

import static org.dkumonitor.server.render.functions.FunctionLibrary.seriesList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.render.target.TargetParser;
import org.dkumonitor.server.render.target.TargetSyntaxException;
import org.dkumonitor.server.render.time.AtTime;

/**
 * The remaining graphite-web functions: linearRegression, applyByNode, reduceSeries,
 * cactiStyle and verticalLine.
 */
final class MoreFunctions {

    private MoreFunctions() {
    }

    static void register(FunctionLibrary lib) {
        lib.define("linearRegression", "Calculate", "The least-squares line through each series "
                + "(optionally fitted on another window), drawn over the request's window.",
                MoreFunctions::linearRegression, seriesList(),
                Param.optional("startSourceAt", ParamType.DATE),
                Param.optional("endSourceAt", ParamType.DATE));
        lib.define("applyByNode", "Combine", "For each distinct prefix up to nodeNum, evaluates "
                + "templateFunction with % replaced by the prefix.", MoreFunctions::applyByNode,
                seriesList(), Param.required("nodeNum", ParamType.NODE),
                Param.required("templateFunction", ParamType.STRING),
                Param.optional("newName", ParamType.STRING));
        lib.define("reduceSeries", "Combine", "Groups series by the node before reduceNode and "
                + "reduces each group's matchers with reduceFunction (e.g. asPercent).",
                MoreFunctions::reduceSeries, Param.required("seriesLists", ParamType.SERIES_LISTS),
                Param.required("reduceFunction", ParamType.STRING),
                Param.required("reduceNode", ParamType.NODE),
                Param.multiple("reduceMatchers", ParamType.STRING, true));
        lib.define("reduce", "Combine", "reduceSeries.", MoreFunctions::reduceSeries,
                Param.required("seriesLists", ParamType.SERIES_LISTS),
                Param.required("reduceFunction", ParamType.STRING),
                Param.required("reduceNode", ParamType.NODE),
                Param.multiple("reduceMatchers", ParamType.STRING, true));
        lib.define("cactiStyle", "Special", "Appends Current, Max and Min to each name, aligned "
                + "in columns, optionally in si or binary units.", MoreFunctions::cactiStyle,
                seriesList(), Param.optional("system", ParamType.STRING)
                        .withOptions(List.of("binary", "si")),
                Param.optional("units", ParamType.STRING));
        lib.define("verticalLine", "Graph", "A vertical line at a time (a series of two points "
                + "at the same timestamp).", MoreFunctions::verticalLine,
                Param.required("ts", ParamType.DATE), Param.optional("label", ParamType.STRING),
                Param.optional("color", ParamType.STRING));
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

    private static List<Series> applyByNode(Invocation call) {
        List<Series> list = call.series(0);
        int node = (int) call.integer(1);
        String template = call.string(2);
        String newName = call.given(3) ? call.string(3) : null;
        TreeSet<String> prefixes = new TreeSet<>(FilterFunctions::pythonCompare);
        for (Series s : list) {
            String[] parts = s.name().split("\\.", -1);
            prefixes.add(String.join(".", Arrays.copyOf(parts, Math.min(parts.length,
                    Math.max(0, node + 1)))));
        }
        if (list.isEmpty()) {
            return List.of();
        }
        Series last = list.get(list.size() - 1);
        List<Series> out = new ArrayList<>();
        for (String prefix : prefixes) {
            String target = template.replace("%", prefix);
            List<Series> results;
            try {
                results = call.evaluate(TargetParser.parse(target));
            } catch (TargetSyntaxException e) {
                throw call.error("templateFunction gives an invalid target: " + e.getMessage());
            }
            for (Series result : results) {
                Series named = newName == null ? result : result.withName(newName.replace("%",
                        prefix));
                out.add(named.withPathExpression(prefix).changed(named.name(), last.start(),
                        last.end(), named.step(), named.values()));
            }
        }
        return out;
    }

    private static List<Series> reduceSeries(Invocation call) {
        String function = call.string(1);
        int reduceNode = (int) call.integer(2);
        List<String> matchers = call.rest(3).stream().map(String::valueOf).toList();
        Map<String, Series[]> groups = new LinkedHashMap<>();
        for (Series s : call.series(0)) {
            String[] nodes = s.name().split("\\.", -1);
            int index = reduceNode < 0 ? nodes.length + reduceNode : reduceNode;
            if (index < 0 || index >= nodes.length) {
                throw call.error("reduceNode " + reduceNode + " is outside " + s.name());
            }
            int matcher = matchers.indexOf(nodes[index]);
            if (matcher < 0) {
                continue;
            }
            String key = String.join(".", Arrays.copyOf(nodes, index)) + ".reduce." + function;
            groups.computeIfAbsent(key, k -> new Series[matchers.size()])[matcher] = s;
        }
        if (!call.hasFunction(function)) {
            throw call.error("unknown reduceFunction " + function);
        }
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, Series[]> group : groups.entrySet()) {
            Object[] args = new Object[matchers.size()];
            for (int i = 0; i < args.length; i++) {
                Series s = group.getValue()[i];
                if (s == null) {
                    throw call.error("no series matches " + matchers.get(i) + " for "
                            + group.getKey());
                }
                args[i] = List.of(s);
            }
            List<Series> reduced = call.call(function, args);
            if (!reduced.isEmpty()) {
                out.add(reduced.get(0).withName(group.getKey()));
            }
        }
        return out;
    }

    private static List<Series> cactiStyle(Invocation call) {
        List<Series> list = call.series(0);
        if (list.isEmpty()) {
            return list;
        }
        String system = call.given(1) ? call.string(1) : null;
        String units = call.given(2) ? call.string(2) : null;
        java.util.function.DoubleFunction<String> fmt = x -> {
            if (system != null) {
                String formatted = Units.format(x, system);
                return units == null ? formatted : splitUnits(formatted) + " " + prefix(formatted)
                        + units;
            }
            return Units.fixed2(x) + (units == null ? "" : " " + units);
        };
        int nameLen = 0;
        int lastLen = 0;
        int maxLen = 0;
        int minLen = 0;
        for (Series s : list) {
            nameLen = Math.max(nameLen, s.name().length());
            lastLen = Math.max(lastLen, fmt.apply(orThree(Aggregation.last(s.values())))
                    .length() + 3);
            maxLen = Math.max(maxLen, fmt.apply(orThree(Aggregation.max(s.values())))
                    .length() + 3);
            minLen = Math.max(minLen, fmt.apply(orThree(Aggregation.min(s.values())))
                    .length() + 3);
        }
        List<Series> out = new ArrayList<>();
        for (Series s : list) {
            String last = text(Aggregation.last(s.values()), fmt);
            String max = text(Aggregation.max(s.values()), fmt);
            String min = text(Aggregation.min(s.values()), fmt);
            out.add(s.withName(pad(s.name(), nameLen) + " Current:" + pad(last, lastLen)
                    + " Max:" + pad(max, maxLen) + " Min:" + pad(min, minLen) + " "));
        }
        return out;
    }

    /** Python's {@code int(value or 3)}. */
    private static double orThree(double value) {
        return Double.isNaN(value) || value == 0 ? 3 : (long) value;
    }

    private static String text(double value, java.util.function.DoubleFunction<String> fmt) {
        return Double.isNaN(value) ? "nan" : fmt.apply(value);
    }

    private static String splitUnits(String formatted) {
        return formatted.replaceAll("[^0-9.\\-]+$", "");
    }

    private static String prefix(String formatted) {
        return formatted.substring(splitUnits(formatted).length());
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static List<Series> verticalLine(Invocation call) {
        RenderContext c = call.context();
        long ts = AtTime.parse(call.string(0), c.zone(), c.now());
        if (ts < c.from()) {
            throw call.error("verticalLine(): timestamp " + ts + " exists before start of range");
        }
        if (ts > c.until()) {
            throw call.error("verticalLine(): timestamp " + ts + " exists after end of range");
        }
        String label = call.given(1) ? call.string(1) : "None";
        return List.of(SeriesOps.fresh(label, ts, ts, 1, new double[] {1.0, 1.0},
                c.xFilesFactor()));
    }
}
