package org.dkumonitor.server.render;

import java.util.List;
import org.dkumonitor.server.render.functions.FunctionArgumentException;

/**
 * Merging a series' points {@code valuesPerPoint} at a time with its consolidateBy function and
 * xFilesFactor: what the JSON output's maxDataPoints and the functions' normalize() (common
 * step) do to a series.
 */
public final class Consolidation {

    private Consolidation() {
    }

    /**
     * datalib's consolidating iterator: {@code valuesPerPoint} values become one, with the
     * series' consolidation function (sum, average/avg, avg_zero, max, min, first, last) and
     * xFilesFactor; the last, partial bucket is kept.
     */
    public static double[] consolidate(double[] values, int valuesPerPoint, String function,
            double xFilesFactor) {
        if (valuesPerPoint <= 1) {
            return values;
        }
        String cf = function.equals("avg") ? "average" : function;
        if (!List.of("sum", "average", "avg_zero", "max", "min", "first", "last").contains(cf)) {
            throw new FunctionArgumentException("Invalid consolidation function: '" + function
                    + "'");
        }
        int buckets = (values.length + valuesPerPoint - 1) / valuesPerPoint;
        double[] out = new double[buckets];
        for (int b = 0; b < buckets; b++) {
            int from = b * valuesPerPoint;
            int to = Math.min(values.length, from + valuesPerPoint);
            double total = 0;
            int nonNull = 0;
            double first = Double.NaN;
            double last = Double.NaN;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int used = 0;
            for (int i = from; i < to; i++) {
                double v = values[i];
                if (!Double.isNaN(v)) {
                    nonNull++;
                    used++;
                    total += v;
                    if (Double.isNaN(first)) {
                        first = v;
                    }
                    last = v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                } else if (cf.equals("avg_zero")) {
                    used++;
                }
            }
            if (nonNull == 0 || (double) nonNull / valuesPerPoint < xFilesFactor) {
                out[b] = Double.NaN;
                continue;
            }
            out[b] = switch (cf) {
                case "sum" -> total;
                case "average", "avg_zero" -> total / used;
                case "max" -> max;
                case "min" -> min;
                case "first" -> first;
                default -> last;
            };
        }
        return out;
    }
}
