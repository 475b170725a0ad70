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

/**
 * graphite-web's "Combine" functions that call another function once per group of series:
 * applyByNode evaluates a template target per node prefix, reduceSeries calls a function on
 * each group's matched series.
 */
final class CallsPerGroup {

    private static final String GROUP = "Combine";

    private CallsPerGroup() {
    }

    static void register(FunctionLibrary lib) {
        lib.define("applyByNode", GROUP, "For each distinct prefix up to nodeNum, evaluates "
                + "templateFunction with % replaced by the prefix.", CallsPerGroup::applyByNode,
                seriesList(), Param.required("nodeNum", ParamType.NODE),
                Param.required("templateFunction", ParamType.STRING),
                Param.optional("newName", ParamType.STRING));
        lib.define("reduceSeries", GROUP, "Groups series by the node before reduceNode and "
                + "reduces each group's matchers with reduceFunction (e.g. asPercent).",
                CallsPerGroup::reduceSeries, Param.required("seriesLists", ParamType.SERIES_LISTS),
                Param.required("reduceFunction", ParamType.STRING),
                Param.required("reduceNode", ParamType.NODE),
                Param.multiple("reduceMatchers", ParamType.STRING, true));
        lib.define("reduce", GROUP, "reduceSeries.", CallsPerGroup::reduceSeries,
                Param.required("seriesLists", ParamType.SERIES_LISTS),
                Param.required("reduceFunction", ParamType.STRING),
                Param.required("reduceNode", ParamType.NODE),
                Param.multiple("reduceMatchers", ParamType.STRING, true));
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
}
