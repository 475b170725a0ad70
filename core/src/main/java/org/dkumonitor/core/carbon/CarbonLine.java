package org.dkumonitor.core.carbon;

import java.util.Objects;

/**
 * One carbon plaintext data point, {@code <path> <value> <timestamp>\n}. The server's parser
 * makes these. {@link #appendPlaintext} is the one writer of the line: {@link #toPlaintext()}
 * and the agent's rounds (several hundred lines into one builder, with no string per line)
 * write through it.
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
        return appendPlaintext(new StringBuilder(path.length() + 32), "", path, value, timestamp)
                .toString();
    }

    /** A value as carbon reads it back exactly: whole numbers without a decimal point. */
    public static String formatValue(double value) {
        return appendValue(new StringBuilder(24), value).toString();
    }

    /**
     * Appends the line of a point named {@code prefix.path} ({@code path} alone when the prefix
     * is empty), newline included, allocating nothing for a whole value when {@code out} has
     * room.
     */
    public static StringBuilder appendPlaintext(StringBuilder out, String prefix, String path,
            double value, long timestamp) {
        if (!prefix.isEmpty()) {
            out.append(prefix).append('.');
        }
        out.append(path).append(' ');
        return appendValue(out, value).append(' ').append(timestamp).append('\n');
    }

    /**
     * Whole values below 10^15 without a decimal point (as collectd and carbon write them), the
     * others as {@link Double#toString} does, which Python's {@code float()} reads back exactly.
     */
    private static StringBuilder appendValue(StringBuilder out, double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            return out.append((long) value);
        }
        return out.append(value);
    }
}
