package org.dkumonitor.server.clickhouse;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/**
 * The SQL that reads the points table. Of rows ClickHouse has not merged yet (or written
 * twice) with one Path and Time, the one with the greatest {@code Timestamp} counts; the rows
 * of each slot are rolled up with the rule's function, as graphite-clickhouse does after its
 * own de-duplication. The de-duplication is only done where it is needed: the queries say
 * which slots hold two rows for one time, and only those are read again row by row.
 * {@code Date} narrows the parts read (a day of margin on each side for data written with
 * another time zone's dates); ClickHouse moves the conditions to PREWHERE itself, and plain
 * WHERE also works when the table is a view or a Merge.
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

        /** The slots {@code first} to {@code last}, both included. */
        Window slots(int first, int last) {
            return new Window(from + (long) first * step, from + (long) (last + 1) * step,
                    step);
        }

        long start(int slot) {
            return from + (long) slot * step;
        }
    }

    /**
     * Per metric: {@code Path, groupArray(slot), groupArray(value), groupArray(duplicated)}:
     * the rule's function over each slot's points, and whether two of them share a time (rows
     * not merged yet): the caller computes those slots again from {@link #raw} points. One
     * grouping, by metric and slot, instead of a first one by metric and time: on
     * ClickHouse 18.16 that costs seconds for a day of 500 series.
     */
    static String perSeries(Tables tables, Window window, RollupFunction function,
            Collection<String> paths) {
        if (paths.size() == 1) {
            // one metric: the same answer without the second grouping (a third faster)
            return "SELECT " + Sql.literal(paths.iterator().next()) + ", groupArray(T),"
                    + " groupArray(v), groupArray(d) FROM (SELECT " + slot(window) + " AS T, "
                    + function.sql() + " AS v, count() != uniqExact(Time) AS d FROM "
                    + tables.qualifiedPoints() + where(window.from(), window.until(), paths, "")
                    + " GROUP BY T) FORMAT RowBinary";
        }
        return "SELECT Path, groupArray(T), groupArray(v), groupArray(d) FROM (SELECT Path, "
                + slot(window) + " AS T, " + function.sql() + " AS v,"
                + " count() != uniqExact(Time) AS d FROM " + tables.qualifiedPoints()
                + where(window.from(), window.until(), paths, "") + " GROUP BY Path, T)"
                + " GROUP BY Path FORMAT RowBinary";
    }

    /**
     * Per slot across the metrics: {@code T, sum, count, min, max, uniq(Path)} of the points;
     * where the count equals the number of metrics with a point (each metric has one point in
     * the slot, so its rolled-up value is that point, whatever the function), these are the
     * aggregate's; other slots are computed again from the metrics' values. The points of
     * {@code excluded} metrics from {@code excludedFrom} on are left out (the caller adds those
     * with the cache).
     */
    static String aggregate(Tables tables, Window window, Collection<String> paths,
            List<String> excluded, long excludedFrom) {
        String exclusion = excluded.isEmpty() ? "" : " AND NOT (Path IN " + Sql.list(excluded)
                + " AND Time >= " + excludedFrom + ")";
        return "SELECT " + slot(window) + " AS T, sum(Value), count(), min(Value), max(Value),"
                + " uniq(Path) FROM " + tables.qualifiedPoints() + where(window.from(),
                        window.until(), paths, exclusion) + " GROUP BY T FORMAT RowBinary";
    }

    /** De-duplicated points of the metrics in {@code [from, until)}: Path, Time, Value. */
    static String raw(Tables tables, long from, long until, Collection<String> paths) {
        return "SELECT Path, Time, argMax(Value, Timestamp) FROM " + tables.qualifiedPoints()
                + where(from, until, paths, "") + " GROUP BY Path, Time FORMAT RowBinary";
    }

    private static String slot(Window window) {
        int step = window.step();
        return "toUInt32(intDiv(Time, " + step + ") * " + step + ")";
    }

    private static String where(long from, long until, Collection<String> paths,
            String exclusion) {
        return " WHERE Date >= '" + day(from - 86_400) + "' AND Date <= '"
                + day(until + 86_400) + "' AND Path IN " + Sql.list(List.copyOf(paths))
                + " AND Time >= " + from + " AND Time < " + until + exclusion;
    }

    private static String day(long time) {
        return LocalDate.ofEpochDay(Math.max(0, Math.floorDiv(time, 86_400))).toString();
    }
}
