package org.dkumonitor.server.metrics;

import org.dkumonitor.core.DkmException;

/** A metric name that must not be stored; the message says why and at which column. */
public final class InvalidMetricNameException extends DkmException {

    private final String reason;

    public InvalidMetricNameException(String name, String reason, int index) {
        this(name, reason, "", index);
    }

    /** {@code reason} is a fixed category (counted); {@code detail} says more (logged). */
    public InvalidMetricNameException(String name, String reason, String detail, int index) {
        super("metric name '" + printable(name) + "' is refused: " + reason
                + (detail.isEmpty() ? "" : " " + detail)
                + (index >= 0 ? " at column " + (index + 1) : ""));
        this.reason = reason;
    }

    /** A short fixed reason, used to count rejects by kind. */
    public String reason() {
        return reason;
    }

    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        int limit = Math.min(name.length(), 200);
        for (int i = 0; i < limit; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (name.length() > limit) {
            out.append("...");
        }
        return out.toString();
    }
}
