package org.dkumonitor.server.listen;

import java.time.Duration;

/**
 * What one TCP listener allows: at most {@code maxConnections} open at once; a connection that
 * sends nothing for {@code idleTimeout} is closed; a line or frame begun must arrive whole within
 * {@code frameTimeout} (a sender that trickles a byte at a time cannot hold a connection and its
 * buffer forever while never finishing a line).
 */
public record ListenerLimits(int maxConnections, Duration idleTimeout, Duration frameTimeout) {

    public ListenerLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, found "
                    + maxConnections);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || frameTimeout.isNegative()
                || frameTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** For tests and tools: generous limits. */
    public static ListenerLimits lenient() {
        return new ListenerLimits(10_000, Duration.ofHours(1), Duration.ofHours(1));
    }
}
