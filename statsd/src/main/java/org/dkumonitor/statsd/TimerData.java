package org.dkumonitor.statsd;

import java.util.Arrays;
import java.util.List;

/**
 * statsd's {@code process_metrics} for one timer: the fields its graphite backend writes under
 * the timer's key, in statsd's order and with its floating-point operations in its order, so
 * that every value is the same double: per {@code percentThreshold} {@code count_P},
 * {@code mean_P}, {@code upper_P} ({@code lower_topP} for a negative one, the top values),
 * {@code sum_P}, {@code sum_squares_P}; then {@code std} (population), {@code upper},
 * {@code lower}, {@code count} (samples / rate), {@code count_ps}, {@code sum},
 * {@code sum_squares}, {@code mean}, {@code median}; then the histogram's {@code bin_B}
 * counts (values from the previous bin up to, not including, B). A timer without samples this
 * interval has {@code count_ps} and {@code count}, both 0. {@code calculatedTimerMetrics}
 * filters the names as statsd does ({@code _P} read as {@code _percent}).
 *
 * <p>Reused for every timer of a flush: {@link #compute} fills {@link #names} and
 * {@link #values} up to {@link #size}.
 */
final class TimerData {

    private final double[] percents;
    private final String[][] percentNames;
    private final List<StatsdConfig.Histogram> histograms;
    private final String[][] binNames;
    private final double[][] binBounds;
    private final List<String> calculated;
    private final double flushSeconds;

    String[] names = new String[32];
    double[] values = new double[32];
    int size;
    private double[] cumulative = new double[16];
    private double[] cumulativeSquares = new double[16];

    TimerData(StatsdConfig config) {
        List<Double> pcts = config.percentThreshold();
        percents = new double[pcts.size()];
        percentNames = new String[pcts.size()][];
        for (int i = 0; i < percents.length; i++) {
            percents[i] = pcts.get(i);
            String clean = JsNumber.format(percents[i]).replaceFirst("\\.", "_")
                    .replaceFirst("-", "top");
            percentNames[i] = new String[] {"count_" + clean, "mean_" + clean,
                (percents[i] > 0 ? "upper_" : "lower_") + clean, "sum_" + clean,
                "sum_squares_" + clean};
        }
        histograms = config.histogram();
        binNames = new String[histograms.size()][];
        binBounds = new double[histograms.size()][];
        for (int h = 0; h < histograms.size(); h++) {
            List<String> bins = histograms.get(h).bins();
            binNames[h] = new String[bins.size()];
            binBounds[h] = new double[bins.size()];
            for (int b = 0; b < bins.size(); b++) {
                boolean inf = bins.get(b).equals("inf");
                binBounds[h][b] = inf ? Double.POSITIVE_INFINITY : Double.parseDouble(bins.get(b));
                binNames[h][b] = "histogram.bin_" + (inf ? "inf"
                        : JsNumber.format(binBounds[h][b]).replaceFirst("\\.", "_"));
            }
        }
        calculated = config.calculatedTimerMetrics();
        flushSeconds = config.flushIntervalMillis() / 1000.0;
    }

    /** Whether {@link #compute} reads the timer's key (for its histogram), or ignores it. */
    boolean needsKey() {
        return !histograms.isEmpty();
    }

    /** The fields of a timer with {@code n} samples (sorted here, in place). */
    void compute(String key, double[] samples, int n, double count) {
        size = 0;
        if (n == 0) {
            add("count_ps", 0);
            add("count", 0);
            return;
        }
        Arrays.sort(samples, 0, n);
        if (cumulative.length < n) {
            cumulative = new double[Math.max(n, cumulative.length * 2)];
            cumulativeSquares = new double[cumulative.length];
        }
        double min = samples[0];
        double max = samples[n - 1];
        cumulative[0] = min;
        cumulativeSquares[0] = min * min;
        for (int i = 1; i < n; i++) {
            cumulative[i] = samples[i] + cumulative[i - 1];
            cumulativeSquares[i] = samples[i] * samples[i] + cumulativeSquares[i - 1];
        }
        double sum = min;
        double sumSquares = min * min;
        double mean = min;
        double boundary = max;
        for (int p = 0; p < percents.length; p++) {
            double pct = percents[p];
            long inThreshold = n;
            if (n > 1) {
                inThreshold = Math.round(Math.abs(pct) / 100 * n);
                if (inThreshold == 0) {
                    continue;
                }
                int k = (int) inThreshold;
                if (pct > 0) {
                    boundary = samples[k - 1];
                    sum = cumulative[k - 1];
                    sumSquares = cumulativeSquares[k - 1];
                } else {
                    boundary = samples[n - k];
                    // statsd reads index -1 as undefined: NaN when the threshold takes all
                    sum = cumulative[n - 1] - (n - k - 1 < 0 ? Double.NaN : cumulative[n - k - 1]);
                    sumSquares = cumulativeSquares[n - 1]
                            - (n - k - 1 < 0 ? Double.NaN : cumulativeSquares[n - k - 1]);
                }
                mean = sum / inThreshold;
            }
            String[] named = percentNames[p];
            add(named[0], inThreshold);
            add(named[1], mean);
            add(named[2], boundary);
            add(named[3], sum);
            add(named[4], sumSquares);
        }
        sum = cumulative[n - 1];
        sumSquares = cumulativeSquares[n - 1];
        mean = sum / n;
        double sumOfDiffs = 0;
        for (int i = 0; i < n; i++) {
            sumOfDiffs += (samples[i] - mean) * (samples[i] - mean);
        }
        int mid = n / 2;
        double median = n % 2 != 0 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
        add("std", Math.sqrt(sumOfDiffs / n));
        add("upper", max);
        add("lower", min);
        add("count", count);
        add("count_ps", count / flushSeconds);
        add("sum", sum);
        add("sum_squares", sumSquares);
        add("mean", mean);
        add("median", median);
        histogram(key, samples, n);
    }

    private void histogram(String key, double[] samples, int n) {
        for (int h = 0; h < histograms.size(); h++) {
            if (key.contains(histograms.get(h).metric())) {
                if (!included("histogram")) {
                    return;
                }
                double[] bounds = binBounds[h];
                int i = 0;
                for (int b = 0; b < bounds.length; b++) {
                    int frequency = 0;
                    for (; i < n && (bounds[b] == Double.POSITIVE_INFINITY
                            || samples[i] < bounds[b]); i++) {
                        frequency++;
                    }
                    put(binNames[h][b], frequency);
                }
                return;
            }
        }
    }

    private void add(String name, double value) {
        if (included(name)) {
            append(name, value);
        }
    }

    /** A bin: a repeated bound keeps its first place, as an object's key does. */
    private void put(String name, double value) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                values[i] = value;
                return;
            }
        }
        append(name, value);
    }

    private void append(String name, double value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size++] = value;
    }

    /** statsd's filter_timer_metrics: {@code _P}/{@code _topP} at the end reads _percent. */
    private boolean included(String name) {
        if (calculated.isEmpty()) {
            return true;
        }
        int end = name.length();
        int i = end;
        while (i > 0 && Character.isDigit(name.charAt(i - 1))) {
            i--;
        }
        String cleaned = name;
        if (i < end) {
            int at = name.startsWith("top", i - 3) && i >= 4 && name.charAt(i - 4) == '_'
                    ? i - 4 : i - 1;
            if (at >= 0 && name.charAt(at) == '_') {
                cleaned = name.substring(0, at) + "_percent";
            }
        }
        return calculated.contains(cleaned);
    }
}
