package org.dkumonitor.statsd;

/**
 * Etsy statsd 0.9's graphite backend, line for line: counters (legacy: {@code stats.KEY} per
 * second and {@code stats_counts.KEY}; otherwise {@code stats.counters.KEY.rate} and
 * {@code .count}), timers ({@code stats.timers.KEY.FIELD}, see {@link TimerData}), gauges
 * ({@code stats.gauges.KEY}), sets ({@code stats.sets.KEY.count}), then statsd's own
 * ({@code numStats}, {@code calculationtime}, {@code processing_time} and the
 * {@code graphiteStats} of the previous flush). Prefixes and suffix as configured; a tagged
 * key's {@code ;k=v} goes after the suffix. Keys in JavaScript's object order.
 */
final class GraphiteFormat implements FlushFormat {

    private final boolean legacy;
    private final boolean flushCounts;
    private final double flushSeconds;
    private final String counters;
    private final String timers;
    private final String gauges;
    private final String sets;
    private final String global;
    private final String suffix;
    private final String prefixStats;
    private final TimerData timerData;

    GraphiteFormat(StatsdConfig config) {
        legacy = config.legacyNamespace();
        flushCounts = config.flushCounts();
        flushSeconds = config.flushIntervalMillis() / 1000.0;
        String prefix = config.globalPrefix();
        if (legacy) {
            global = "stats";
            counters = "stats";
            timers = "stats.timers";
            gauges = "stats.gauges";
            sets = "stats.sets";
        } else {
            global = prefix;
            counters = FlushFormat.join(prefix, config.prefixCounter());
            timers = FlushFormat.join(prefix, config.prefixTimer());
            gauges = FlushFormat.join(prefix, config.prefixGauge());
            sets = FlushFormat.join(prefix, config.prefixSet());
        }
        suffix = config.globalSuffix() == null ? "" : "." + config.globalSuffix();
        prefixStats = config.prefixStats();
        timerData = new TimerData(config);
    }

    @Override
    public long write(Snapshot s, LineBuffer out, FlushStats stats) {
        long started = System.nanoTime();
        KeyTable.View view = s.counters;
        for (int id : Snapshot.order(view)) {
            double value = s.counterValues[id];
            double perSecond = value / flushSeconds;
            if (legacy) {
                FlushFormat.key(out, counters, view, id, suffix);
                out.value(perSecond);
                if (flushCounts) {
                    FlushFormat.key(out, "stats_counts", view, id, suffix);
                    out.value(value);
                }
            } else {
                FlushFormat.key(out, counters, view, id, suffix, "rate");
                out.value(perSecond);
                if (flushCounts) {
                    FlushFormat.key(out, counters, view, id, suffix, "count");
                    out.value(value);
                }
            }
        }
        long processing = 0;
        view = s.timers;
        SamplePool samples = s.timerSamples;
        samples.group(view.size(), s.timerSampleCounts);
        for (int id : Snapshot.order(view)) {
            long computing = System.nanoTime();
            timerData.compute(timerData.needsKey() ? view.string(id) : "", samples.samplesOf(id),
                    s.timerSampleCounts[id], s.timerCounts[id]);
            processing += System.nanoTime() - computing;
            for (int f = 0; f < timerData.size; f++) {
                FlushFormat.key(out, timers, view, id, suffix, timerData.names[f]);
                out.value(timerData.values[f]);
            }
        }
        view = s.gauges;
        for (int id : Snapshot.order(view)) {
            FlushFormat.key(out, gauges, view, id, suffix);
            out.value(s.gaugeValues[id]);
        }
        view = s.sets;
        for (int id : Snapshot.order(view)) {
            FlushFormat.key(out, sets, view, id, suffix, "count");
            out.value(s.setSizes[id]);
        }
        long processingMillis = processing / 1_000_000;
        long calculation = (System.nanoTime() - started - processing) / 1_000_000;
        String own = FlushFormat.join(global, prefixStats);
        if (legacy) {
            out.name(prefixStats).name(".numStats").name(suffix).value(s.keys());
            out.name("stats.").name(prefixStats).name(".graphiteStats.calculationtime")
                    .name(suffix).value(calculation);
            out.name("stats.").name(prefixStats).name(".processing_time").name(suffix)
                    .value(processingMillis);
        } else {
            out.name(own).name(".numStats").name(suffix).value(s.keys());
            out.name(own).name(".graphiteStats.calculationtime").name(suffix)
                    .value(calculation);
            out.name(own).name(".processing_time").name(suffix).value(processingMillis);
        }
        out.name(own).name(".graphiteStats.last_exception").name(suffix)
                .value(stats.lastException);
        out.name(own).name(".graphiteStats.last_flush").name(suffix).value(stats.lastFlush);
        out.name(own).name(".graphiteStats.flush_time").name(suffix).value(stats.flushTime);
        out.name(own).name(".graphiteStats.flush_length").name(suffix)
                .value(stats.flushLength);
        return processingMillis;
    }
}
