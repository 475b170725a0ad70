package org.dkumonitor.server.limits;

import org.dkumonitor.core.DkmException;

/**
 * The server is saturated (every request slot taken, or the memory requests may hold is spent
 * by others): the client is told to come back after {@link #retryAfterSeconds} (HTTP 503 with
 * Retry-After).
 */
public final class ServerBusyException extends DkmException {

    private final int retryAfterSeconds;

    public ServerBusyException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
