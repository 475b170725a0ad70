package org.dkumonitor.installer.admin;

import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.cluster.CarbonHashRing;
import org.dkumonitor.core.cluster.ClusterNode;

/**
 * The storage nodes of a cluster as {@code dkmadmin cluster} takes them: each a ring member
 * (its carbon receiver, {@code HOST:PORT[:INSTANCE]}, as relay.destinations names it) and its
 * Graphite API ({@code HOST:PORT}, as cluster.servers names it), written
 * {@code MEMBER=API}; and the ring they make.
 */
record ClusterNodes(List<Node> nodes, CarbonHashRing ring, int replication) {

    /** One storage node. */
    record Node(ClusterNode member, String api) {

        @Override
        public String toString() {
            return member + " (API " + api + ")";
        }
    }

    static ClusterNodes parse(List<String> specs, String placement, int replication) {
        if (specs.isEmpty()) {
            throw new DkmException("--nodes is required: MEMBER=API for every storage node of"
                    + " the new ring, e.g. --nodes 10.0.0.1:2003:a=10.0.0.1:15002,"
                    + "10.0.0.2:2003:b=10.0.0.2:15002");
        }
        if (replication < 1) {
            throw new DkmException("--replication must be 1 or more, found " + replication);
        }
        List<Node> nodes = new ArrayList<>();
        for (String spec : specs) {
            int equals = spec.indexOf('=');
            if (equals < 0) {
                throw new DkmException("node '" + spec + "' is not MEMBER=API, e.g."
                        + " 10.0.0.1:2003:a=10.0.0.1:15002");
            }
            String api = spec.substring(equals + 1).strip();
            if (!api.matches("[A-Za-z0-9_.-]+:\\d{1,5}")) {
                throw new DkmException("node '" + spec + "': the API '" + api + "' is not"
                        + " HOST:PORT");
            }
            try {
                nodes.add(new Node(ClusterNode.parse(spec.substring(0, equals)), api));
            } catch (IllegalArgumentException e) {
                throw new DkmException("node '" + spec + "': " + e.getMessage());
            }
        }
        CarbonHashRing.Placement order = switch (placement) {
            case "carbon-relay" -> CarbonHashRing.Placement.CARBON_RELAY;
            case "carbon-c-relay" -> CarbonHashRing.Placement.CARBON_C_RELAY;
            default -> throw new DkmException("--placement must be carbon-relay or"
                    + " carbon-c-relay (relay.placement of conf/server.yaml), found '"
                    + placement + "'");
        };
        try {
            return new ClusterNodes(List.copyOf(nodes), new CarbonHashRing(nodes.stream()
                    .map(Node::member).toList(), order), replication);
        } catch (IllegalArgumentException e) {
            throw new DkmException(e.getMessage());
        }
    }

    /** The nodes that should hold the metric on the new ring. */
    List<Node> owners(String metric) {
        List<Node> owners = new ArrayList<>();
        for (ClusterNode member : ring.nodesFor(metric, replication)) {
            for (Node node : nodes) {
                if (node.member().equals(member)) {
                    owners.add(node);
                }
            }
        }
        return owners;
    }
}
