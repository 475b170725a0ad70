package org.dkumonitor.server.clickhouse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.whisper.TimeSeriesPoint;

/**
 * The slot values of metrics as stored in the points table and merged with the cache: what
 * {@link ClickHouseSeries} reads and aggregates. ClickHouse rolls each metric's points of a slot
 * up with the rule's function in one grouping (by metric and slot); a slot where two stored
 * rows share a time (not merged yet: the newest Timestamp counts) or where cached points join
 * the stored ones (a cached point replaces a stored one at the same time) is computed again
 * here from its de-duplicated points, so the value is what ClickHouse will keep once merged
 * and uploaded.
 */
final class StoredSlots {

    private final ClickHouseHttp http;
    private final Tables tables;
    private final MetricCache cache;

    StoredSlots(ClickHouseHttp http, Tables tables, MetricCache cache) {
        this.http = http;
        this.tables = tables;
        this.cache = cache;
    }

    /**
     * Each metric's slot values (NaN where none): rolled up by ClickHouse, and computed again
     * here where rows share a time (not merged yet) or cached points join them.
     */
    double[][] values(List<String> names, PointsQuery.Window window,
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
    Map<String, Long> cachedFrom(List<String> names, PointsQuery.Window window) {
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
    List<String> existing(List<String> names) {
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

    static List<String> paths(List<String> names) {
        List<String> paths = new ArrayList<>(names.size());
        names.forEach(name -> paths.add(TaggedPath.toClickHouse(name)));
        return paths;
    }

    /** Reads a RowBinary answer. */
    interface Rows {
        Void read(RowBinaryInput in) throws IOException;
    }

    void run(String sql, Rows rows) {
        try {
            http.query(sql, body -> rows.read(new RowBinaryInput(body)));
        } catch (ClickHouseException e) {
            throw e.forReaders();
        }
    }
}
