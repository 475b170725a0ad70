package org.dkumonitor.server.render.functions;

import static org.dkumonitor.server.render.functions.FunctionLibrary.seriesList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dkumonitor.server.python.PyFormat;
import org.dkumonitor.server.python.PyMath;
import org.dkumonitor.server.render.Series;

/**
 * graphite-web's "Transform" group: functions that change the values of each series one by
 * one. Whether graphite-web rewrites a series in place and sets pathExpression to the new name,
 * or copies it ({@link Series#copy}, whose path expression is then its new name too), an
 * aggregate over the result lists each transformed series by name; {@link Series#changed} is
 * for the few in-place changes that keep the pattern.
 */
final class TransformFunctions {

    private static final String GROUP = "Transform";

    private TransformFunctions() {
    }

    static void register(FunctionLibrary lib) {
        lib.define("scale", GROUP, "Multiplies each value by a constant.", call -> {
            double factor = call.number(1);
            return SeriesOps.transform(call.series(0), "scale(%s," + PyFormat.g(factor) + ")",
                    "scale", PyFormat.str(call.value(1)), true, v -> v * factor);
        }, seriesList(), Param.required("factor", ParamType.FLOAT));
        lib.define("offset", GROUP, "Adds a constant to each value.", call -> {
            double factor = call.number(1);
            return SeriesOps.transform(call.series(0), "offset(%s," + PyFormat.g(factor) + ")",
                    "offset", PyFormat.str(call.value(1)), true, v -> v + factor);
        }, seriesList(), Param.required("factor", ParamType.FLOAT));
        lib.define("add", GROUP, "Adds a constant to each value.", call -> {
            double constant = call.number(1);
            // graphite-web formats the constant with %d, truncating it
            return SeriesOps.transform(call.series(0), "add(%s," + (long) constant + ")",
                    "add", PyFormat.str(call.value(1)), true, v -> v + constant);
        }, seriesList(), Param.required("constant", ParamType.FLOAT));
        lib.define("absolute", GROUP, "The absolute value of each value.", call ->
                SeriesOps.transform(call.series(0), "absolute(%s)", "absolute", "1", true,
                        Math::abs), seriesList());
        lib.define("squareRoot", GROUP, "The square root of each value.", call ->
                SeriesOps.transform(call.series(0), "squareRoot(%s)", "squareRoot", "1", true,
                        v -> PyMath.pow(v, 0.5)), seriesList());
        lib.define("invert", GROUP, "1 divided by each value.", call ->
                SeriesOps.transform(call.series(0), "invert(%s)", "invert", "1", true,
                        v -> PyMath.pow(v, -1)), seriesList());
        lib.define("pow", GROUP, "Each value raised to a power.", call -> {
            double factor = call.number(1);
            return SeriesOps.transform(call.series(0), "pow(%s," + PyFormat.g(factor) + ")",
                    "pow", PyFormat.str(call.value(1)), true, v -> PyMath.pow(v, factor));
        }, seriesList(), Param.required("factor", ParamType.FLOAT));
        lib.define("exp", GROUP, "e raised to each value.", call ->
                SeriesOps.transform(call.series(0), "exp(%s)", "exp", "e", true, Math::exp),
                seriesList());
        lib.define("sigmoid", GROUP, "The sigmoid 1/(1+exp(-x)) of each value.", call ->
                SeriesOps.transform(call.series(0), "sigmoid(%s)", "sigmoid", "sigmoid", true,
                        v -> 1 / (1 + Math.exp(-v))), seriesList());
        lib.define("logit", GROUP, "The logit log(x/(1-x)) of each value.", call ->
                SeriesOps.transform(call.series(0), "logit(%s)", "logit", "logit", true, v -> {
                    if (v == 1) {
                        return Double.NaN;
                    }
                    double ratio = v / (1 - v);
                    return ratio <= 0 ? Double.NaN : Math.log(ratio);
                }), seriesList());
        lib.define("log", GROUP, "The logarithm of each value in a base (10 by default); "
                + "None for values at or below 0.", call -> {
                    Object base = call.value(1);
                    double b = ((Number) base).doubleValue();
                    List<Series> out = new ArrayList<>();
                    for (Series s : call.series(0)) {
                        double[] values = SeriesOps.mapPresent(s.values(),
                                v -> v <= 0 ? Double.NaN : Math.log(v) / Math.log(b));
                        out.add(s.withTag("log", PyFormat.str(base)).copy("log(" + s.name()
                                + ", " + PyFormat.str(base) + ")", s.start(), s.end(), s.step(),
                                values));
                    }
                    return out;
                }, seriesList(), Param.optional("base", ParamType.INTEGER, 10L));
        lib.define("round", GROUP, "Each value rounded to a number of decimal places.", call -> {
            int precision = call.given(1) ? (int) call.integer(1) : 0;
            String suffix = call.given(1) ? "," + PyFormat.g(precision) : "";
            return SeriesOps.transform(call.series(0), "round(%s" + suffix + ")", "round",
                    Integer.toString(precision), true, v -> PyMath.round(v, precision));
        }, seriesList(), Param.optional("precision", ParamType.INTEGER, 0L));
        lib.define("offsetToZero", GROUP, "Subtracts the series' minimum from every value.",
                call -> {
                    List<Series> out = new ArrayList<>();
                    for (Series s : call.series(0)) {
                        double min = Aggregation.min(s.values());
                        out.addAll(SeriesOps.transform(List.of(s), "offsetToZero(%s)",
                                "offsetToZero", PyFormat.str(Double.isNaN(min) ? null : min),
                                true, v -> v - min));
                    }
                    return out;
                }, seriesList());
        lib.define("minMax", GROUP, "Scales each series to 0..1 between its minimum and maximum.",
                call -> {
                    List<Series> out = new ArrayList<>();
                    for (Series s : call.series(0)) {
                        double min = Aggregation.min(s.values());
                        double max = Aggregation.max(s.values());
                        double lo = Double.isNaN(min) ? 0 : min;
                        double hi = Double.isNaN(max) ? 0 : max;
                        double[] values = SeriesOps.mapPresent(s.values(),
                                v -> hi - lo == 0 ? 0.0 : (v - lo) / (hi - lo));
                        out.add(s.withValues(values).renamed("minMax(" + s.name() + ")"));
                    }
                    return out;
                }, seriesList());
        lib.define("scaleToSeconds", GROUP, "Scales per-step values to per-N-seconds values.",
                call -> {
                    double seconds = call.number(1);
                    List<Series> out = new ArrayList<>();
                    for (Series s : call.series(0)) {
                        double factor = seconds / s.step();
                        String name = "scaleToSeconds(" + s.name() + "," + (long) seconds + ")";
                        out.add(s.withTag("scaleToSeconds", PyFormat.str(call.value(1)))
                                .withValues(SeriesOps.mapPresent(s.values(),
                                        v -> PyMath.round(v * factor, 6))).renamed(name));
                    }
                    return out;
                }, seriesList(), Param.required("seconds", ParamType.FLOAT));
        lib.define("derivative", GROUP, "The difference between each value and the previous one.",
                call -> deltas(call.series(0), "derivative", null, null, false, false),
                seriesList());
        lib.define("nonNegativeDerivative", GROUP, "derivative that ignores decreases (counter "
                + "wraps), or wraps them at maxValue/minValue.",
                call -> deltas(call.series(0), "nonNegativeDerivative", call.optionalNumber(1),
                        call.optionalNumber(2), true, false),
                seriesList(), Param.optional("maxValue", ParamType.FLOAT),
                Param.optional("minValue", ParamType.FLOAT));
        lib.define("perSecond", GROUP, "nonNegativeDerivative divided by the step: a rate per "
                + "second, rounded to 6 decimals.",
                call -> deltas(call.series(0), "perSecond", call.optionalNumber(1),
                        call.optionalNumber(2), true, true),
                seriesList(), Param.optional("maxValue", ParamType.FLOAT),
                Param.optional("minValue", ParamType.FLOAT));
        lib.define("integral", GROUP, "The running sum of the values; None stays None.", call -> {
            List<Series> out = new ArrayList<>();
            for (Series s : call.series(0)) {
                double current = 0.0;
                double[] values = new double[s.size()];
                for (int i = 0; i < values.length; i++) {
                    if (Double.isNaN(s.value(i))) {
                        values[i] = Double.NaN;
                    } else {
                        current += s.value(i);
                        values[i] = current;
                    }
                }
                out.add(s.withTag("integral", "1").copy("integral(" + s.name() + ")",
                        s.start(), s.end(), s.step(), values));
            }
            return out;
        }, seriesList());
        lib.define("integralByInterval", GROUP, "integral reset to 0 at every interval since the"
                + " start of the request.", TransformFunctions::integralByInterval,
                seriesList(), Param.required("intervalUnit", ParamType.STRING));
        lib.define("keepLastValue", GROUP, "Fills gaps of at most limit points with the last "
                + "value seen.", call -> fillGaps(call, "keepLastValue", false), seriesList(),
                Param.optional("limit", ParamType.INT_OR_INF, Double.POSITIVE_INFINITY));
        lib.define("interpolate", GROUP, "Fills gaps of at most limit points linearly.",
                call -> fillGaps(call, "interpolate", true), seriesList(),
                Param.optional("limit", ParamType.INT_OR_INF, Double.POSITIVE_INFINITY));
        lib.define("transformNull", GROUP, "Replaces None by a default value (only where some "
                + "reference series has a value, when given).", TransformFunctions::transformNull,
                seriesList(), Param.optional("default", ParamType.FLOAT, 0L),
                Param.optional("referenceSeries", ParamType.SERIES_LIST));
        lib.define("isNonNull", GROUP, "1 where a value is present, 0 where it is None.", call -> {
            List<Series> out = new ArrayList<>();
            for (Series s : call.series(0)) {
                double[] values = new double[s.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = Double.isNaN(s.value(i)) ? 0 : 1;
                }
                out.add(s.withTag("isNonNull", "1").withValues(values)
                        .renamed("isNonNull(" + s.name() + ")"));
            }
            return out;
        }, seriesList());
        lib.define("delay", GROUP, "Shifts the values by a number of steps (positive: later).",
                call -> {
                    int steps = (int) call.integer(1);
                    List<Series> out = new ArrayList<>();
                    for (Series s : call.series(0)) {
                        double[] values = new double[s.size()];
                        Arrays.fill(values, Double.NaN);
                        int n = s.size();
                        for (int i = 0; i < n; i++) {
                            int target = i + steps;
                            if (target >= 0 && target < n) {
                                values[target] = s.value(i);
                            }
                        }
                        out.add(s.withTag("delay", Integer.toString(steps)).copy("delay("
                                + s.name() + "," + steps + ")", s.start(), s.end(), s.step(),
                                values));
                    }
                    return out;
                }, seriesList(), Param.required("steps", ParamType.INTEGER));
        TimeFunctions.register(lib);
    }

    private static List<Series> deltas(List<Series> list, String function, Double maxValue,
            Double minValue, boolean nonNegative, boolean perSecond) {
        List<Series> out = new ArrayList<>(list.size());
        for (Series s : list) {
            double[] values = new double[s.size()];
            double prev = Double.NaN;
            for (int i = 0; i < values.length; i++) {
                double val = s.value(i);
                double delta;
                if (!nonNegative) {
                    delta = Double.isNaN(prev) || Double.isNaN(val) ? Double.NaN : val - prev;
                    prev = val;
                } else {
                    double[] result = nonNegativeDelta(val, prev, maxValue, minValue);
                    delta = result[0];
                    prev = result[1];
                }
                if (perSecond && !Double.isNaN(delta)) {
                    delta = PyMath.round(delta / s.step(), 6);
                }
                values[i] = delta;
            }
            out.add(s.withTag(function, "1").copy(function + "(" + s.name() + ")", s.start(),
                    s.end(), s.step(), values));
        }
        return out;
    }

    /** graphite-web 1.1.8's _nonNegativeDelta: {delta, new previous}; NaN is None. */
    static double[] nonNegativeDelta(double val, double prev, Double maxValue, Double minValue) {
        if (maxValue != null && !Double.isNaN(val) && val > maxValue) {
            return new double[] {Double.NaN, Double.NaN};
        }
        if (minValue != null && !Double.isNaN(val) && val < minValue) {
            return new double[] {Double.NaN, Double.NaN};
        }
        if (Double.isNaN(prev) || Double.isNaN(val)) {
            return new double[] {Double.NaN, val};
        }
        if (val >= prev) {
            return new double[] {val - prev, val};
        }
        if (maxValue != null) {
            return new double[] {maxValue + 1 + val - prev - (minValue == null ? 0 : minValue),
                val};
        }
        if (minValue != null) {
            return new double[] {val - minValue, val};
        }
        return new double[] {Double.NaN, val};
    }

    private static List<Series> integralByInterval(Invocation call) {
        String unit = call.string(1);
        long interval = Math.abs(org.dkumonitor.server.render.time.AtTime.offsetSeconds(
                unit.strip().toLowerCase(java.util.Locale.ROOT), unit));
        if (interval == 0) {
            throw call.error("intervalUnit must not be 0");
        }
        long startTime = call.context().from();
        List<Series> out = new ArrayList<>();
        for (Series s : call.series(0)) {
            double[] values = new double[s.size()];
            long currentTime = s.start();
            double current = 0.0;
            for (int i = 0; i < values.length; i++) {
                if (Math.floorDiv(currentTime - startTime, interval)
                        != Math.floorDiv(currentTime - startTime - s.step(), interval)) {
                    current = 0.0;
                }
                if (!Double.isNaN(s.value(i))) {
                    current += s.value(i);
                }
                values[i] = current;
                currentTime += s.step();
            }
            out.add(s.withTag("integralByInterval", unit).copy("integralByInterval(" + s.name()
                    + ",'" + unit + "')", s.start(), s.end(), s.step(), values));
        }
        return out;
    }

    private static List<Series> fillGaps(Invocation call, String function, boolean linear) {
        double limit = ((Number) call.value(1)).doubleValue();
        List<Series> out = new ArrayList<>();
        for (Series s : call.series(0)) {
            double[] values = s.values().clone();
            if (linear) {
                interpolate(values, limit);
            } else {
                keepLast(values, limit);
            }
            out.add(s.withValues(values).renamed(function + "(" + s.name() + ")"));
        }
        return out;
    }

    private static void keepLast(double[] values, double limit) {
        int nones = 0;
        double last = Double.NaN;
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                nones++;
            } else {
                if (nones > 0 && nones <= limit && !Double.isNaN(last)) {
                    Arrays.fill(values, i - nones, i, last);
                }
                nones = 0;
                last = values[i];
            }
        }
        if (nones > 0 && nones <= limit && !Double.isNaN(last)) {
            Arrays.fill(values, values.length - nones, values.length, last);
        }
    }

    private static void interpolate(double[] values, double limit) {
        int nones = 0;
        for (int i = 1; i < values.length; i++) {
            double value = values[i];
            if (Double.isNaN(value)) {
                nones++;
            } else if (nones == 0) {
                continue;
            } else if (Double.isNaN(values[i - nones - 1])) {
                nones = 0;
            } else {
                if (nones <= limit) {
                    double before = values[i - nones - 1];
                    for (int index = i - nones; index < i; index++) {
                        values[index] = before + (index - (i - nones - 1)) * (value - before)
                                / (nones + 1);
                    }
                }
                nones = 0;
            }
        }
    }

    private static List<Series> transformNull(Invocation call) {
        Object defaultValue = call.value(1);
        double fill = ((Number) defaultValue).doubleValue();
        boolean hasReference = call.given(2) && !call.series(2).isEmpty();
        double[] defaults = null;
        if (hasReference) {
            List<Series> reference = call.series(2);
            int length = 0;
            for (Series r : reference) {
                length = Math.max(length, r.size());
            }
            defaults = new double[length];
            for (int i = 0; i < length; i++) {
                boolean any = false;
                for (Series r : reference) {
                    any |= i < r.size() && !Double.isNaN(r.value(i));
                }
                defaults[i] = any ? fill : Double.NaN;
            }
        }
        List<Series> out = new ArrayList<>();
        for (Series s : call.series(0)) {
            Series tagged = s.withTag("transformNull", PyFormat.str(defaultValue));
            String name = "transformNull(" + s.name() + "," + PyFormat.g(fill)
                    + (hasReference ? ",referenceSeries)" : ")");
            if (hasReference) {
                tagged = tagged.withTag("referenceSeries", "1");
            }
            int length = defaults == null ? s.size() : Math.max(s.size(), defaults.length);
            double[] values = new double[length];
            for (int i = 0; i < length; i++) {
                double v = i < s.size() ? s.value(i) : Double.NaN;
                double d = defaults == null ? fill : (i < defaults.length ? defaults[i]
                        : Double.NaN);
                values[i] = Double.isNaN(v) ? d : v;
            }
            out.add(tagged.withValues(values).renamed(name));
        }
        return out;
    }
}
