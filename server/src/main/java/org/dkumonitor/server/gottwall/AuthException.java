package org.dkumonitor.server.gottwall;

/**
 * A request, stream or datagram that did not prove it may write to (or read) a project. The
 * reason is counted; the message says what to fix and never holds a key.
 */
final class AuthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why, as counted in the server's metrics ({@code gottwall.authFailures.<reason>}). */
    enum Reason {
        MISSING, MALFORMED, BAD_SIGNATURE, EXPIRED, WRONG_PROJECT, UNKNOWN_PROJECT, BAD_KEYS;

        String metricName() {
            return GottwallStats.camelCase(name());
        }
    }

    private final Reason reason;

    AuthException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
