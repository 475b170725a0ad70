package org.dkumonitor.server.clickhouse;

import java.util.ArrayList;
import java.util.List;

/**
 * carbon-clickhouse's tables as DDL, and the {@code graphite_rollup} section for ClickHouse's
 * server config, so that graphite-clickhouse could read what we write:
 * <ul>
 * <li>points {@code (Path String, Value Float64, Time UInt32, Date Date, Timestamp UInt32)},
 * GraphiteMergeTree by the rollup section, partitioned by month, ordered by (Path, Time);
 * {@code Timestamp} is the version: of two rows for one Path and Time the greater wins;
 * <li>index {@code (Date Date, Level UInt32, Path String, Version UInt32)},
 * ReplacingMergeTree(Version), ordered by (Level, Path, Date) (the rows are described in
 * {@link IndexRows});
 * <li>tagged {@code (Date Date, Tag1 String, Path String, Tags Array(String), Version UInt32)},
 * ReplacingMergeTree(Version), ordered by (Tag1, Path, Date).
 * </ul>
 * Replicated: the Replicated engines with the path {@code /clickhouse/tables/{shard}/DB.TABLE}
 * and replica {@code {replica}} (macros of each server's config). On a cluster: each server
 * gets {@code TABLE_local} tables and a {@code Distributed(cluster, DB, TABLE_local,
 * cityHash64(Path))} table named TABLE, which is what the server reads and writes.
 */
public final class ClickHouseSchema {

    private static final String POINTS_COLUMNS = "Path String, Value Float64, Time UInt32,"
            + " Date Date, Timestamp UInt32";
    private static final String INDEX_COLUMNS = "Date Date, Level UInt32, Path String,"
            + " Version UInt32";
    private static final String TAGGED_COLUMNS = "Date Date, Tag1 String, Path String,"
            + " Tags Array(String), Version UInt32";

    private final Tables tables;
    private final String cluster;
    private final boolean replicated;

    /** {@code cluster} null: plain tables on each server named. */
    public ClickHouseSchema(Tables tables, String cluster, boolean replicated) {
        this.tables = tables;
        this.cluster = cluster == null ? null : Tables.check("cluster", cluster);
        this.replicated = replicated;
    }

    /** The statements that create every table (idempotent), in order. */
    public List<String> ddl() {
        String db = tables.database();
        String suffix = cluster == null ? "" : "_local";
        List<String> statements = new ArrayList<>();
        if (!db.equals("default")) {
            statements.add("CREATE DATABASE IF NOT EXISTS " + db);
        }
        statements.add(create(tables.points() + suffix, POINTS_COLUMNS,
                engine("GraphiteMergeTree", tables.points() + suffix,
                        "'" + tables.rollupSection() + "'"),
                "PARTITION BY toYYYYMM(Date) ORDER BY (Path, Time)"));
        statements.add(create(tables.index() + suffix, INDEX_COLUMNS,
                engine("ReplacingMergeTree", tables.index() + suffix, "Version"),
                "PARTITION BY toYYYYMM(Date) ORDER BY (Level, Path, Date)"));
        statements.add(create(tables.tagged() + suffix, TAGGED_COLUMNS,
                engine("ReplacingMergeTree", tables.tagged() + suffix, "Version"),
                "PARTITION BY toYYYYMM(Date) ORDER BY (Tag1, Path, Date)"));
        if (cluster != null) {
            for (String table : List.of(tables.points(), tables.index(), tables.tagged())) {
                statements.add("CREATE TABLE IF NOT EXISTS " + db + "." + table + " AS " + db
                        + "." + table + "_local ENGINE = Distributed(" + cluster + ", " + db
                        + ", " + table + "_local, cityHash64(Path))");
            }
        }
        return statements;
    }

    private String create(String table, String columns, String engine, String rest) {
        return "CREATE TABLE IF NOT EXISTS " + tables.database() + "." + table + " (" + columns
                + ") ENGINE = " + engine + " " + rest;
    }

    private String engine(String name, String table, String argument) {
        if (!replicated) {
            return name + "(" + argument + ")";
        }
        return "Replicated" + name + "('/clickhouse/tables/{shard}/" + tables.database() + "."
                + table + "', '{replica}', " + argument + ")";
    }

    /**
     * The rollup section for ClickHouse's config.xml (or a file of its config.d/), wrapped in
     * the {@code <yandex>} element of 18.16's config files.
     */
    public static String rollupConfig(RollupRules rules, String section) {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\"?>\n");
        xml.append("<!-- Written by dkumonitor from conf/storage-schemas.conf and")
                .append(" conf/storage-aggregation.conf;\n     edit those and run")
                .append(" dkmadmin clickhouse schema again, not this file. -->\n");
        xml.append("<yandex>\n");
        for (String warning : rules.warnings()) {
            xml.append("  <!-- warning: ").append(comment(warning)).append(" -->\n");
        }
        xml.append("  <").append(section).append(">\n");
        xml.append("    <path_column_name>Path</path_column_name>\n");
        xml.append("    <time_column_name>Time</time_column_name>\n");
        xml.append("    <value_column_name>Value</value_column_name>\n");
        xml.append("    <version_column_name>Timestamp</version_column_name>\n");
        for (RollupRules.Rule rule : rules.rules()) {
            boolean fallback = rule.regex() == null;
            String element = fallback ? "default" : "pattern";
            xml.append("    <!-- ").append(comment(rule.source())).append(" -->\n");
            xml.append("    <").append(element).append(">\n");
            if (!fallback) {
                xml.append("      <regexp>").append(text(rule.regex())).append("</regexp>\n");
            }
            xml.append("      <function>").append(rule.function()).append("</function>\n");
            for (RollupRules.Age age : rule.ages()) {
                xml.append("      <retention><age>").append(age.age()).append("</age><precision>")
                        .append(age.precision()).append("</precision></retention>\n");
            }
            xml.append("    </").append(element).append(">\n");
        }
        xml.append("  </").append(section).append(">\n");
        xml.append("</yandex>\n");
        return xml.toString();
    }

    private static String text(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String comment(String value) {
        return text(value).replace("--", "- -");
    }
}
