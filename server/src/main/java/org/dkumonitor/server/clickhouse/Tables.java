package org.dkumonitor.server.clickhouse;

import java.util.regex.Pattern;

/**
 * The database and the names of carbon-clickhouse's tables (points, index, tagged) and of the
 * {@code graphite_rollup} section the points table is merged by. Every name is a plain
 * identifier, checked here, so it goes into SQL as it is.
 */
public record Tables(String database, String points, String index, String tagged,
        String rollupSection) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    /** carbon-clickhouse's names. */
    public static final Tables DEFAULT = new Tables("default", "graphite", "graphite_index",
            "graphite_tagged", "graphite_rollup");

    public Tables {
        check("database", database);
        check("pointsTable", points);
        check("indexTable", index);
        check("taggedTable", tagged);
        check("rollupSection", rollupSection);
    }

    /** A config value that must be an identifier; the message names the key. */
    public static String check(String key, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(key + " must be a ClickHouse identifier (letters,"
                    + " digits and _, not starting with a digit), found '" + name + "'");
        }
        return name;
    }

    String qualifiedPoints() {
        return database + "." + points;
    }

    String qualifiedIndex() {
        return database + "." + index;
    }

    String qualifiedTagged() {
        return database + "." + tagged;
    }
}
