package org.dkumonitor.server.gottwall;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Counts one authenticated metric into its series: the counter's own and one per filter value
 * (a list value counts in each, as GottWall's storage does). Every series is checked first, so
 * a metric is counted everywhere or nowhere. What HTTP and the stream share.
 */
final class Recorder {

    private final CounterTable table;
    private final Supplier<GottwallConfig> config;
    private final GottwallStats stats;

    Recorder(CounterTable table, Supplier<GottwallConfig> config, GottwallStats stats) {
        this.table = table;
        this.config = config;
        this.stats = stats;
    }

    GottwallStats stats() {
        return stats;
    }

    /**
     * Counts {@code metric} for {@code project} at the clock's {@code now}; throws (and counts)
     * {@link BadMetricException} when it cannot be counted.
     */
    void record(String project, Action action, Metric metric, long now) {
        try {
            long time = metric.localTime() == null ? metric.time(null, now)
                    : metric.time(config.get().zoneOf(project), now);
            double value = action == Action.DECR ? -Math.abs(metric.value()) : metric.value();
            String counter = SeriesNames.counter(project, metric.name());
            CounterTable.Kind kind = CounterTable.Kind.of(action);
            if (metric.filters().isEmpty()) {
                table.add(table.slot(counter, time, now), kind, value, now);
            } else {
                List<CounterTable.Slot> slots = new ArrayList<>(metric.seriesCount());
                slots.add(table.slot(counter, time, now));
                for (Metric.Filter filter : metric.filters()) {
                    for (String filterValue : filter.values()) {
                        slots.add(table.slot(SeriesNames.filtered(counter, filter.name(),
                                filterValue), time, now));
                    }
                }
                for (CounterTable.Slot slot : slots) {
                    table.add(slot, kind, value, now);
                }
            }
            stats.received();
        } catch (BadMetricException e) {
            stats.rejected(e.reason());
            throw e;
        }
    }
}
