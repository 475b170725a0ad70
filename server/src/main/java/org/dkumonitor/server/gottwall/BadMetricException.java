package org.dkumonitor.server.gottwall;

/**
 * A metric message that is not one we can count: bad JSON, a missing or wrong-typed field, a
 * value or time out of range, too many filter values. HTTP answers 400 with the message; the
 * stream counts it by reason and goes on with the next message.
 */
final class BadMetricException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why, as counted in the server's metrics ({@code gottwall.rejects.<reason>}). */
    enum Reason {
        BAD_JSON, BAD_FIELD, BAD_VALUE, BAD_TIME, FUTURE, TOO_OLD, TOO_MANY_SERIES, BAD_NAME,
        WRONG_PROJECT, BAD_ACTION, KIND_CONFLICT, OVERLONG, INCOMPLETE, STORE_FAILED;

        String metricName() {
            return GottwallStats.camelCase(name());
        }
    }

    private final Reason reason;

    BadMetricException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
