package org.dkumonitor.server.lifecycle;

import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.server.metrics.NodeGlob;

/**
 * A Graphite glob ({@code a.*.c}, {@code a.{b,c}.d}, {@code a.b[0-9]}) over whole metric names,
 * as the lifecycle commands read it: it matches a metric whose name it matches, and every
 * metric below a branch it matches ({@code a.b} means the metric a.b and all of a.b.*).
 */
final class MetricGlob {

    private final String text;
    private final List<NodeGlob> nodes = new ArrayList<>();

    private MetricGlob(String text) {
        this.text = text;
        for (String node : text.split("\\.", -1)) {
            if (node.isEmpty()) {
                throw new LifecycleException("'" + text + "' has an empty node: write a Graphite"
                        + " glob such as servers.*.cpu");
            }
            nodes.add(NodeGlob.compile(node));
        }
    }

    /** The glob; an empty or absent one matches every metric. */
    static MetricGlob of(String text) {
        return text == null || text.isBlank() ? null : new MetricGlob(text.strip());
    }

    /** Whether every node is a bare {@code *}: the glob takes whole top-level trees. */
    boolean sweeping() {
        return text.matches("\\*(\\.\\*)*");
    }

    boolean matches(String metric) {
        String[] parts = metric.split("\\.");
        if (parts.length < nodes.size()) {
            return false;
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (!nodes.get(i).matches(parts[i])) {
                return false;
            }
        }
        return true;
    }

    /** The literal leading nodes (a directory every match lies in), or "" when none. */
    String literalPrefix() {
        StringBuilder prefix = new StringBuilder();
        for (NodeGlob node : nodes) {
            if (node.literal() == null) {
                break;
            }
            if (!prefix.isEmpty()) {
                prefix.append('.');
            }
            prefix.append(node.literal());
        }
        return prefix.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
