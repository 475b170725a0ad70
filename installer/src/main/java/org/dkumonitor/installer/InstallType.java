package org.dkumonitor.installer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an install runs, as dkumonitor's {@code -t}: each type installs exactly its programs
 * and the configuration they read.
 *
 * <pre>
 * type           server  agent  grafana (when a Grafana home is available)
 * all              x       x      x
 * server           x              x
 * agent                    x
 * backend          x
 * frontend                        x (required)
 * backend-agent    x       x
 * relay            x (stores nothing: forwards to --relay-to)
 * </pre>
 */
enum InstallType {
    ALL(true, true, true),
    SERVER(true, false, true),
    AGENT(false, true, false),
    BACKEND(true, false, false),
    FRONTEND(false, false, true),
    BACKEND_AGENT(true, true, false),
    RELAY(true, false, false);

    private final boolean server;
    private final boolean agent;
    private final boolean grafana;

    InstallType(boolean server, boolean agent, boolean grafana) {
        this.server = server;
        this.agent = agent;
        this.grafana = grafana;
    }

    /** The name on the command line: {@code all}, {@code backend-agent}... */
    String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    boolean runsServer() {
        return server;
    }

    boolean runsAgent() {
        return agent;
    }

    /** Whether the server keeps metrics here (a relay forwards them all). */
    boolean storesMetrics() {
        return server && this != RELAY;
    }

    /** Whether Grafana runs when a Grafana home is available. */
    boolean runsGrafana() {
        return grafana;
    }

    /** Whether the install makes no sense without Grafana. */
    boolean needsGrafana() {
        return this == FRONTEND;
    }

    static InstallType fromCli(String name) {
        for (InstallType type : values()) {
            if (type.cliName().equals(name)) {
                return type;
            }
        }
        throw new InstallRefusedException("unknown install type '" + name + "': choose one of "
                + names());
    }

    static String names() {
        return Arrays.stream(values()).map(InstallType::cliName)
                .collect(Collectors.joining(", "));
    }
}
