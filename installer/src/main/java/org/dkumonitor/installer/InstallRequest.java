package org.dkumonitor.installer;

import java.nio.file.Path;
import java.util.Objects;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.layout.PortMap;

/**
 * What an install was asked for, validated: where, which port range, which addresses the
 * receivers and the API listen on, the agent's host name and carbon server, and the bundle the
 * links point into.
 */
record InstallRequest(DataDir dataDir, PortMap ports, String carbonListen, String apiListen,
        String hostname, String carbonServer, Path bundleHome) {

    InstallRequest {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(carbonListen, "carbonListen");
        Objects.requireNonNull(apiListen, "apiListen");
        hostname = hostname == null ? "" : hostname;
        Objects.requireNonNull(carbonServer, "carbonServer");
        Objects.requireNonNull(bundleHome, "bundleHome");
    }
}
