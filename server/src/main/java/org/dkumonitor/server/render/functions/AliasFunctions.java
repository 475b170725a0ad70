package org.dkumonitor.server.render.functions;

import static org.dkumonitor.server.render.functions.FunctionLibrary.seriesList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dkumonitor.server.python.PyFormat;
import org.dkumonitor.server.python.PyRegex;
import org.dkumonitor.server.render.Series;

/**
 * graphite-web's "Alias" group: functions that rename series and leave values, tags and
 * pathExpression as they were (so {@code tags.name} stays the metric path, which Grafana uses).
 */
final class AliasFunctions {

    private static final String GROUP = "Alias";

    private AliasFunctions() {
    }

    static void register(FunctionLibrary lib) {
        lib.define("alias", GROUP, "Names every series newName.", call -> {
            String name = call.string(1);
            return call.series(0).stream().map(s -> s.withName(name)).toList();
        }, seriesList(), Param.required("newName", ParamType.STRING));
        lib.define("aliasByNode", GROUP, "Names each series by some of its nodes (or tags), "
                + "joined by dots; negative nodes count from the end.", call -> {
                    List<Object> nodes = call.rest(1);
                    return call.series(0).stream().map(s -> s.withName(SeriesOps.aggKey(s,
                            nodes))).toList();
                }, seriesList(), Param.multiple("nodes", ParamType.NODE_OR_TAG, true));
        lib.define("aliasByTags", GROUP, "Names each series by some of its tags (or nodes).",
                call -> {
                    List<Object> nodes = call.rest(1);
                    return call.series(0).stream().map(s -> s.withName(SeriesOps.aggKey(s,
                            nodes))).toList();
                }, seriesList(), Param.multiple("tags", ParamType.NODE_OR_TAG, true));
        lib.define("aliasByMetric", GROUP, "Names each series by the last node of its metric.",
                call -> substr(call.series(0), -1, 0), seriesList());
        lib.define("aliasSub", GROUP, "Runs each name through a Python regex substitution "
                + "(replacement with \\1 or \\g<name> group references).", call -> {
                    PyRegex regex = PyRegex.compile(call.string(1));
                    String replace = call.string(2);
                    return call.series(0).stream().map(s -> s.withName(regex.sub(replace,
                            s.name()))).toList();
                }, seriesList(), Param.required("search", ParamType.STRING),
                Param.required("replace", ParamType.STRING));
        lib.define("aliasQuery", GROUP, "Names each series by newName formatted with the last "
                + "value of the series found by a regex-rewritten query.",
                AliasFunctions::aliasQuery, seriesList(), Param.required("search",
                        ParamType.STRING), Param.required("replace", ParamType.STRING),
                Param.required("newName", ParamType.STRING));
        lib.define("substr", "Special", "Keeps the nodes start..stop of each name (inside the "
                + "innermost parentheses).", call -> substr(call.series(0),
                        (int) call.integer(1), (int) call.integer(2)), seriesList(),
                Param.optional("start", ParamType.NODE, 0L),
                Param.optional("stop", ParamType.NODE, 0L));
        lib.define("legendValue", GROUP, "Appends aggregates of each series to its name, e.g. "
                + "\"(avg: 3.2)\".", AliasFunctions::legendValue, seriesList(),
                Param.multiple("valuesTypes", ParamType.STRING, false));
    }

    /** graphite-web's substr: Python slicing of the dotted name inside the parentheses. */
    static List<Series> substr(List<Series> list, int start, int stop) {
        List<Series> out = new ArrayList<>();
        for (Series s : list) {
            String name = s.name();
            int left = name.lastIndexOf('(') + 1;
            int right = name.indexOf(')');
            if (right < 0) {
                right = name.length() + 1;
            }
            String clean = left <= Math.min(right, name.length())
                    ? name.substring(left, Math.min(right, name.length())) : "";
            String[] parts = clean.split("\\.", -1);
            int from = sliceIndex(start, parts.length);
            int to = stop == 0 ? parts.length : sliceIndex(stop, parts.length);
            String newName = from < to ? String.join(".", Arrays.copyOfRange(parts, from, to))
                    : "";
            out.add(s.withName(newName.replaceAll(",.*$", "")));
        }
        return out;
    }

    private static int sliceIndex(int index, int length) {
        int i = index < 0 ? length + index : index;
        return Math.max(0, Math.min(length, i));
    }

    private static List<Series> aliasQuery(Invocation call) {
        PyRegex regex = PyRegex.compile(call.string(1));
        List<Series> out = new ArrayList<>();
        RenderContext context = call.context();
        for (Series s : call.series(0)) {
            String query = regex.sub(call.string(2), s.name());
            List<Series> found = context.source().fetch(query, context.from(), context.until(),
                    context.now());
            if (found.isEmpty()) {
                throw call.error("No series found with query: " + query);
            }
            double current = Aggregation.last(found.get(0).values());
            if (Double.isNaN(current)) {
                throw call.error("Cannot get last value of series: " + found.get(0).name());
            }
            out.add(s.withName(PercentFormat.format(call.string(3), current)));
        }
        return out;
    }

    private static List<Series> legendValue(Invocation call) {
        List<Object> types = call.rest(1);
        List<Series> list = call.series(0);
        String system = null;
        if (!types.isEmpty() && (types.get(types.size() - 1).equals("si")
                || types.get(types.size() - 1).equals("binary"))) {
            system = (String) types.remove(types.size() - 1);
        }
        List<Series> out = new ArrayList<>(list);
        for (Object type : types) {
            String valueType = String.valueOf(type);
            boolean valid = Aggregation.isValidName(valueType);
            for (int i = 0; i < out.size(); i++) {
                Series s = out.get(i);
                String formatted;
                if (!valid) {
                    formatted = "(?)";
                } else {
                    double value = Aggregation.of(valueType).apply(s.values());
                    if (system == null) {
                        formatted = Double.isNaN(value) ? "None" : PyFormat.floatRepr(value);
                    } else {
                        formatted = Double.isNaN(value) ? "None" : Units.format(value, system);
                    }
                }
                String name = system == null ? s.name() + " (" + valueType + ": " + formatted
                        + ")" : String.format("%-20s%-5s%-10s", s.name(), valueType, formatted);
                out.set(i, s.withName(name));
            }
        }
        return out;
    }
}
