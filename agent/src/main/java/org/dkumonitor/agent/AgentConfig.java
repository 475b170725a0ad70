package org.dkumonitor.agent;

import java.util.List;
import org.dkumonitor.core.config.ConfigRules;
import org.dkumonitor.core.config.InvalidValueException;

/** conf/agent.yaml. */
public record AgentConfig(String hostname, Integer intervalSeconds, String prefix,
        List<Destination> destinations) {

    public AgentConfig {
        hostname = hostname == null ? "" : hostname.strip();
        intervalSeconds = intervalSeconds == null ? 10
                : ConfigRules.between("intervalSeconds", intervalSeconds, 1, 3600);
        prefix = prefix == null ? "collectd" : prefix.strip();
        if (destinations == null || destinations.isEmpty()) {
            throw new InvalidValueException("destinations",
                    "must list at least one carbon server (host and port)", destinations);
        }
        destinations = List.copyOf(destinations);
    }

    /** A carbon plaintext receiver the agent sends to. */
    public record Destination(String host, Integer port) {

        public Destination {
            host = ConfigRules.notBlank("host", host);
            port = ConfigRules.port("port", ConfigRules.present("port", port));
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
