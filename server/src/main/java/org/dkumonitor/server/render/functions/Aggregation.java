package org.dkumonitor.server.render.functions;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * graphite-web's aggregation functions over a row of values (functions/aggfuncs.py and
 * safe.py), NaN standing for None: each skips the missing values and gives NaN when nothing
 * is left, except {@code count} (0) and {@code avg_zero} (missing counts as 0).
 */
public final class Aggregation {

    /** The names graphite-web accepts, in its order, aliases last. */
    static final List<String> NAMES = List.of("average", "avg_zero", "median", "sum",
            "min", "max", "diff", "stddev", "count", "range", "multiply", "last", "rangeOf",
            "avg", "total", "current");
    private static final Set<String> NAME_SET = Set.copyOf(NAMES);

    private Aggregation() {
    }

    static boolean isValidName(String name) {
        return NAME_SET.contains(name) || (name.endsWith("Series")
                && NAME_SET.contains(name.substring(0, name.length() - 6)));
    }

    /** The function for a name ({@code sumSeries} is taken as {@code sum}). */
    static Aggregator of(String name) {
        String base = name.endsWith("Series") && NAME_SET.contains(name.substring(0,
                name.length() - 6)) ? name.substring(0, name.length() - 6) : name;
        return switch (base) {
            case "average", "avg" -> Aggregation::average;
            case "avg_zero" -> Aggregation::averageZero;
            case "median" -> Aggregation::median;
            case "sum", "total" -> Aggregation::sum;
            case "min" -> Aggregation::min;
            case "max" -> Aggregation::max;
            case "diff" -> Aggregation::diff;
            case "stddev" -> Aggregation::stddev;
            case "count" -> values -> count(values);
            case "range", "rangeOf" -> values -> {
                double max = max(values);
                return Double.isNaN(max) ? Double.NaN : max - min(values);
            };
            case "multiply" -> Aggregation::multiply;
            case "last", "current" -> Aggregation::last;
            default -> throw new FunctionArgumentException("Unsupported aggregation function: "
                    + name);
        };
    }

    /** An aggregation over one row of values (NaN = None). */
    @FunctionalInterface
    interface Aggregator {
        double apply(double[] values);
    }

    static double sum(double[] values) {
        double total = 0;
        boolean any = false;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                total += v;
                any = true;
            }
        }
        return any ? total : Double.NaN;
    }

    static int count(double[] values) {
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                n++;
            }
        }
        return n;
    }

    static double average(double[] values) {
        int n = count(values);
        return n == 0 ? Double.NaN : sum(values) / n;
    }

    static double averageZero(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double total = 0;
        for (double v : values) {
            total += Double.isNaN(v) ? 0 : v;
        }
        return total / values.length;
    }

    static double median(double[] values) {
        double[] present = present(values);
        if (present.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(present);
        int mid = present.length / 2;
        return present.length % 2 == 0 ? (present[mid - 1] + present[mid]) / 2 : present[mid];
    }

    static double min(double[] values) {
        double min = Double.NaN;
        for (double v : values) {
            if (!Double.isNaN(v) && (Double.isNaN(min) || v < min)) {
                min = v;
            }
        }
        return min;
    }

    static double max(double[] values) {
        double max = Double.NaN;
        for (double v : values) {
            if (!Double.isNaN(v) && (Double.isNaN(max) || v > max)) {
                max = v;
            }
        }
        return max;
    }

    static double diff(double[] values) {
        double[] present = present(values);
        if (present.length == 0) {
            return Double.NaN;
        }
        double total = present[0];
        for (int i = 1; i < present.length; i++) {
            total += -present[i];
        }
        return total;
    }

    static double stddev(double[] values) {
        int n = count(values);
        if (n == 0) {
            return Double.NaN;
        }
        double avg = sum(values) / n;
        double squares = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                squares = squares + (v - avg) * (v - avg);
            }
        }
        return Math.sqrt(squares / n);
    }

    static double multiply(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double product = values[0];
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                return Double.NaN;
            }
            if (i > 0) {
                product *= values[i];
            }
        }
        return product;
    }

    static double last(double[] values) {
        for (int i = values.length - 1; i >= 0; i--) {
            if (!Double.isNaN(values[i])) {
                return values[i];
            }
        }
        return Double.NaN;
    }

    static double[] present(double[] values) {
        double[] out = new double[count(values)];
        int j = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                out[j++] = v;
            }
        }
        return out;
    }

    /** graphite-web's xff(): enough non-null values out of total for the factor. */
    static boolean xff(long nonNull, double total, double factor) {
        return nonNull != 0 && total != 0 && nonNull / total >= factor;
    }
}
