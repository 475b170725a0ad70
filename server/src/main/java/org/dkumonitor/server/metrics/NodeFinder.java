package org.dkumonitor.server.metrics;

import java.util.List;

/**
 * Finds the nodes a dotted pattern matches: this server's tree ({@link MetricTree}), or a cluster
 * front end's members and this server together.
 */
@FunctionalInterface
public interface NodeFinder {

    /** Matching nodes sorted by path; a name that is both a leaf and a branch appears twice. */
    List<MetricNode> find(String pattern);
}
