package org.dkumonitor.server.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dkumonitor.server.metrics.MetricNode;
import org.dkumonitor.server.pickle.PickleDecoder;
import org.dkumonitor.server.pickle.PickleException;

/**
 * Reads a member's {@code /metrics/find?format=pickle} answer, graphite-web's
 * {@code pickle_nodes}: a list of dicts with {@code path} and {@code is_leaf} (0.9's
 * {@code metric_path} and {@code isLeaf} too, as graphite-web's RemoteFinder reads), leaves with
 * {@code intervals}, a graphite.intervals.IntervalSet instance, which is decoded as inert data
 * and not used (a front end asks every member for the data anyway).
 */
final class FindPickle {

    /** The classes graphite-web puts into a find pickle. */
    static final Set<String> INTERVAL_CLASSES = Set.of("graphite.intervals.IntervalSet",
            "graphite.intervals.Interval");

    private FindPickle() {
    }

    static List<MetricNode> parse(byte[] body, String contentType) {
        Object decoded;
        try {
            decoded = PickleDecoder.decode(body, INTERVAL_CLASSES);
        } catch (PickleException e) {
            throw new MemberCalls.BadAnswerException(RenderPickle.notPickle(body, contentType,
                    e));
        }
        if (!(decoded instanceof List<?> list)) {
            throw bad("a list of nodes, found " + RenderPickle.typeName(decoded));
        }
        List<MetricNode> nodes = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> node)) {
                throw bad("each node a dict, found " + RenderPickle.typeName(item));
            }
            Object path = node.containsKey("path") ? node.get("path") : node.get("metric_path");
            if (!(path instanceof String p) || p.isEmpty()) {
                throw bad("each node with a path");
            }
            Object leaf = node.containsKey("is_leaf") ? node.get("is_leaf") : node.get("isLeaf");
            nodes.add(new MetricNode(p, truth(leaf)));
        }
        return nodes;
    }

    /** Python's truth of a bool or a number. */
    private static boolean truth(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (value == null) {
            return false;
        }
        throw bad("is_leaf a bool, found " + RenderPickle.typeName(value));
    }

    private static MemberCalls.BadAnswerException bad(String expected) {
        return new MemberCalls.BadAnswerException("answered a find pickle that is not"
                + " graphite-web's: expected " + expected);
    }
}
