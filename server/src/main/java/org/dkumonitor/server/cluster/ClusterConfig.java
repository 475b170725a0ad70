package org.dkumonitor.server.cluster;

import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.core.config.ConfigRules;
import org.dkumonitor.core.config.InvalidValueException;

/**
 * {@code cluster:} of conf/server.yaml. When present, the server is a front end: /render,
 * /metrics/find, /metrics/expand, /metrics/index.json and the tag autocompletion ask every one of
 * {@code servers} (asked with {@code local=1}, as graphite-web asks its CLUSTER_SERVERS) and this
 * server's own store, if it has one, and merge the answers.
 *
 * @param servers the members' Graphite APIs, {@code host:port} or {@code http://host:port/prefix}
 * @param timeoutMillis how long one request to one member may take, answer read
 * @param maxConcurrency requests to members in flight at once, over all front-end requests
 * @param partialResults {@code deny} (the default): a member that fails or times out makes the
 *     answer a 502 naming it; {@code allow}: the answer is made of the others, as graphite-web
 *     does, with an {@code X-Dkm-Missing-Servers} header and the self-metric
 *     cluster.partialResults saying so
 * @param maxResponseMegabytes the largest answer read from a member
 * @param bearerToken sent to every member as {@code Authorization: Bearer}, for members whose
 *     API wants one ({@code api.bearerToken} of theirs)
 */
public record ClusterConfig(List<String> servers, Integer timeoutMillis, Integer maxConcurrency,
        String partialResults, Integer maxResponseMegabytes, String bearerToken) {

    /** Members and defaults only. */
    public ClusterConfig(List<String> servers) {
        this(servers, null, null, null, null, null);
    }

    public ClusterConfig {
        if (servers == null || servers.isEmpty()) {
            throw new InvalidValueException("servers", "must list at least one host:port",
                    servers);
        }
        servers = List.copyOf(servers);
        members(servers);
        timeoutMillis = timeoutMillis == null ? 6000
                : ConfigRules.between("timeoutMillis", timeoutMillis, 10, 600_000);
        maxConcurrency = maxConcurrency == null ? 32
                : ConfigRules.between("maxConcurrency", maxConcurrency, 1, 10_000);
        partialResults = partialResults == null ? "deny" : partialResults.strip();
        if (!partialResults.equals("deny") && !partialResults.equals("allow")) {
            throw new InvalidValueException("partialResults", "must be deny or allow",
                    partialResults);
        }
        maxResponseMegabytes = maxResponseMegabytes == null ? 64
                : ConfigRules.between("maxResponseMegabytes", maxResponseMegabytes, 1, 4096);
    }

    public List<ClusterServer> members() {
        return members(servers);
    }

    public boolean allowPartial() {
        return partialResults.equals("allow");
    }

    private static List<ClusterServer> members(List<String> servers) {
        List<ClusterServer> members = new ArrayList<>();
        for (String server : servers) {
            try {
                ClusterServer member = ClusterServer.parse(server);
                for (ClusterServer other : members) {
                    if (other.base().equals(member.base())) {
                        throw new IllegalArgumentException(member + " is listed twice");
                    }
                }
                members.add(member);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("servers", e.getMessage(), server);
            }
        }
        return members;
    }
}
