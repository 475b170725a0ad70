package org.dkumonitor.server.metrics;

import java.util.List;

/**
 * Where the API finds metrics by a dotted pattern: the whisper tree on disk ({@link MetricTree})
 * or ClickHouse's index table, each together with the metrics still only in the cache, so a new
 * metric is found the moment it arrives. As a {@link NodeFinder} it is this server's own member
 * of a cluster front end.
 */
public interface MetricIndex extends NodeFinder {

    /** Matching nodes sorted by path; a name that is both a leaf and a branch appears twice. */
    @Override
    List<MetricNode> find(String pattern);

    /** The metric names (leaves) that match the pattern, sorted. */
    List<String> expandLeaves(String pattern);

    /** Every tagged series ({@code name;tag=value;...}) the store holds or has cached. */
    List<String> taggedNames();

    /** Lists a (normalised) tagged series for tag lookups, as graphite-web's tagSeries. */
    void recordTagged(String name);

    /** Takes a tagged series off the list (graphite-web's delSeries); its data stays. */
    void forgetTagged(String name);
}
