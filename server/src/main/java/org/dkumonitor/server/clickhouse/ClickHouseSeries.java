package org.dkumonitor.server.clickhouse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.render.SeriesAggregate;
import org.dkumonitor.server.render.SeriesStore;
import org.dkumonitor.server.whisper.TimeSeriesPoint;

/**
 * Reads metrics from ClickHouse's points table, merged with the cache so a point is graphable
 * the moment it arrives.
 *
 * <p>The step: the rollup rule of each metric at the age of the request's start
 * ({@code now - from}), as graphite-clickhouse chooses it; metrics are read together, one query
 * per step and function. The slots are whisper's ({@link PointsQuery.Window}), so a whisper
 * and a ClickHouse store give the same window for the same request.
 *
 * <p>Computed again here: a slot where two stored rows share a time (not merged yet: the one
 * with the newest Timestamp counts) or where cached points join the stored ones (a cached
 * point replaces a stored one at the same time), from the slot's points, with the rule's
 * function, so the value is what ClickHouse will keep once merged and uploaded.
 *
 * <p>Aggregates ({@link #aggregate}): when every metric has the same step, ClickHouse sums
 * the points slot by slot (and counts, takes min and max) and only that comes back. That is
 * exact where each metric has at most one point in the slot, which the query checks
 * ({@code count() = uniq(Path)}); other slots, and the slots where cached points change a
 * metric, are computed from the metrics' values.
 */
final class ClickHouseSeries implements SeriesStore {

    private final ClickHouseHttp http;
    private final Tables tables;
    private final Supplier<RollupRules> rules;
    private final MetricCache cache;
    /** uniq() counts exactly up to this many values per slot. */
    private static final long EXACT_UNIQ = 65_536;

    ClickHouseSeries(ClickHouseHttp http, Tables tables, Supplier<RollupRules> rules,
            MetricCache cache) {
        this.http = http;
        this.tables = tables;
        this.rules = rules;
        this.cache = cache;
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
            double[][] values = values(names, window, group.getKey().function(), found);
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
            missing.removeAll(existing(empty));
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
        Map<String, Long> changed = cachedFrom(metrics, window);
        long changedFrom = changed.values().stream().mapToLong(Long::longValue).min()
                .orElse(window.until());
        run(PointsQuery.aggregate(tables, window, paths(metrics), paths(
                List.copyOf(changed.keySet())), changedFrom), in -> {
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
                add(total, slow, false, window.slot(changedFrom), values(changedHere, tail,
                        function, new boolean[changedHere.size()]));
            }
            if (firstSlow >= 0) {
                PointsQuery.Window span = window.slots(firstSlow, lastSlow);
                add(total, slow, true, firstSlow, values(names, span, function,
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
     * Each metric's slot values (NaN where none): rolled up by ClickHouse, and computed again
     * here where rows share a time (not merged yet) or cached points join them.
     */
    private double[][] values(List<String> names, PointsQuery.Window window,
            RollupFunction function, boolean[] found) {
        double[][] values = new double[names.size()][window.slots()];
        boolean[][] redo = new boolean[names.size()][];
        for (double[] series : values) {
            Arrays.fill(series, Double.NaN);
        }
        Map<String, Integer> byPath = new HashMap<>();
        for (int k = 0; k < names.size(); k++) {
            byPath.put(TaggedPath.toClickHouse(names.get(k)), k);
        }
        run(PointsQuery.perSeries(tables, window, function, byPath.keySet()), in -> {
            while (!in.atEnd()) {
                Integer k = byPath.get(in.string());
                int n = (int) in.varint();
                int[] slots = new int[n];
                for (int j = 0; j < n; j++) {
                    slots[j] = window.slot(in.uint32());
                }
                int m = (int) in.varint();
                for (int j = 0; j < m; j++) {
                    double value = in.float64();
                    if (k != null && j < n && slots[j] >= 0) {
                        values[k][slots[j]] = value;
                        found[k] = true;
                    }
                }
                int d = (int) in.varint();
                for (int j = 0; j < d; j++) {
                    if (in.uint8() != 0 && k != null && j < n && slots[j] >= 0) {
                        if (redo[k] == null) {
                            redo[k] = new boolean[window.slots()];
                        }
                        redo[k][slots[j]] = true;
                    }
                }
            }
            return null;
        });
        for (int k = 0; k < names.size(); k++) {
            for (TimeSeriesPoint point : cache.read(names.get(k))) {
                int slot = window.slot(point.timestamp());
                if (slot >= 0) {
                    if (redo[k] == null) {
                        redo[k] = new boolean[window.slots()];
                    }
                    redo[k][slot] = true;
                }
            }
        }
        recompute(names, window, function, values, found, redo);
        return values;
    }

    /**
     * Computes the marked slots again from the slot's stored points, de-duplicated (the newest
     * Timestamp wins), and the cached ones (a cached point wins over a stored one at the same
     * time).
     */
    private void recompute(List<String> names, PointsQuery.Window window,
            RollupFunction function, double[][] values, boolean[] found, boolean[][] redo) {
        int first = Integer.MAX_VALUE;
        int last = -1;
        List<String> paths = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            if (redo[k] == null) {
                continue;
            }
            paths.add(TaggedPath.toClickHouse(names.get(k)));
            for (int slot = 0; slot < redo[k].length; slot++) {
                if (redo[k][slot]) {
                    first = Math.min(first, slot);
                    last = Math.max(last, slot);
                }
            }
        }
        if (paths.isEmpty()) {
            return;
        }
        Map<String, TreeMap<Long, Double>> points = new HashMap<>();
        run(PointsQuery.raw(tables, window.start(first), window.start(last + 1), paths), in -> {
            while (!in.atEnd()) {
                String path = in.string();
                long time = in.uint32();
                double value = in.float64();
                points.computeIfAbsent(path, p -> new TreeMap<>()).put(time, value);
            }
            return null;
        });
        double[] slotValues = new double[16];
        for (int k = 0; k < names.size(); k++) {
            if (redo[k] == null) {
                continue;
            }
            TreeMap<Long, Double> merged = points.computeIfAbsent(
                    TaggedPath.toClickHouse(names.get(k)), p -> new TreeMap<>());
            for (TimeSeriesPoint point : cache.read(names.get(k))) {
                if (window.slot(point.timestamp()) >= 0) {
                    merged.put(point.timestamp(), point.value());
                }
            }
            for (int slot = first; slot <= last; slot++) {
                if (!redo[k][slot]) {
                    continue;
                }
                int count = 0;
                for (double value : merged.subMap(window.start(slot), window.start(slot + 1))
                        .values()) {
                    if (count == slotValues.length) {
                        slotValues = Arrays.copyOf(slotValues, count * 2);
                    }
                    slotValues[count++] = value;
                }
                values[k][slot] = function.apply(slotValues, count);
                found[k] |= count > 0;
            }
        }
    }

    /** The metrics with cached points in the window, each with its first such slot's start. */
    private Map<String, Long> cachedFrom(List<String> names, PointsQuery.Window window) {
        Map<String, Long> changed = new LinkedHashMap<>();
        for (String name : names) {
            long first = Long.MAX_VALUE;
            for (TimeSeriesPoint point : cache.read(name)) {
                int slot = window.slot(point.timestamp());
                if (slot >= 0) {
                    first = Math.min(first, window.from() + (long) slot * window.step());
                }
            }
            if (first != Long.MAX_VALUE) {
                changed.put(name, first);
            }
        }
        return changed;
    }

    /** Which of the metrics ClickHouse's index or tagged table knows. */
    private List<String> existing(List<String> names) {
        List<String> plain = new ArrayList<>();
        List<String> tagged = new ArrayList<>();
        for (String name : names) {
            if (name.indexOf(';') >= 0) {
                tagged.add(TaggedPath.toClickHouse(name));
            } else {
                plain.add(name);
            }
        }
        List<String> known = new ArrayList<>();
        if (!plain.isEmpty()) {
            StringBuilder levels = new StringBuilder();
            plain.stream().mapToInt(n -> IndexRows.TREE_LEVEL + n.split("\\.", -1).length)
                    .distinct().forEach(l -> levels.append(levels.isEmpty() ? "" : ", ")
                            .append(l));
            run("SELECT Path FROM " + tables.qualifiedIndex() + " WHERE Level IN (" + levels
                    + ") AND Date = '" + IndexRows.TREE_DATE_TEXT + "' AND Path IN "
                    + Sql.list(plain) + " GROUP BY Path FORMAT RowBinary", in -> {
                        while (!in.atEnd()) {
                            known.add(in.string());
                        }
                        return null;
                    });
        }
        if (!tagged.isEmpty()) {
            run("SELECT Path FROM " + tables.qualifiedTagged() + " WHERE Path IN "
                    + Sql.list(tagged) + " GROUP BY Path FORMAT RowBinary", in -> {
                        while (!in.atEnd()) {
                            known.add(TaggedPath.fromClickHouse(in.string()));
                        }
                        return null;
                    });
        }
        return known;
    }

    private static List<String> paths(List<String> names) {
        List<String> paths = new ArrayList<>(names.size());
        names.forEach(name -> paths.add(TaggedPath.toClickHouse(name)));
        return paths;
    }

    /** Reads a RowBinary answer. */
    private interface Rows {
        Void read(RowBinaryInput in) throws IOException;
    }

    private void run(String sql, Rows rows) {
        try {
            http.query(sql, body -> rows.read(new RowBinaryInput(body)));
        } catch (ClickHouseException e) {
            throw e.forReaders();
        }
    }

    @Override
    public void close() {
        // nothing kept open: the HTTP client's connections close when idle
    }
}
