package org.dkumonitor.core.cluster;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One member of a carbon cluster as carbon's relay names it: {@code HOST:PORT[:INSTANCE]}
 * ({@code DESTINATIONS} of carbon.conf, {@code host:port=instance} in carbon-c-relay). The ring
 * places metrics by host and instance only, not by port, as carbon does: two members on one host
 * need distinct instances.
 */
public record ClusterNode(String host, int port, String instance) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    public ClusterNode {
        Objects.requireNonNull(host, "host");
        if (!NAME.matcher(host).matches()) {
            throw new IllegalArgumentException("host '" + host + "' is not a host name or an"
                    + " IPv4 address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, found " + port);
        }
        if (instance != null && !NAME.matcher(instance).matches()) {
            throw new IllegalArgumentException("instance '" + instance + "' may only hold"
                    + " letters, digits, '.', '_' and '-'");
        }
    }

    /** {@code HOST:PORT} or {@code HOST:PORT:INSTANCE}; a message saying what is wrong if not. */
    public static ClusterNode parse(String text) {
        String[] parts = text.strip().split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT[:INSTANCE]");
        }
        int port;
        try {
            port = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no port number after the"
                    + " host (HOST:PORT[:INSTANCE])");
        }
        return new ClusterNode(parts[0], port, parts.length == 3 ? parts[2] : null);
    }

    /**
     * The text carbon hashes for this member: Python's repr of the tuple (host, instance),
     * {@code ('10.0.0.1', 'a')} or {@code ('10.0.0.1', None)}.
     */
    public String ringKey() {
        return "('" + host + "', " + (instance == null ? "None" : "'" + instance + "'") + ")";
    }

    /** A name usable as one node of a metric path: {@code 10_0_0_1:2004:a} becomes safe. */
    public String metricName() {
        return toString().replaceAll("[^A-Za-z0-9_-]", "_");
    }

    @Override
    public String toString() {
        return host + ":" + port + (instance == null ? "" : ":" + instance);
    }
}
