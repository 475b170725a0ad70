package org.dkumonitor.core.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Carbon's consistent-hash ring ({@code carbon_ch}): where carbon-relay, carbon-c-relay and
 * carbonate put a metric among the members of a cluster.
 *
 * <p>Each member takes {@value #REPLICAS} positions on a ring of 16-bit numbers: position
 * {@code i} is the first two bytes (big-endian) of the MD5 of {@code <ringKey>:<i>}, the ring key
 * being the Python repr of (host, instance). When a position is taken already, carbon moves the
 * new one up by one until it is free (carbon-c-relay keeps both; the two agree except for the
 * metric names hashing exactly onto such a collision, about one in 30,000). A metric's position
 * is the first two bytes of the MD5 of its name (UTF-8); its members are the distinct ones met
 * walking the ring from the first position at or above it, wrapping at the end.
 *
 * <p>Trade-off: 16 bits and MD5 are carbon's wire-compatible choice, not ours: an even spread
 * needs many members' positions, and adding a member moves about 1/N of the metrics.
 */
public final class CarbonHashRing {

    /** Positions per member, hard-wired in carbon. */
    public static final int REPLICAS = 100;
    private static final int MAX_MEMBERS = 10_000;

    /** Whose placement to follow where two members' positions collide. */
    public enum Placement {
        /** carbon-relay and carbonate: the later member's position moves up to a free one. */
        CARBON_RELAY,
        /** carbon-c-relay: both positions stay; the smaller ring key comes first. */
        CARBON_C_RELAY
    }

    private final List<ClusterNode> nodes;
    /** Ring positions, ascending; {@code owners[i]} is the member index at {@code positions[i]}. */
    private final int[] positions;
    private final int[] owners;

    /** carbon-relay's ring. */
    public CarbonHashRing(List<ClusterNode> members) {
        this(members, Placement.CARBON_RELAY);
    }

    public CarbonHashRing(List<ClusterNode> members, Placement placement) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a ring needs at least one member");
        }
        if (members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("a ring of " + members.size() + " members is"
                    + " more than the " + MAX_MEMBERS + " this ring takes");
        }
        this.nodes = List.copyOf(members);
        Set<String> keys = new HashSet<>();
        for (ClusterNode node : nodes) {
            if (!keys.add(node.ringKey())) {
                throw new IllegalArgumentException("two members have host " + node.host()
                        + " and instance " + node.instance() + ": carbon's ring places metrics"
                        + " by host and instance, not port; give each member on one host its"
                        + " own instance (HOST:PORT:INSTANCE)");
            }
        }
        // carbon-c-relay's order among equal positions: by ring key
        List<String> sortedKeys = new ArrayList<>(keys);
        sortedKeys.sort(null);
        int size = nodes.size() * REPLICAS;
        long[] entries = new long[size];
        Set<Integer> taken = new HashSet<>();
        int n = 0;
        for (int member = 0; member < nodes.size(); member++) {
            String key = nodes.get(member).ringKey();
            for (int i = 0; i < REPLICAS; i++) {
                int position = position(key + ":" + i);
                while (placement == Placement.CARBON_RELAY && !taken.add(position)) {
                    position++;
                }
                // the low half orders equal positions (only carbon-c-relay keeps any)
                int order = placement == Placement.CARBON_RELAY ? member
                        : sortedKeys.indexOf(key) << 16 | member;
                entries[n++] = ((long) position << 32) | order;
            }
        }
        Arrays.sort(entries);
        positions = new int[size];
        owners = new int[size];
        for (int i = 0; i < size; i++) {
            positions[i] = (int) (entries[i] >>> 32);
            owners[i] = (int) entries[i] & 0xFFFF;
        }
    }

    public List<ClusterNode> nodes() {
        return nodes;
    }

    /** The member that holds the metric (its first replica). */
    public ClusterNode nodeFor(String metric) {
        return nodes.get(owners[firstAtOrAbove(position(metric))]);
    }

    /**
     * The {@code replicas} members that hold the metric, in ring order, each once: fewer when the
     * ring has fewer members.
     */
    public List<ClusterNode> nodesFor(String metric, int replicas) {
        int[] indexes = new int[Math.min(replicas, nodes.size())];
        int count = indexesFor(metric, indexes);
        List<ClusterNode> found = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            found.add(nodes.get(indexes[i]));
        }
        return found;
    }

    /**
     * {@link #nodesFor} as indexes into {@link #nodes}, written into {@code out} (as many as it
     * holds); returns how many. Allocates nothing: the relay calls it for every point.
     */
    public int indexesFor(String metric, int[] out) {
        int wanted = Math.min(out.length, nodes.size());
        int found = 0;
        int index = firstAtOrAbove(position(metric));
        for (int step = 0; step < positions.length && found < wanted; step++) {
            int owner = owners[(index + step) % positions.length];
            boolean seen = false;
            for (int i = 0; i < found && !seen; i++) {
                seen = out[i] == owner;
            }
            if (!seen) {
                out[found++] = owner;
            }
        }
        return found;
    }

    private int firstAtOrAbove(int position) {
        int low = 0;
        int high = positions.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (positions[middle] < position) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low == positions.length ? 0 : low;
    }

    /** The first two bytes of the MD5 of the text's UTF-8 bytes, as an unsigned number. */
    static int position(String text) {
        byte[] digest = MD5.get().digest(text.getBytes(StandardCharsets.UTF_8));
        return (digest[0] & 0xFF) << 8 | (digest[1] & 0xFF);
    }

    /** A digest per thread: looking one up by name for every point costs more than hashing. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no MD5", e);
        }
    });
}
