package org.dkumonitor.server.relay;

import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.core.cluster.CarbonHashRing;
import org.dkumonitor.core.cluster.ClusterNode;
import org.dkumonitor.core.config.ConfigRules;
import org.dkumonitor.core.config.InvalidValueException;

/**
 * {@code relay:} of conf/server.yaml. When present, the server is a relay: every point its
 * receivers accept goes, as carbon plaintext, to the {@code replicationFactor} members of
 * {@code destinations} that carbon's consistent-hash ring chooses, and nothing is stored here.
 *
 * @param destinations carbon plaintext receivers, {@code HOST:PORT[:INSTANCE]} as carbon-relay's
 *     DESTINATIONS (the ring hashes host and instance, not port)
 * @param replicationFactor how many members get each metric (carbon's REPLICATION_FACTOR)
 * @param placement whose ring order to follow where two members' positions collide:
 *     {@code carbon-relay} (and carbonate; the default) or {@code carbon-c-relay}
 * @param spoolMaxMegabytes the disk spool of each destination, under storage/spool/relay/
 * @param memoryBatches batches of {@value #BATCH_LINES} lines queued in memory per destination
 *     before the spool takes over
 */
public record RelayConfig(List<String> destinations, Integer replicationFactor,
        String placement, Integer spoolMaxMegabytes, Integer memoryBatches) {

    /** Lines per batch handed to a destination's sender. */
    public static final int BATCH_LINES = 2000;

    public RelayConfig {
        if (destinations == null || destinations.isEmpty()) {
            throw new InvalidValueException("destinations", "must list at least one"
                    + " HOST:PORT[:INSTANCE]", destinations);
        }
        destinations = List.copyOf(destinations);
        replicationFactor = replicationFactor == null ? 1
                : ConfigRules.between("replicationFactor", replicationFactor, 1, 16);
        placement = placement == null ? "carbon-relay" : placement.strip();
        if (!placement.equals("carbon-relay") && !placement.equals("carbon-c-relay")) {
            throw new InvalidValueException("placement", "must be carbon-relay or"
                    + " carbon-c-relay", placement);
        }
        spoolMaxMegabytes = spoolMaxMegabytes == null ? 1024
                : ConfigRules.between("spoolMaxMegabytes", spoolMaxMegabytes, 1, 1_048_576);
        memoryBatches = memoryBatches == null ? 64
                : ConfigRules.between("memoryBatches", memoryBatches, 1, 10_000);
        try {
            new CarbonHashRing(members(destinations), placement(placement));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("destinations", e.getMessage(), destinations);
        }
    }

    /** The destinations as ring members. */
    public List<ClusterNode> members() {
        return members(destinations);
    }

    public CarbonHashRing ring() {
        return new CarbonHashRing(members(), placement(placement));
    }

    private static List<ClusterNode> members(List<String> destinations) {
        List<ClusterNode> members = new ArrayList<>();
        for (String destination : destinations) {
            try {
                members.add(ClusterNode.parse(destination));
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("destinations", e.getMessage(), destination);
            }
        }
        return members;
    }

    static CarbonHashRing.Placement placement(String name) {
        return name.equals("carbon-c-relay") ? CarbonHashRing.Placement.CARBON_C_RELAY
                : CarbonHashRing.Placement.CARBON_RELAY;
    }
}
