package org.dkumonitor.statsd;

import java.util.Arrays;
import java.util.List;

/**
 * statsite's key names (its stream formatter behind its graphite sink, whose prefix is
 * {@code globalPrefix}, {@code statsite} by default): {@code counts.KEY} = the interval's sum
 * (not a rate), {@code timers.KEY.} {@code sum}, {@code sum_sq}, {@code mean}, {@code lower},
 * {@code upper}, {@code count}, {@code stdev} (sample), {@code median} (when 50 is a
 * percentile), {@code pNN} per {@code percentThreshold} (its quantiles, 50/95/99 by default),
 * {@code rate} (sum per second) and {@code sample_rate} (count per second); {@code gauges.KEY},
 * {@code sets.KEY} (members), {@code kv.KEY} once per sample. Only keys seen in the interval
 * are written, as statsite starts each interval afresh. Quantiles are exact here (statsite
 * estimates them within 1 %); values are written as statsd writes numbers (statsite's
 * {@code %f} text has more zeros but is the same number).
 */
final class StatsiteFormat implements FlushFormat {

    private final double flushSeconds;
    private final String counts;
    private final String timers;
    private final String gauges;
    private final String sets;
    private final String keyValues;
    private final String suffix;
    private final double[] quantiles;
    private final String[] quantileNames;

    StatsiteFormat(StatsdConfig config) {
        flushSeconds = config.flushIntervalMillis() / 1000.0;
        String prefix = config.globalPrefix();
        counts = FlushFormat.join(prefix, config.prefixCounter());
        timers = FlushFormat.join(prefix, config.prefixTimer());
        gauges = FlushFormat.join(prefix, config.prefixGauge());
        sets = FlushFormat.join(prefix, config.prefixSet());
        keyValues = FlushFormat.join(prefix, config.prefixKv());
        suffix = config.globalSuffix() == null ? "" : "." + config.globalSuffix();
        List<Double> percents = config.percentThreshold();
        quantiles = new double[percents.size()];
        quantileNames = new String[percents.size()];
        for (int i = 0; i < quantiles.length; i++) {
            quantiles[i] = percents.get(i) / 100;
            quantileNames[i] = "p" + (long) Math.rint(percents.get(i));
        }
    }

    @Override
    public long write(Snapshot s, LineBuffer out, FlushStats stats) {
        KeyTable.View view = s.counters;
        for (int id : Snapshot.order(view)) {
            FlushFormat.key(out, counts, view, id, suffix);
            out.value(s.counterValues[id]);
        }
        long processing = 0;
        view = s.timers;
        s.timerSamples.group(view.size(), s.timerSampleCounts);
        for (int id : Snapshot.order(view)) {
            int n = s.timerSampleCounts[id];
            if (n == 0) {
                continue;
            }
            long started = System.nanoTime();
            double[] samples = s.timerSamples.samplesOf(id);
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                sum += samples[i];
                squares += samples[i] * samples[i];
            }
            Arrays.sort(samples, 0, n);
            double count = Math.floor(s.timerCounts[id]);
            double divisor = (double) n * (n - 1);
            double stdev = divisor == 0 ? 0 : Math.sqrt((n * squares - sum * sum) / divisor);
            processing += System.nanoTime() - started;
            timer(out, view, id, "sum", sum);
            timer(out, view, id, "sum_sq", squares);
            timer(out, view, id, "mean", sum / n);
            timer(out, view, id, "lower", samples[0]);
            timer(out, view, id, "upper", samples[n - 1]);
            timer(out, view, id, "count", count);
            timer(out, view, id, "stdev", stdev);
            for (int q = 0; q < quantiles.length; q++) {
                double value = quantile(samples, n, quantiles[q]);
                if (quantiles[q] == 0.5) {
                    timer(out, view, id, "median", value);
                }
                timer(out, view, id, quantileNames[q], value);
            }
            timer(out, view, id, "rate", sum / flushSeconds);
            timer(out, view, id, "sample_rate", count / flushSeconds);
        }
        view = s.gauges;
        for (int id : Snapshot.order(view)) {
            FlushFormat.key(out, gauges, view, id, suffix);
            out.value(s.gaugeValues[id]);
        }
        view = s.sets;
        for (int id : Snapshot.order(view)) {
            FlushFormat.key(out, sets, view, id, suffix);
            out.value(s.setSizes[id]);
        }
        view = s.keyValues;
        s.keyValueSamples.group(view.size(), s.keyValueCounts);
        for (int id = 0; id < view.size(); id++) {
            double[] samples = s.keyValueSamples.samplesOf(id);
            for (int i = 0; i < s.keyValueCounts[id]; i++) {
                FlushFormat.key(out, keyValues, view, id, suffix);
                out.value(samples[i]);
            }
        }
        return processing / 1_000_000;
    }

    private void timer(LineBuffer out, KeyTable.View view, int id, String field, double value) {
        FlushFormat.key(out, timers, view, id, suffix, field);
        out.value(value);
    }

    /** The sample of rank ceil(q n) (1-based), as statsite's estimator aims at. */
    private static double quantile(double[] sorted, int n, double q) {
        int rank = (int) Math.ceil(q * n);
        return sorted[Math.min(n, Math.max(1, rank)) - 1];
    }
}
