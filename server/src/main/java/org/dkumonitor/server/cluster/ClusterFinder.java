package org.dkumonitor.server.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dkumonitor.server.metrics.MetricNode;
import org.dkumonitor.server.metrics.NodeFinder;

/**
 * find and expand on a front end: the nodes every member finds
 * ({@code /metrics/find?local=1&format=pickle&query=...}, as graphite-web's RemoteFinder asks)
 * and those of this server's own tree, merged as graphite-web's Store does: a path is a branch
 * if any member has it as a branch and a leaf if any has it as a leaf (both, when both).
 */
final class ClusterFinder implements NodeFinder {

    private final ClusterFrontEnd frontEnd;
    private final NodeFinder local;

    ClusterFinder(ClusterFrontEnd frontEnd, NodeFinder local) {
        this.frontEnd = frontEnd;
        this.local = local;
    }

    @Override
    public List<MetricNode> find(String pattern) {
        Map<String, MetricNode> found = new TreeMap<>();
        if (local != null) {
            for (MetricNode node : local.find(pattern)) {
                found.put(key(node), node);
            }
        }
        for (List<MetricNode> answer : frontEnd.find(pattern)) {
            for (MetricNode node : answer) {
                found.putIfAbsent(key(node), node);
            }
        }
        return new ArrayList<>(found.values());
    }

    /** Sorted by path, a branch before a leaf of the same path, as the tree sorts them. */
    private static String key(MetricNode node) {
        return node.path() + (node.leaf() ? "\u0000leaf" : "\u0000branch");
    }
}
