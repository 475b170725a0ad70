package org.dkumonitor.server.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dkumonitor.server.metrics.MetricNode;
import org.dkumonitor.server.metrics.NodeFinder;

/**
 * {@code /metrics/expand}: the paths every {@code query} (repeatable) matches, as
 * {@code {"results": [sorted paths]}}, or with {@code groupByExpr=1}
 * {@code {"results": {query: [paths]}}}; {@code leavesOnly=1} keeps metrics only.
 */
final class ExpandHandler implements ApiServer.Endpoint {

    private final NodeFinder tree;

    ExpandHandler(NodeFinder tree) {
        this.tree = tree;
    }

    @Override
    public ApiServer.Response handle(QueryParameters parameters) throws IOException {
        boolean groupByExpr = FindHandler.flag(parameters, "groupByExpr");
        boolean leavesOnly = FindHandler.flag(parameters, "leavesOnly");
        Map<String, Set<String>> results = new LinkedHashMap<>();
        for (String query : parameters.all("query")) {
            Set<String> paths = results.computeIfAbsent(query, q -> new TreeSet<>());
            if (query.isEmpty()) {
                continue;
            }
            for (MetricNode node : tree.find(query)) {
                if (node.leaf() || !leavesOnly) {
                    paths.add(node.path());
                }
            }
        }
        return Json.response(parameters, json -> {
            json.writeStartObject();
            if (groupByExpr) {
                json.writeObjectFieldStart("results");
                for (Map.Entry<String, Set<String>> entry : results.entrySet()) {
                    json.writeArrayFieldStart(entry.getKey());
                    for (String path : entry.getValue()) {
                        json.writeString(path);
                    }
                    json.writeEndArray();
                }
                json.writeEndObject();
            } else {
                Set<String> all = new TreeSet<>();
                results.values().forEach(all::addAll);
                json.writeArrayFieldStart("results");
                for (String path : all) {
                    json.writeString(path);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        });
    }
}
