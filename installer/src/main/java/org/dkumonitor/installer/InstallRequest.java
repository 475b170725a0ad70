package org.dkumonitor.installer;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dkumonitor.core.cluster.CarbonHashRing;
import org.dkumonitor.core.cluster.ClusterNode;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.layout.PortMap;

/**
 * What an install was asked for, validated: where, which type, which port range, which
 * addresses the receivers and the HTTP services listen on, the agent's host name and carbon
 * server, the bundle the links point into, the Grafana release, if any, that runs, and the
 * address of the HTTP ingest listener (PORT+6).
 */
record InstallRequest(DataDir dataDir, InstallType type, PortMap ports, String carbonListen,
        String apiListen, String hostname, String carbonServer, Path bundleHome,
        Optional<GrafanaHome> grafana, String ingestListen, List<String> relayTo,
        List<String> clusterServers) {

    /** Host names and addresses: what goes between double quotes in YAML and in URLs. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.:\\[\\]-]+");
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9_.-]*");
    private static final Pattern CLUSTER_SERVER = Pattern.compile("[A-Za-z0-9_.-]+:\\d{1,5}");

    InstallRequest {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(ports, "ports");
        carbonListen = host("--carbon-listen", carbonListen);
        apiListen = host("--api-listen", apiListen);
        hostname = hostname == null ? "" : hostname;
        if (!HOSTNAME.matcher(hostname).matches()) {
            throw new InstallRefusedException("--hostname '" + hostname + "' may only hold"
                    + " letters, digits, '.', '_' and '-': it becomes part of metric paths");
        }
        carbonServer = host("--carbon-server", carbonServer);
        Objects.requireNonNull(bundleHome, "bundleHome");
        Objects.requireNonNull(grafana, "grafana");
        if (grafana.isPresent() && !type.runsGrafana()) {
            grafana = Optional.empty();
        }
        ingestListen = host("--ingest-listen", ingestListen);
        relayTo = List.copyOf(relayTo);
        clusterServers = List.copyOf(clusterServers);
        if (type == InstallType.RELAY && relayTo.isEmpty()) {
            throw new InstallRefusedException("type relay forwards every point to the storage"
                    + " nodes: name them with --relay-to HOST:PORT[:INSTANCE],...");
        }
        if (!relayTo.isEmpty() && type != InstallType.RELAY) {
            throw new InstallRefusedException("--relay-to makes the server a relay, which"
                    + " stores nothing: use it with -t relay");
        }
        for (String destination : relayTo) {
            try {
                ClusterNode.parse(destination);
            } catch (IllegalArgumentException e) {
                throw new InstallRefusedException("--relay-to: " + e.getMessage());
            }
        }
        try {
            if (!relayTo.isEmpty()) {
                new CarbonHashRing(relayTo.stream().map(ClusterNode::parse).toList());
            }
        } catch (IllegalArgumentException e) {
            throw new InstallRefusedException("--relay-to: " + e.getMessage());
        }
        if (!clusterServers.isEmpty() && !type.runsServer()) {
            throw new InstallRefusedException("--cluster-servers makes the server a front end:"
                    + " type " + type.cliName() + " runs no server");
        }
        for (String server : clusterServers) {
            if (!CLUSTER_SERVER.matcher(server).matches()) {
                throw new InstallRefusedException("--cluster-servers: '" + server + "' is not"
                        + " HOST:PORT (a Graphite API, e.g. 10.0.0.1:15002)");
            }
        }
    }

    /** A request whose HTTP ingest listens on loopback; neither relay nor front end. */
    InstallRequest(DataDir dataDir, InstallType type, PortMap ports, String carbonListen,
            String apiListen, String hostname, String carbonServer, Path bundleHome,
            Optional<GrafanaHome> grafana) {
        this(dataDir, type, ports, carbonListen, apiListen, hostname, carbonServer, bundleHome,
                grafana, "127.0.0.1", List.of(), List.of());
    }

    private static String host(String option, String value) {
        if (value == null || !HOST.matcher(value).matches()) {
            throw new InstallRefusedException(option + " '" + value + "' is not a host name or"
                    + " an IP address; give one such as 127.0.0.1, 0.0.0.0 or myhost.example");
        }
        return value;
    }

    boolean runsGrafana() {
        return grafana.isPresent();
    }

    /**
     * Whether the server answers on PORT with the built-in UI: the type would run Grafana
     * there, but no Grafana is available.
     */
    boolean servesUiOnGrafanaPort() {
        return type.runsServer() && type.runsGrafana() && grafana.isEmpty();
    }

    /** Where Grafana and the built-in UI find the Graphite API. */
    String apiHostForClients() {
        if (!type.runsServer()) {
            return carbonServer;
        }
        return switch (apiListen) {
            case "0.0.0.0", "::", "[::]" -> "127.0.0.1";
            default -> apiListen;
        };
    }
}
