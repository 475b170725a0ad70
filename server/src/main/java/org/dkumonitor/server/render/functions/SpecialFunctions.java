package org.dkumonitor.server.render.functions;

import static org.dkumonitor.server.render.functions.FunctionLibrary.seriesList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.dkumonitor.server.python.PyFormat;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.render.time.AtTime;

/**
 * graphite-web's "Special" group (generators such as constantLine, consolidation and
 * xFilesFactor settings, fallbacks) and the "Graph" group functions whose effect shows in the
 * data (names, tags, stacking); pure styling ones (color, alpha, lineWidth) pass series through.
 */
final class SpecialFunctions {

    private static final String GROUP = "Special";
    private static final String GRAPH = "Graph";
    private static final List<String> CONSOLIDATIONS = List.of("average", "avg", "avg_zero",
            "first", "last", "max", "min", "sum");

    private SpecialFunctions() {
    }

    static void register(FunctionLibrary lib) {
        lib.define("constantLine", GROUP, "A line at a constant value over the request's window "
                + "(three points: start, middle, end).", call -> constantLine(call.context(),
                        call.value(0)), Param.required("value", ParamType.FLOAT));
        lib.define("consolidateBy", GROUP, "Sets how maxDataPoints merges points: sum, average,"
                + " avg_zero, min, max, first or last.", call -> {
                    String function = call.string(1);
                    return call.series(0).stream().map(s -> s.withConsolidation(function)
                            .withTag("consolidateBy", function).renamed("consolidateBy("
                                    + s.name() + ",\"" + function + "\")")).toList();
                }, seriesList(), Param.required("consolidationFunc", ParamType.STRING)
                        .withOptions(CONSOLIDATIONS));
        lib.define("cumulative", GROUP, "consolidateBy(seriesList, 'sum').", call ->
                call.call("consolidateBy", call.series(0), "sum"), seriesList());
        SeriesFunction setXff = call -> {
            double xff = call.number(1);
            return call.series(0).stream().map(s -> s.withXFilesFactor(xff)
                    .withTag("xFilesFactor", PyFormat.str(call.value(1)))).toList();
        };
        lib.define("setXFilesFactor", GROUP, "Sets the xFilesFactor used when these series are "
                + "consolidated.", setXff, seriesList(),
                Param.required("xFilesFactor", ParamType.FLOAT));
        lib.define("xFilesFactor", GROUP, "setXFilesFactor.", setXff, seriesList(),
                Param.required("xFilesFactor", ParamType.FLOAT));
        lib.define("fallbackSeries", GROUP, "The series list, or the fallback when it is empty.",
                call -> call.series(0).isEmpty() ? call.series(1) : call.series(0), seriesList(),
                Param.required("fallback", ParamType.SERIES_LIST));
        lib.define("changed", GROUP, "1 where the value differs from the previous present one, "
                + "else 0.", call -> {
                    List<Series> out = new ArrayList<>();
                    for (Series s : call.series(0)) {
                        double[] values = new double[s.size()];
                        double previous = Double.NaN;
                        for (int i = 0; i < values.length; i++) {
                            double v = s.value(i);
                            if (Double.isNaN(previous)) {
                                previous = v;
                                values[i] = 0;
                            } else if (!Double.isNaN(v) && previous != v) {
                                values[i] = 1;
                                previous = v;
                            } else {
                                values[i] = 0;
                            }
                        }
                        out.add(s.withValues(values).renamed("changed(" + s.name() + ")"));
                    }
                    return out;
                }, seriesList());
        lib.define("identity", "Calculate", "A series whose value is its own timestamp, every "
                + "minute.", call -> {
                    RenderContext c = call.context();
                    String name = call.string(0);
                    double[] values = generate(c, 60, t -> t);
                    return List.of(new Series(name, c.from(), c.until(), 60, values,
                            "identity(\"" + name + "\")", null, null, c.xFilesFactor()));
                }, Param.required("name", ParamType.STRING));
        SeriesFunction time = call -> {
            RenderContext c = call.context();
            int step = positiveStep(call, call.integer(1));
            return List.of(SeriesOps.fresh(call.string(0), c.from(), c.until(), step,
                    generate(c, step, t -> t), c.xFilesFactor()));
        };
        Param[] timeParams = {Param.required("name", ParamType.STRING),
            Param.optional("step", ParamType.INTEGER, 60L)};
        lib.define("timeFunction", "Transform", "A series whose value is its timestamp.", time,
                timeParams);
        lib.define("time", "Transform", "timeFunction.", time, timeParams);
        SeriesFunction sin = call -> {
            RenderContext c = call.context();
            double amplitude = call.number(1);
            int step = positiveStep(call, call.integer(2));
            return List.of(SeriesOps.fresh(call.string(0), c.from(), c.until(), step,
                    generate(c, step, t -> Math.sin(t) * amplitude), c.xFilesFactor()));
        };
        Param[] sinParams = {Param.required("name", ParamType.STRING),
            Param.optional("amplitude", ParamType.INTEGER, 1L),
            Param.optional("step", ParamType.INTEGER, 60L)};
        lib.define("sinFunction", "Transform", "A sine wave of the timestamp.", sin, sinParams);
        lib.define("sin", "Transform", "sinFunction.", sin, sinParams);
        SeriesFunction walk = call -> {
            RenderContext c = call.context();
            int step = positiveStep(call, call.integer(1));
            double[] values = generate(c, step, t -> 0);
            double current = 0;
            for (int i = 0; i < values.length; i++) {
                values[i] = current;
                current += ThreadLocalRandom.current().nextDouble() - 0.5;
            }
            return List.of(SeriesOps.fresh(call.string(0), c.from(), c.until(), step, values,
                    c.xFilesFactor()));
        };
        Param[] walkParams = {Param.required("name", ParamType.STRING),
            Param.optional("step", ParamType.INTEGER, 60L)};
        lib.define("randomWalkFunction", GROUP, "A random walk starting at 0.", walk, walkParams);
        lib.define("randomWalk", GROUP, "randomWalkFunction.", walk, walkParams);

        lib.define("seriesByTag", GROUP, "The tagged series (name;tag=value) matching every "
                + "expression: tag=value, tag!=value, tag=~regex, tag!=~regex.", call -> {
                    List<String> expressions = call.rest(0).stream().map(String::valueOf)
                            .toList();
                    RenderContext c = call.context();
                    // graphite-web names them by the call as written: a front end finds
                    // a member's series of seriesByTag by that text
                    String raw = call.callText() != null ? call.callText()
                            : "seriesByTag(" + String.join(",", expressions.stream()
                                    .map(e -> "'" + e + "'").toList()) + ")";
                    return c.source().fetchTagged(expressions, c.from(), c.until(), c.now())
                            .stream().map(s -> s.withPathExpression(raw)).toList();
                }, Param.multiple("tagExpressions", ParamType.STRING, true));
        lib.define("threshold", GRAPH, "A constant line, optionally named by label.", call -> {
            Series line = constantLine(call.context(), call.value(0)).get(0);
            return List.of(call.given(1) && !call.string(1).isEmpty()
                    ? line.withName(call.string(1)) : line);
        }, Param.required("value", ParamType.FLOAT), Param.optional("label", ParamType.STRING),
                Param.optional("color", ParamType.STRING));
        for (String name : List.of("color", "alpha", "lineWidth")) {
            ParamType type = name.equals("color") ? ParamType.STRING : ParamType.FLOAT;
            String param = switch (name) {
                case "color" -> "theColor";
                case "alpha" -> "alpha";
                default -> "width";
            };
            lib.define(name, GRAPH, "Sets the " + name + " of the series when drawn; the data "
                    + "is unchanged.", call -> call.series(0), seriesList(),
                    Param.required(param, type));
        }
        for (String name : List.of("secondYAxis", "drawAsInfinite")) {
            lib.define(name, GRAPH, "Marks the series for the graph renderer (" + name + ").",
                    call -> call.series(0).stream().map(s -> s.withTag(name, "1")
                            .withName(name + "(" + s.name() + ")")).toList(), seriesList());
        }
        lib.define("dashed", GRAPH, "Draws the series dashed.", call -> {
            long length = call.integer(1);
            return call.series(0).stream().map(s -> s.withTag("dashed", Long.toString(length))
                    .withName("dashed(" + s.name() + ", " + PyFormat.g(length) + ")")).toList();
        }, seriesList(), Param.optional("dashLength", ParamType.INTEGER, 5L));
        lib.define("stacked", GRAPH, "Stacks the series: each is the running total of the ones "
                + "before it.", SpecialFunctions::stacked, seriesList(),
                Param.optional("stack", ParamType.STRING));
        lib.define("areaBetween", GRAPH, "Fills the area between exactly two series.", call -> {
            List<Series> list = call.series(0);
            if (list.size() != 2) {
                throw call.error("areaBetween series argument must reference *exactly* 2 series");
            }
            Series upper = list.get(1).withTag("areaBetween", "1");
            String name = "areaBetween(" + upper.pathExpression() + ")";
            return List.of(list.get(0).withTags(upper.tags()).withName(name),
                    upper.withName(name));
        }, seriesList());
        lib.define("cactiStyle", GROUP, "Appends Current, Max and Min to each name, aligned "
                + "in columns, optionally in si or binary units.", SpecialFunctions::cactiStyle,
                seriesList(), Param.optional("system", ParamType.STRING)
                        .withOptions(List.of("binary", "si")),
                Param.optional("units", ParamType.STRING));
        lib.define("verticalLine", GRAPH, "A vertical line at a time (a series of two points "
                + "at the same timestamp).", SpecialFunctions::verticalLine,
                Param.required("ts", ParamType.DATE), Param.optional("label", ParamType.STRING),
                Param.optional("color", ParamType.STRING));
    }

    private static int positiveStep(Invocation call, long step) {
        if (step <= 0 || step > Integer.MAX_VALUE) {
            throw call.error("step must be a positive number of seconds");
        }
        return (int) step;
    }

    private static double[] generate(RenderContext c, int step,
            java.util.function.LongToDoubleFunction value) {
        long count = Math.max(0, (c.until() - c.from() + step - 1) / step);
        c.budget().chargePoints(count);
        double[] values = new double[(int) count];
        for (int i = 0; i < count; i++) {
            values[i] = value.applyAsDouble(c.from() + (long) i * step);
        }
        return values;
    }

    /** graphite-web's constantLine: points at start, middle and end of the window. */
    static List<Series> constantLine(RenderContext context, Object value) {
        String text = PyFormat.str(value);
        long start = context.from();
        long end = context.until();
        int step = (int) Math.max(1, (end - start) / 2);
        double v = value == null ? Double.NaN : ((Number) value).doubleValue();
        double[] values = new double[3];
        Arrays.fill(values, v);
        return List.of(new Series(text, start, end, step, values, "constantLine(" + text + ")",
                null, null, context.xFilesFactor()));
    }

    private static List<Series> stacked(Invocation call) {
        String stack = call.given(1) ? call.string(1) : "__DEFAULT__";
        List<Double> total = new ArrayList<>();
        List<Series> out = new ArrayList<>();
        for (Series s : call.series(0)) {
            double[] values = new double[s.size()];
            for (int i = 0; i < values.length; i++) {
                if (total.size() <= i) {
                    total.add(0.0);
                }
                if (!Double.isNaN(s.value(i))) {
                    total.set(i, total.get(i) + s.value(i));
                    values[i] = total.get(i);
                } else {
                    values[i] = Double.NaN;
                }
            }
            Series base = stack.equals("__DEFAULT__") ? s.withTag("stacked", stack) : s;
            String name = stack.equals("__DEFAULT__") ? "stacked(" + s.name() + ")" : s.name();
            out.add(base.copy(name, s.start(), s.end(), s.step(), values));
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
