package org.dkumonitor.server.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may cost the ingest server: the size of a request's head and body, how many
 * connections are open at once (more are answered 503 and closed), how long a request may take
 * to arrive once its first byte is in (a half-sent request is cut off), and how long a
 * keep-alive connection may sit idle between requests.
 */
public record IngestLimits(int maxHeaderBytes, int maxBodyBytes, int maxConnections,
        Duration requestTimeout, Duration idleTimeout) {

    public IngestLimits {
        if (maxHeaderBytes < 256 || maxBodyBytes < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("limits must be positive (head at least 256"
                    + " bytes): " + maxHeaderBytes + ", " + maxBodyBytes + ", " + maxConnections);
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
    }

    /** 16 KiB heads, 4 MiB bodies, 1024 connections, 30 s per request, 60 s idle. */
    public static IngestLimits defaults() {
        return new IngestLimits(16 * 1024, 4 * 1024 * 1024, 1024, Duration.ofSeconds(30),
                Duration.ofSeconds(60));
    }
}
