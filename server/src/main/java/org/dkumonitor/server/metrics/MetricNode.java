package org.dkumonitor.server.metrics;

/** A node of the metric tree found by a pattern: a leaf is a metric, a branch has children. */
public record MetricNode(String path, boolean leaf) {

    /** The last component of the path. */
    public String name() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
