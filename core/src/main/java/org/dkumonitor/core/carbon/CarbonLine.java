package org.dkumonitor.core.carbon;

import java.util.Objects;

/**
 * One carbon plaintext data point, {@code <path> <value> <timestamp>\n}. The server's parser
 * makes these; the agent writes them with {@link #toPlaintext()}.
 */
public record CarbonLine(String path, double value, long timestamp) {

    public CarbonLine {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("metric path must not be empty");
        }
    }

    /** The wire form, newline included. Whole values are written without a decimal point. */
    public String toPlaintext() {
        return path + ' ' + formatValue(value) + ' ' + timestamp + '\n';
    }

    /** A value as carbon reads it back exactly: whole numbers without a decimal point. */
    public static String formatValue(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
