package org.dkumonitor.server.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows carbon-clickhouse writes for a metric name, made once per name (and once a day for
 * the daily rows), so that graphite-clickhouse's finders and ours find it.
 *
 * <p>Index table, for {@code a.b.c} (level 3, the number of nodes), version = upload time:
 * <ul>
 * <li>tree: Date 1970-02-12 (the fixed "tree date"), Level {@value #TREE_LEVEL} + 3, Path
 * {@code a.b.c}; each branch with a trailing dot, {@code a.b.} at 20002 and {@code a.} at
 * 20001; and the reversed name {@code c.b.a} at {@value #REVERSE_TREE_LEVEL} + 3;
 * <li>daily: the point's day, Level 3 with {@code a.b.c} and {@value #REVERSE_LEVEL} + 3 with
 * {@code c.b.a}: which metrics had points on which day.
 * </ul>
 * Tagged table, for {@code cpu;host=a} (path {@code cpu?host=a}, see {@link TaggedPath}): one
 * row per tag on the point's day, Tag1 = that tag ({@code __name__=cpu}, {@code host=a}), Tags
 * = all of them. Tagged series have no index rows, as in carbon-clickhouse.
 *
 * <p>Names are remembered only in this process: after a restart each name's rows are written
 * once more, which the ReplacingMergeTree tables fold together. Past {@value #MAX_NAMES} names
 * the memory is cleared and rows written again as names come.
 */
final class IndexRows {

    static final int REVERSE_LEVEL = 10_000;
    static final int TREE_LEVEL = 20_000;
    static final int REVERSE_TREE_LEVEL = 30_000;
    /** 1970-02-12, the Date of every tree row. */
    static final int TREE_DATE = 42;
    static final String TREE_DATE_TEXT = "1970-02-12";
    static final int MAX_NAMES = 4_000_000;

    /** Plain names: the day their daily rows were last written. */
    private final NameTable leaves = new NameTable();
    private final NameTable branches = new NameTable();
    /** Tagged names: the position of their entry. */
    private final NameTable taggedNames = new NameTable();
    private final List<Tagged> tagged = new ArrayList<>();
    private RowBinary indexRows = new RowBinary(64 * 1024);
    private RowBinary taggedRows = new RowBinary(16 * 1024);
    private byte[] reverse = new byte[256];

    /** A tagged series: its carbon-clickhouse path and the day of its last rows. */
    private static final class Tagged {
        final String name;
        final byte[] path;
        int day = -1;

        Tagged(String name) {
            this.name = name;
            this.path = TaggedPath.toClickHouse(name).getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Writes the Path column of a point: the name itself, or a tagged name's carbon-clickhouse
     * path; adds the name's index or tagged rows when this is its first point of the day.
     */
    void point(RowBinary points, byte[] name, int offset, int length, int day, long version) {
        int hash = NameTable.hash(name, offset, length);
        if (isTagged(name, offset, length)) {
            int at = taggedNames.get(name, offset, length, hash);
            if (at == NameTable.MISSING) {
                at = tagged.size();
                tagged.add(new Tagged(new String(name, offset, length, StandardCharsets.UTF_8)));
                taggedNames.put(name, offset, length, hash, at);
            }
            Tagged entry = tagged.get(at);
            points.string(entry.path);
            if (entry.day != day) {
                entry.day = day;
                taggedRows(entry, day, version);
            }
            return;
        }
        points.string(name, offset, length);
        int known = leaves.get(name, offset, length, hash);
        if (known == day) {
            return;
        }
        if (known == NameTable.MISSING) {
            treeRows(name, offset, length, version);
        }
        leaves.put(name, offset, length, hash, day);
        dailyRows(name, offset, length, day, version);
    }

    private static boolean isTagged(byte[] name, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (name[i] == ';') {
                return true;
            }
        }
        return false;
    }

    private void treeRows(byte[] name, int offset, int length, long version) {
        int level = level(name, offset, length);
        row(TREE_DATE, TREE_LEVEL + level, name, offset, length, version);
        int end = offset + length;
        int nodes = level;
        for (int i = end - 1; i > offset; i--) {
            if (name[i] != '.') {
                continue;
            }
            nodes--;
            int branchLength = i + 1 - offset; // with the dot
            int hash = NameTable.hash(name, offset, branchLength);
            if (branches.get(name, offset, branchLength, hash) != NameTable.MISSING) {
                break; // its parents were written with it
            }
            branches.put(name, offset, branchLength, hash, 1);
            row(TREE_DATE, TREE_LEVEL + nodes, name, offset, branchLength, version);
        }
        reversed(name, offset, length);
        row(TREE_DATE, REVERSE_TREE_LEVEL + level, reverse, 0, length, version);
        if (leaves.size() > MAX_NAMES || branches.size() > MAX_NAMES) {
            leaves.clear();
            branches.clear();
        }
    }

    private void dailyRows(byte[] name, int offset, int length, int day, long version) {
        int level = level(name, offset, length);
        row(day, level, name, offset, length, version);
        reversed(name, offset, length);
        row(day, REVERSE_LEVEL + level, reverse, 0, length, version);
    }

    private void row(int date, int level, byte[] path, int offset, int length, long version) {
        indexRows.uint16(date).uint32(level).string(path, offset, length).uint32(version);
    }

    private void taggedRows(Tagged entry, int day, long version) {
        List<String> tags = TaggedPath.tags(entry.name);
        for (String tag : tags) {
            taggedRows.uint16(day).string(tag).string(entry.path).varint(tags.size());
            for (String each : tags) {
                taggedRows.string(each);
            }
            taggedRows.uint32(version);
        }
        if (tagged.size() > MAX_NAMES) {
            tagged.clear();
            taggedNames.clear();
        }
    }

    /** {@code a.b.c} as {@code c.b.a} into {@link #reverse}. */
    private void reversed(byte[] name, int offset, int length) {
        if (reverse.length < length) {
            reverse = new byte[length * 2];
        }
        int out = 0;
        int end = offset + length;
        for (int i = end; i > offset;) {
            int start = i - 1;
            while (start >= offset && name[start] != '.') {
                start--;
            }
            int nodeLength = i - (start + 1);
            System.arraycopy(name, start + 1, reverse, out, nodeLength);
            out += nodeLength;
            if (start >= offset) {
                reverse[out++] = '.';
            }
            i = start;
        }
    }

    private static int level(byte[] name, int offset, int length) {
        int level = 1;
        for (int i = offset; i < offset + length; i++) {
            if (name[i] == '.') {
                level++;
            }
        }
        return level;
    }

    RowBinary indexRows() {
        return indexRows;
    }

    /** Writes the rows of the next names into these buffers (a pipelined uploader's chunk). */
    void writeInto(RowBinary index, RowBinary tagged) {
        this.indexRows = index;
        this.taggedRows = tagged;
    }

    RowBinary taggedRows() {
        return taggedRows;
    }

    /** The rows were inserted: start the next batch. */
    void inserted() {
        indexRows.clear();
        taggedRows.clear();
    }

    /** The rows could not be inserted: forget every name, so the next try writes them all. */
    void failed() {
        indexRows.clear();
        taggedRows.clear();
        leaves.clear();
        branches.clear();
        tagged.clear();
        taggedNames.clear();
    }
}
