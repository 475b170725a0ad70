package org.dkumonitor.server.clickhouse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.dkumonitor.server.metrics.MetricIndex;
import org.dkumonitor.server.metrics.MetricNode;
import org.dkumonitor.server.metrics.NodeGlob;
import org.dkumonitor.server.render.StoreReadException;

/**
 * Finds metrics through carbon-clickhouse's index table, as graphite-clickhouse's index
 * finder does, together with the names still only in the cache. A pattern of {@code n} nodes
 * reads the tree rows of level {@code 20000 + n}: leaves are the names, branches the names with
 * a trailing dot. The SQL narrows by the pattern's literal prefix ({@code LIKE}, which the
 * table's order makes a range) and by the glob as an re2 regex; each answer is checked again
 * with {@link NodeGlob}, so the matching is exactly the whisper tree's. Leaves of a pattern
 * whose last node is literal but an earlier one is not ({@code *.cpu.user}) are read from the
 * reversed rows, whose prefix is then the literal end.
 */
final class ClickHouseIndex implements MetricIndex {

    private final ClickHouseHttp http;
    private final Tables tables;
    private final Supplier<? extends Iterable<String>> cachedMetrics;

    ClickHouseIndex(ClickHouseHttp http, Tables tables,
            Supplier<? extends Iterable<String>> cachedMetrics) {
        this.http = http;
        this.tables = tables;
        this.cachedMetrics = cachedMetrics;
    }

    @Override
    public List<MetricNode> find(String pattern) {
        List<NodeGlob> globs = globs(pattern);
        if (globs == null) {
            return List.of();
        }
        Map<String, MetricNode> found = new TreeMap<>();
        for (String path : paths(pattern, globs.size(), false)) {
            boolean leaf = !path.endsWith(".");
            String name = leaf ? path : path.substring(0, path.length() - 1);
            if (matches(name, globs)) {
                found.put(name + (leaf ? "\u0000leaf" : "\u0000branch"),
                        new MetricNode(name, leaf));
            }
        }
        for (String metric : cachedMetrics.get()) {
            matchCached(metric, globs, found);
        }
        return List.copyOf(found.values());
    }

    @Override
    public List<String> expandLeaves(String pattern) {
        List<NodeGlob> globs = globs(pattern);
        if (globs == null) {
            return List.of();
        }
        boolean reverse = NodeGlob.hasWildcard(pattern)
                && !NodeGlob.hasWildcard(pattern.substring(pattern.lastIndexOf('.') + 1))
                && pattern.indexOf('.') > 0;
        Set<String> leaves = new java.util.TreeSet<>();
        for (String path : paths(pattern, globs.size(), reverse)) {
            String name = reverse ? reverse(path) : path;
            if (!name.endsWith(".") && matches(name, globs)) {
                leaves.add(name);
            }
        }
        for (String metric : cachedMetrics.get()) {
            if (metric.indexOf(';') < 0 && matches(metric, globs)) {
                leaves.add(metric);
            }
        }
        return new ArrayList<>(leaves);
    }

    @Override
    public List<String> taggedNames() {
        Set<String> names = new LinkedHashSet<>();
        String sql = "SELECT Path FROM " + tables.qualifiedTagged() + " WHERE Tag1 LIKE "
                + Sql.startsWith(TaggedPath.NAME_TAG + "=") + " GROUP BY Path FORMAT RowBinary";
        for (String path : strings(sql)) {
            names.add(TaggedPath.fromClickHouse(path));
        }
        for (String metric : cachedMetrics.get()) {
            if (metric.indexOf(';') >= 0) {
                names.add(metric);
            }
        }
        return List.copyOf(names);
    }

    /** Tagged series are listed by their points (the tagged table), as graphite-clickhouse. */
    @Override
    public void recordTagged(String name) {
        throw notByRequest("tagSeries");
    }

    @Override
    public void forgetTagged(String name) {
        throw notByRequest("delSeries");
    }

    private static StoreReadException notByRequest(String call) {
        return new StoreReadException(501, "the ClickHouse store lists a tagged series when its"
                + " points arrive (carbon-clickhouse's tagged table); /tags/" + call
                + " is not available with storage.backend: clickhouse", null);
    }

    /** The tree rows of the pattern's level that may match it (checked again by the caller). */
    private List<String> paths(String pattern, int level, boolean reverse) {
        String query = reverse ? reverse(pattern) : pattern;
        int offset = reverse ? IndexRows.REVERSE_TREE_LEVEL : IndexRows.TREE_LEVEL;
        StringBuilder sql = new StringBuilder("SELECT Path FROM ").append(tables.qualifiedIndex())
                .append(" WHERE Level = ").append(offset + level).append(" AND Date = '")
                .append(IndexRows.TREE_DATE_TEXT).append("' AND ");
        if (!NodeGlob.hasWildcard(query)) {
            sql.append("Path IN ").append(Sql.list(reverse ? List.of(query)
                    : List.of(query, query + ".")));
        } else {
            String prefix = Sql.literalPrefix(query);
            if (!prefix.isEmpty()) {
                sql.append("Path LIKE ").append(Sql.startsWith(prefix)).append(" AND ");
            }
            sql.append("match(Path, ").append(Sql.literal("^" + Sql.globRegex(query)
                    + (reverse ? "$" : "\\.?$"))).append(')');
        }
        sql.append(" GROUP BY Path FORMAT RowBinary");
        return strings(sql.toString());
    }

    private List<String> strings(String sql) {
        try {
            return http.query(sql, body -> {
                RowBinaryInput in = new RowBinaryInput(body);
                List<String> out = new ArrayList<>();
                while (!in.atEnd()) {
                    out.add(in.string());
                }
                return out;
            });
        } catch (ClickHouseException e) {
            throw e.forReaders();
        }
    }

    private static List<NodeGlob> globs(String pattern) {
        String[] parts = pattern.split("\\.", -1);
        List<NodeGlob> globs = new ArrayList<>(parts.length);
        for (String part : parts) {
            if (part.isEmpty()) {
                return null;
            }
            globs.add(NodeGlob.compile(part));
        }
        return globs;
    }

    private static boolean matches(String name, List<NodeGlob> globs) {
        String[] nodes = name.split("\\.", -1);
        if (nodes.length != globs.size()) {
            return false;
        }
        for (int i = 0; i < nodes.length; i++) {
            if (!globs.get(i).matches(nodes[i])) {
                return false;
            }
        }
        return true;
    }

    private static void matchCached(String metric, List<NodeGlob> globs,
            Map<String, MetricNode> found) {
        if (metric.indexOf(';') >= 0) {
            return;
        }
        String[] nodes = metric.split("\\.");
        if (nodes.length < globs.size()) {
            return;
        }
        for (int i = 0; i < globs.size(); i++) {
            if (!globs.get(i).matches(nodes[i])) {
                return;
            }
        }
        String path = String.join(".", Arrays.copyOf(nodes, globs.size()));
        boolean leaf = nodes.length == globs.size();
        found.putIfAbsent(path + (leaf ? "\u0000leaf" : "\u0000branch"),
                new MetricNode(path, leaf));
    }

    /** {@code a.b.c} as {@code c.b.a}. */
    static String reverse(String path) {
        String[] nodes = path.split("\\.", -1);
        StringBuilder out = new StringBuilder(path.length());
        for (int i = nodes.length - 1; i >= 0; i--) {
            out.append(nodes[i]);
            if (i > 0) {
                out.append('.');
            }
        }
        return out.toString();
    }
}
