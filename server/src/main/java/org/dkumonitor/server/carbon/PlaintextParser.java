package org.dkumonitor.server.carbon;

import org.dkumonitor.core.carbon.CarbonLine;

/**
 * Parses one carbon plaintext line, {@code <path> <value> <timestamp>}, as tolerantly as Python
 * carbon: fields split on any run of spaces or tabs, a trailing {@code \r} ignored, values as
 * Python's float() reads them ({@code nan}, {@code inf}, {@code 1e3}), the timestamp a number
 * truncated to whole seconds with {@code -1} meaning now. A NaN value parses (the receiver drops
 * it, as carbon does). Name safety is not checked here: see
 * {@link org.dkumonitor.server.metrics.MetricName}.
 */
public final class PlaintextParser {

    private PlaintextParser() {
    }

    public static CarbonLine parse(String line, long now) {
        String[] fields = split(line);
        if (fields == null) {
            throw new BadLineException(line, "expected 3 fields: path value timestamp");
        }
        double value = parseNumber(fields[1], line, "value");
        double timestamp = parseNumber(fields[2], line, "timestamp");
        if (Double.isNaN(timestamp) || Double.isInfinite(timestamp)) {
            throw new BadLineException(line, "timestamp must be finite");
        }
        long seconds = timestamp == -1 ? now : (long) timestamp;
        if (seconds <= 0 || seconds > 0xFFFF_FFFFL) {
            throw new BadLineException(line, "timestamp " + fields[2]
                    + " is outside 1..4294967295");
        }
        return new CarbonLine(fields[0], value, seconds);
    }

    /** Exactly three whitespace-separated fields, or null. */
    private static String[] split(String line) {
        String[] fields = new String[3];
        int count = 0;
        int i = 0;
        int length = line.length();
        while (i < length) {
            while (i < length && isSeparator(line.charAt(i))) {
                i++;
            }
            if (i == length) {
                break;
            }
            int start = i;
            while (i < length && !isSeparator(line.charAt(i))) {
                i++;
            }
            if (count == 3) {
                return null;
            }
            fields[count++] = line.substring(start, i);
        }
        return count == 3 ? fields : null;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Python float() syntax: decimal, exponent, nan, inf, infinity, any case, optional sign. */
    static double parseNumber(String text, String line, String field) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-")
                ? lower.substring(1) : lower;
        boolean negative = lower.startsWith("-");
        switch (unsigned) {
            case "nan":
                return Double.NaN;
            case "inf":
            case "infinity":
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            default:
                break;
        }
        if (unsigned.isEmpty() || !isDecimal(unsigned)) {
            throw new BadLineException(line, field + " '" + text + "' is not a number");
        }
        return Double.parseDouble(lower);
    }

    /** Digits with an optional point and exponent; refuses Java-only forms such as 0x1p3 or 1d. */
    private static boolean isDecimal(String text) {
        int i = 0;
        int digits = 0;
        int length = text.length();
        while (i < length && Character.isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (i < length && text.charAt(i) == '.') {
            i++;
            while (i < length && Character.isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < length && text.charAt(i) == 'e') {
            i++;
            if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < length && Character.isDigit(text.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == length;
    }
}
