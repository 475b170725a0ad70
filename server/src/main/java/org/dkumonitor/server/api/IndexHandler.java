package org.dkumonitor.server.api;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import org.dkumonitor.server.metrics.MetricNode;
import org.dkumonitor.server.metrics.MetricIndex;
import org.dkumonitor.server.metrics.NodeGlob;

/**
 * {@code /metrics/index.json}: every metric of the tree, sorted, as a JSON array (graphite-web's
 * index_json), tagged series included by their names. Refused past the configured series
 * limit rather than building an unbounded list.
 */
final class IndexHandler implements ApiServer.Endpoint {

    private final MetricIndex tree;
    private final long limit;

    IndexHandler(MetricIndex tree, long limit) {
        this.tree = tree;
        this.limit = limit;
    }

    @Override
    public ApiServer.Response handle(QueryParameters parameters) throws IOException {
        Set<String> metrics = new TreeSet<>();
        Deque<String> branches = new ArrayDeque<>();
        branches.add("*");
        while (!branches.isEmpty()) {
            String pattern = branches.poll();
            for (MetricNode node : tree.find(pattern)) {
                if (node.leaf()) {
                    metrics.add(node.path());
                    if (metrics.size() > limit) {
                        throw new BadRequestException("the tree holds more than " + limit
                                + " metrics (api.maxSeriesPerRequest in conf/server.yaml)");
                    }
                } else {
                    branches.add(escape(node.path()) + ".*");
                }
            }
        }
        metrics.addAll(tree.taggedNames());
        if (metrics.size() > limit) {
            throw new BadRequestException("the store holds more than " + limit
                    + " metrics (api.maxSeriesPerRequest in conf/server.yaml)");
        }
        return Json.response(parameters, json -> {
            json.writeStartArray();
            for (String metric : metrics) {
                json.writeString(metric);
            }
            json.writeEndArray();
        });
    }

    /** A found path used as a pattern again: its wildcard characters must match literally. */
    private static String escape(String path) {
        if (!NodeGlob.hasWildcard(path)) {
            return path;
        }
        StringBuilder out = new StringBuilder();
        for (String node : path.split("\\.", -1)) {
            if (out.length() > 0) {
                out.append('.');
            }
            if (NodeGlob.hasWildcard(node)) {
                StringBuilder literal = new StringBuilder();
                for (char c : node.toCharArray()) {
                    literal.append(switch (c) {
                        case '*', '?', '[', '{' -> "[" + c + "]";
                        default -> String.valueOf(c);
                    });
                }
                out.append(literal);
            } else {
                out.append(node);
            }
        }
        return out.toString();
    }
}
