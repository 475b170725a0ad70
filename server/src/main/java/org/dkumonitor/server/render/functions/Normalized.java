package org.dkumonitor.server.render.functions;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dkumonitor.server.render.Consolidation;
import org.dkumonitor.server.render.Series;

/**
 * graphite-web's normalize(): series of different steps brought to their least common multiple
 * step (each consolidated with its own consolidation function), over the union of their
 * windows; {@code end} is trimmed to a whole number of steps from {@code start}. Rows are read
 * as izip_longest does: a series shorter than the longest reads as None past its end.
 */
record Normalized(List<Series> series, List<double[]> values, long start, long end, int step) {

    /** Values to add before {@link #sumAndCount} splits the work between threads. */
    private static final long PARALLEL_WORK = 100_000;

    static Normalized of(List<Series> list) {
        if (list.isEmpty()) {
            return null;
        }
        long step = list.get(0).step();
        for (Series s : list) {
            step = lcm(step, s.step());
        }
        if (step > Integer.MAX_VALUE) {
            throw new FunctionArgumentException("series steps have no usable common multiple");
        }
        List<double[]> values = new ArrayList<>(list.size());
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (Series s : list) {
            values.add(Consolidation.consolidate(s.values(), (int) (step / s.step()),
                    s.consolidationFunc(), s.xFilesFactor()));
            start = Math.min(start, s.start());
            end = Math.max(end, s.end());
        }
        end -= (end - start) % step;
        return new Normalized(list, values, start, end, (int) step);
    }

    static long lcm(long a, long b) {
        if (a == b) {
            return a;
        }
        long big = Math.max(a, b);
        long small = Math.min(a, b);
        return big / gcd(big, small) * small;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    int length() {
        int length = 0;
        for (double[] v : values) {
            length = Math.max(length, v.length);
        }
        return length;
    }

    /** Row {@code i} across every series, None past a series' end. */
    double[] row(int i, double[] into) {
        for (int k = 0; k < values.size(); k++) {
            double[] v = values.get(k);
            into[k] = i < v.length ? v[i] : Double.NaN;
        }
        return into;
    }

    /**
     * Per point, the sum and the number of the non-null values of every series, added series
     * by series in list order: the same result as {@link Aggregation#sum} and
     * {@link Aggregation#count} over each {@link #row}.
     */
    void sumAndCount(double[] sums, int[] counts) {
        long work = (long) values.size() * sums.length;
        int parts = (int) Math.min(8, work / PARALLEL_WORK);
        if (parts < 2) {
            sumAndCount(sums, counts, 0, sums.length);
            return;
        }
        // split by time, not by series: every point still adds its series in list order
        int chunk = (sums.length + parts - 1) / parts;
        java.util.stream.IntStream.range(0, parts).parallel().forEach(part -> sumAndCount(sums,
                counts, part * chunk, Math.min(sums.length, (part + 1) * chunk)));
    }

    private void sumAndCount(double[] sums, int[] counts, int from, int to) {
        for (double[] v : values) {
            int n = Math.min(v.length, to);
            for (int i = from; i < n; i++) {
                double x = v[i];
                if (x == x) {
                    sums[i] += x;
                    counts[i]++;
                }
            }
        }
    }

    /** graphite-web's formatPathExpressions: the distinct path expressions, comma-joined. */
    static String pathExpressions(List<Series> list) {
        Set<String> distinct = new LinkedHashSet<>();
        for (Series s : list) {
            distinct.add(s.pathExpression());
        }
        return String.join(",", distinct);
    }
}
