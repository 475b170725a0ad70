package org.dkumonitor.server.clickhouse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.render.SeriesAggregate;
import org.dkumonitor.server.render.SeriesStore;

/**
 * Reads metrics from ClickHouse's points table, merged with the cache so a point is graphable
 * the moment it arrives.
 *
 * <p>The step: the rollup rule of each metric at the age of the request's start
 * ({@code now - from}), as graphite-clickhouse chooses it; metrics are read together, one query
 * per step and function. The slots are whisper's ({@link PointsQuery.Window}), so a whisper
 * and a ClickHouse store give the same window for the same request.
 *
 * <p>The values, merged with the cache and de-duplicated, come from {@link StoredSlots}.
 *
 * <p>Aggregates ({@link #aggregate}): when every metric has the same step, ClickHouse sums
 * the points slot by slot (and counts, takes min and max) and only that comes back. That is
 * exact where each metric has at most one point in the slot, which the query checks
 * ({@code count() = uniq(Path)}); other slots, and the slots where cached points change a
 * metric, are computed from the metrics' values.
 */
final class ClickHouseSeries implements SeriesStore {

    /** uniq() counts exactly up to this many values per slot. */
    private static final long EXACT_UNIQ = 65_536;

    private final Tables tables;
    private final Supplier<RollupRules> rules;
    private final StoredSlots slots;

    ClickHouseSeries(ClickHouseHttp http, Tables tables, Supplier<RollupRules> rules,
            MetricCache cache) {
        this.tables = tables;
        this.rules = rules;
        this.slots = new StoredSlots(http, tables, cache);
    }

    /** Metrics read together: same step, same function. */
    private record Group(int step, RollupFunction function) {
    }

    @Override
    public Series read(String metric, long from, long until, long now) {
        return readAll(List.of(metric), from, until, now)[0];
    }

    @Override
    public Series[] readAll(List<String> metrics, long from, long until, long now) {
        Series[] out = new Series[metrics.size()];
        List<String> empty = new ArrayList<>();
        for (Map.Entry<Group, List<Integer>> group : groups(metrics, from, now).entrySet()) {
            PointsQuery.Window window = PointsQuery.Window.of(from, until, group.getKey().step());
            List<String> names = new ArrayList<>();
            group.getValue().forEach(i -> names.add(metrics.get(i)));
            boolean[] found = new boolean[names.size()];
            double[][] values = slots.values(names, window, group.getKey().function(), found);
            for (int k = 0; k < names.size(); k++) {
                int i = group.getValue().get(k);
                out[i] = new Series(names.get(k), window.from(), window.until(), window.step(),
                        values[k]);
                if (!found[k]) {
                    empty.add(names.get(k));
                }
            }
        }
        if (!empty.isEmpty()) {
            java.util.Set<String> missing = new java.util.HashSet<>(empty);
            missing.removeAll(slots.existing(empty));
            for (int i = 0; i < out.length; i++) {
                if (out[i] != null && missing.contains(metrics.get(i))) {
                    out[i] = null;
                }
            }
        }
        return out;
    }

    @Override
    public Optional<SeriesAggregate> aggregate(List<String> metrics, long from, long until,
            long now) {
        Map<Group, List<Integer>> groups = groups(metrics, from, now);
        int step = groups.keySet().iterator().next().step();
        if (groups.keySet().stream().anyMatch(g -> g.step() != step)) {
            return Optional.empty(); // graphite-web would consolidate to a common step first
        }
        PointsQuery.Window window = PointsQuery.Window.of(from, until, step);
        Aggregate total = new Aggregate(window.slots());
        boolean[] slow = new boolean[window.slots()];
        Map<String, Long> changed = slots.cachedFrom(metrics, window);
        long changedFrom = changed.values().stream().mapToLong(Long::longValue).min()
                .orElse(window.until());
        List<String> changedPaths = StoredSlots.paths(List.copyOf(changed.keySet()));
        slots.run(PointsQuery.aggregate(tables, window, StoredSlots.paths(metrics),
                changedPaths, changedFrom), in -> {
                    while (!in.atEnd()) {
                        int slot = window.slot(in.uint32());
                        double sum = in.float64();
                        long count = in.uint64();
                        double min = in.float64();
                        double max = in.float64();
                        long series = in.uint64();
                        if (slot < 0) {
                            continue;
                        }
                        if (count <= EXACT_UNIQ && count == series) {
                            total.add(slot, sum, (int) count, min, max);
                        } else {
                            slow[slot] = true; // a metric with two points here: roll it up
                        }
                    }
                    return null;
                });
        int firstSlow = -1;
        int lastSlow = -1;
        for (int i = 0; i < slow.length; i++) {
            if (slow[i]) {
                firstSlow = firstSlow < 0 ? i : firstSlow;
                lastSlow = i;
            }
        }
        for (Map.Entry<Group, List<Integer>> group : groups.entrySet()) {
            List<String> names = new ArrayList<>();
            group.getValue().forEach(i -> names.add(metrics.get(i)));
            RollupFunction function = group.getKey().function();
            List<String> changedHere = names.stream().filter(changed::containsKey).toList();
            if (!changedHere.isEmpty()) {
                PointsQuery.Window tail = window.from(changedFrom);
                add(total, slow, false, window.slot(changedFrom), slots.values(changedHere, tail,
                        function, new boolean[changedHere.size()]));
            }
            if (firstSlow >= 0) {
                PointsQuery.Window span = window.slots(firstSlow, lastSlow);
                add(total, slow, true, firstSlow, slots.values(names, span, function,
                        new boolean[names.size()]));
            }
        }
        return Optional.of(total.result(window, metrics.size()));
    }

    /** Adds series values from {@code offset} on, to the slow slots only or to the others. */
    private static void add(Aggregate total, boolean[] slow, boolean slowSlots, int offset,
            double[][] values) {
        for (double[] series : values) {
            for (int k = 0; k < series.length; k++) {
                int slot = offset + k;
                if (slow[slot] == slowSlots && !Double.isNaN(series[k])) {
                    total.add(slot, series[k], 1, series[k], series[k]);
                }
            }
        }
    }

    /** Sums, counts, minima and maxima per slot. */
    private static final class Aggregate {
        final double[] sums;
        final double[] mins;
        final double[] maxes;
        final int[] counts;

        Aggregate(int slots) {
            sums = new double[slots];
            mins = new double[slots];
            maxes = new double[slots];
            counts = new int[slots];
            Arrays.fill(mins, Double.NaN);
            Arrays.fill(maxes, Double.NaN);
        }

        void add(int slot, double sum, int count, double min, double max) {
            sums[slot] += sum;
            counts[slot] += count;
            mins[slot] = Double.isNaN(mins[slot]) ? min : Math.min(mins[slot], min);
            maxes[slot] = Double.isNaN(maxes[slot]) ? max : Math.max(maxes[slot], max);
        }

        SeriesAggregate result(PointsQuery.Window window, int series) {
            for (int i = 0; i < sums.length; i++) {
                if (counts[i] == 0) {
                    sums[i] = Double.NaN;
                }
            }
            return new SeriesAggregate(window.from(), window.until(), window.step(), series,
                    sums, mins, maxes, counts);
        }
    }

    /** Metrics by the step and function of their rollup rule at the request's age. */
    private Map<Group, List<Integer>> groups(List<String> metrics, long from, long now) {
        RollupRules current = rules.get();
        long age = Math.max(0, now - from);
        Map<Group, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < metrics.size(); i++) {
            RollupRules.Rule rule = current.ruleFor(TaggedPath.toClickHouse(metrics.get(i)));
            Group group = new Group(rule.precision(age), RollupFunction.of(rule.function()));
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(i);
        }
        return groups;
    }

    /**
     * From the epoch to now: a GraphiteMergeTree rolls points up but never drops them, so a
     * metric the index found may hold data for any time before now.
     */
    @Override
    public Interval interval(String metric, double now) {
        return new Interval(0, now);
    }

    @Override
    public void close() {
        // nothing kept open: the HTTP client's connections close when idle
    }
}
