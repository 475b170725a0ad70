package org.dkumonitor.server.clickhouse;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/**
 * The SQL that reads the points table. Every read first keeps one row per Path and Time, the
 * one with the greatest {@code Timestamp} (rows ClickHouse has not merged yet, or written
 * twice), then rolls the rows of each slot up with the rule's function, as graphite-clickhouse
 * does after its own de-duplication. {@code Date} narrows the parts read (a day of margin on
 * each side for data written with another time zone's dates); ClickHouse moves the conditions
 * to PREWHERE itself, and plain WHERE also works when the table is a view or a Merge.
 */
final class PointsQuery {

    private PointsQuery() {
    }

    /** One slot window: slots start at {@code from} (inclusive) up to {@code until}. */
    record Window(long from, long until, int step) {

        /**
         * The slots of {@code (from, until]} at {@code step}, as whisper's fetch aligns them:
         * the slot holding {@code from} is left out, the one holding {@code until} kept.
         */
        static Window of(long from, long until, int step) {
            long first = from - Math.floorMod(from, step) + step;
            long end = until - Math.floorMod(until, step) + step;
            if (first == end) {
                end += step;
            }
            return new Window(first, end, step);
        }

        int slots() {
            return (int) ((until - from) / step);
        }

        /** The slot of a time, -1 outside the window. */
        int slot(long time) {
            if (time < from || time >= until) {
                return -1;
            }
            return (int) ((time - from) / step);
        }

        /** The same slots from {@code start} (a slot's start) on. */
        Window from(long start) {
            return new Window(start, until, step);
        }
    }

    /** {@code Path, groupArray(slot start), groupArray(value)} per metric. */
    static String perSeries(Tables tables, Window window, RollupFunction function,
            Collection<String> paths) {
        return "SELECT Path, groupArray(T), groupArray(v) FROM (" + slots(tables, window,
                function, paths, "") + ") GROUP BY Path FORMAT RowBinary";
    }

    /**
     * Per slot across the metrics: the sum, count, min and max of their slot values; the
     * points of {@code excluded} metrics from {@code excludedFrom} on are left out (the caller
     * adds those with the cache).
     */
    static String aggregate(Tables tables, Window window, RollupFunction function,
            Collection<String> paths, List<String> excluded, long excludedFrom) {
        String exclusion = excluded.isEmpty() ? "" : " AND NOT (Path IN " + Sql.list(excluded)
                + " AND Time >= " + excludedFrom + ")";
        return "SELECT T, sum(v), count(), min(v), max(v) FROM (" + slots(tables, window,
                function, paths, exclusion) + ") GROUP BY T FORMAT RowBinary";
    }

    /** De-duplicated points of the metrics in {@code [from, until)}: Path, Time, Value. */
    static String raw(Tables tables, long from, long until, Collection<String> paths) {
        return deduplicated(tables, from, until, paths, "") + " FORMAT RowBinary";
    }

    private static String slots(Tables tables, Window window, RollupFunction function,
            Collection<String> paths, String exclusion) {
        int step = window.step();
        return "SELECT Path, toUInt32(intDiv(Time, " + step + ") * " + step + ") AS T, "
                + function.sql() + " AS v FROM (" + deduplicated(tables, window.from(),
                        window.until(), paths, exclusion) + ") GROUP BY Path, T";
    }

    private static String deduplicated(Tables tables, long from, long until,
            Collection<String> paths, String exclusion) {
        return "SELECT Path, Time, argMax(Value, Timestamp) AS V FROM "
                + tables.qualifiedPoints() + " WHERE Date >= '" + day(from - 86_400)
                + "' AND Date <= '" + day(until + 86_400) + "' AND Path IN "
                + Sql.list(List.copyOf(paths)) + " AND Time >= " + from + " AND Time < "
                + until + exclusion + " GROUP BY Path, Time";
    }

    private static String day(long time) {
        return LocalDate.ofEpochDay(Math.max(0, Math.floorDiv(time, 86_400))).toString();
    }
}
