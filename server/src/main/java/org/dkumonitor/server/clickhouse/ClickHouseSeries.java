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
 * <p>The cache: a slot holding cached points is computed again here from the slot's stored
 * points (read de-duplicated) and the cached ones, a cached point replacing a stored one at the
 * same time, with the rule's function, so the value is what ClickHouse will roll up once the
 * point is uploaded.
 *
 * <p>Aggregates ({@link #aggregate}): when every metric has the same step, ClickHouse sums
 * them slot by slot (and counts, takes min and max) and only that comes back; the slots where
 * cached points change a metric are left out of the SQL for that metric and added here.
 */
final class ClickHouseSeries implements SeriesStore {

    private final ClickHouseHttp http;
    private final Tables tables;
    private final Supplier<RollupRules> rules;
    private final MetricCache cache;

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
        int slots = window.slots();
        double[] sums = new double[slots];
        double[] mins = new double[slots];
        double[] maxes = new double[slots];
        int[] counts = new int[slots];
        Arrays.fill(mins, Double.NaN);
        Arrays.fill(maxes, Double.NaN);
        for (Map.Entry<Group, List<Integer>> group : groups.entrySet()) {
            List<String> names = new ArrayList<>();
            group.getValue().forEach(i -> names.add(metrics.get(i)));
            Map<String, Long> changed = cachedFrom(names, window);
            long changedFrom = changed.values().stream().mapToLong(Long::longValue).min()
                    .orElse(window.until());
            List<String> changedPaths = new ArrayList<>();
            changed.keySet().forEach(name -> changedPaths.add(TaggedPath.toClickHouse(name)));
            String sql = PointsQuery.aggregate(tables, window, group.getKey().function(),
                    paths(names), changedPaths, changedFrom);
            run(sql, in -> {
                while (!in.atEnd()) {
                    int slot = window.slot(in.uint32());
                    double sum = in.float64();
                    long count = in.uint64();
                    double min = in.float64();
                    double max = in.float64();
                    if (slot >= 0) {
                        add(slot, sum, (int) count, min, max, sums, counts, mins, maxes);
                    }
                }
                return null;
            });
            if (!changed.isEmpty()) {
                PointsQuery.Window tail = window.from(changedFrom);
                List<String> changedNames = new ArrayList<>(changed.keySet());
                double[][] values = values(changedNames, tail, group.getKey().function(),
                        new boolean[changedNames.size()]);
                int offset = window.slot(changedFrom);
                for (double[] series : values) {
                    for (int k = 0; k < series.length; k++) {
                        if (!Double.isNaN(series[k])) {
                            add(offset + k, series[k], 1, series[k], series[k], sums, counts,
                                    mins, maxes);
                        }
                    }
                }
            }
        }
        for (int i = 0; i < slots; i++) {
            if (counts[i] == 0) {
                sums[i] = Double.NaN;
            }
        }
        return Optional.of(new SeriesAggregate(window.from(), window.until(), step,
                metrics.size(), sums, mins, maxes, counts));
    }

    private static void add(int slot, double sum, int count, double min, double max,
            double[] sums, int[] counts, double[] mins, double[] maxes) {
        sums[slot] += sum;
        counts[slot] += count;
        mins[slot] = Double.isNaN(mins[slot]) ? min : Math.min(mins[slot], min);
        maxes[slot] = Double.isNaN(maxes[slot]) ? max : Math.max(maxes[slot], max);
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

    /** Each metric's slot values (NaN where none), stored merged with cached. */
    private double[][] values(List<String> names, PointsQuery.Window window,
            RollupFunction function, boolean[] found) {
        double[][] values = new double[names.size()][window.slots()];
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
                long n = in.varint();
                long[] times = new long[(int) n];
                for (int j = 0; j < n; j++) {
                    times[j] = in.uint32();
                }
                long m = in.varint();
                for (int j = 0; j < m; j++) {
                    double value = in.float64();
                    int slot = j < n ? window.slot(times[j]) : -1;
                    if (k != null && slot >= 0) {
                        values[k][slot] = value;
                        found[k] = true;
                    }
                }
            }
            return null;
        });
        overlayCache(names, window, function, values, found);
        return values;
    }

    /**
     * Recomputes the slots that hold cached points from the slot's stored points and the
     * cached ones (a cached point wins over a stored one at the same time).
     */
    private void overlayCache(List<String> names, PointsQuery.Window window,
            RollupFunction function, double[][] values, boolean[] found) {
        Map<String, Long> changed = cachedFrom(names, window);
        if (changed.isEmpty()) {
            return;
        }
        long start = changed.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        Map<String, TreeMap<Long, Double>> points = new HashMap<>();
        List<String> paths = new ArrayList<>();
        changed.keySet().forEach(name -> paths.add(TaggedPath.toClickHouse(name)));
        run(PointsQuery.raw(tables, start, window.until(), paths), in -> {
            while (!in.atEnd()) {
                String path = in.string();
                long time = in.uint32();
                double value = in.float64();
                points.computeIfAbsent(path, p -> new TreeMap<>()).put(time, value);
            }
            return null;
        });
        for (int k = 0; k < names.size(); k++) {
            String name = names.get(k);
            if (!changed.containsKey(name)) {
                continue;
            }
            TreeMap<Long, Double> merged = points.computeIfAbsent(
                    TaggedPath.toClickHouse(name), p -> new TreeMap<>());
            boolean[] touched = new boolean[window.slots()];
            for (TimeSeriesPoint point : cache.read(name)) {
                int slot = window.slot(point.timestamp());
                if (slot >= 0) {
                    merged.put(point.timestamp(), point.value());
                    touched[slot] = true;
                }
            }
            double[] slotValues = new double[16];
            for (int slot = 0; slot < touched.length; slot++) {
                if (!touched[slot]) {
                    continue;
                }
                long slotStart = window.from() + (long) slot * window.step();
                int count = 0;
                for (double value : merged.subMap(slotStart, slotStart + window.step())
                        .values()) {
                    if (count == slotValues.length) {
                        slotValues = Arrays.copyOf(slotValues, count * 2);
                    }
                    slotValues[count++] = value;
                }
                values[k][slot] = function.apply(slotValues, count);
                found[k] = true;
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
