package org.dkumonitor.server.carbon;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.dkumonitor.core.carbon.CarbonLine;

/**
 * Parses one carbon plaintext line, {@code <path> <value> <timestamp>}, as tolerantly as Python
 * carbon: fields split on any run of spaces or tabs, a trailing {@code \r} ignored, values as
 * Python's float() reads them ({@code nan}, {@code inf}, {@code 1e3}, {@code 1_000}), the
 * timestamp a number truncated to whole seconds with {@code -1} meaning now. The timestamp must
 * fit whisper's unsigned 32 bits. A NaN value parses (the receiver drops it, as carbon does).
 * Name safety is not checked here: see {@link org.dkumonitor.server.metrics.MetricName}.
 *
 * <p>The byte form is the receivers' hot path: plain decimals ({@code 42}, {@code -0.25},
 * {@code 1700000040}) are decoded without building strings; anything else falls back to the
 * general rules.
 */
public final class PlaintextParser {

    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        double power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private PlaintextParser() {
    }

    public static CarbonLine parse(String line, long now) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, 0, bytes.length, now);
    }

    /** Parses {@code bytes[from, to)}, one line without its {@code \n}. */
    public static CarbonLine parse(byte[] bytes, int from, int to, long now) {
        Parsed parsed = new Parsed();
        parse(bytes, from, to, now, parsed);
        return new CarbonLine(new String(bytes, parsed.nameStart,
                parsed.nameEnd - parsed.nameStart, StandardCharsets.UTF_8), parsed.value,
                parsed.timestamp);
    }

    /** A parsed line whose name is still a range of the input bytes (the receivers' form). */
    static final class Parsed {
        int nameStart;
        int nameEnd;
        double value;
        long timestamp;
    }

    /** Parses {@code bytes[from, to)} into {@code out} without building the name. */
    static void parse(byte[] bytes, int from, int to, long now, Parsed out) {
        int nameStart = skipSeparators(bytes, from, to);
        int nameEnd = skipField(bytes, nameStart, to);
        int valueStart = skipSeparators(bytes, nameEnd, to);
        int valueEnd = skipField(bytes, valueStart, to);
        int timeStart = skipSeparators(bytes, valueEnd, to);
        int timeEnd = skipField(bytes, timeStart, to);
        if (timeStart == timeEnd || skipSeparators(bytes, timeEnd, to) != to) {
            throw new BadLineException(text(bytes, from, to),
                    "expected 3 fields: path value timestamp");
        }
        double value = number(bytes, valueStart, valueEnd, from, to, "value");
        double timestamp = number(bytes, timeStart, timeEnd, from, to, "timestamp");
        if (Double.isNaN(timestamp) || Double.isInfinite(timestamp)) {
            throw new BadLineException(text(bytes, from, to), "timestamp must be finite");
        }
        long seconds = timestamp == -1 ? now : (long) timestamp;
        if (seconds <= 0 || seconds > 0xFFFF_FFFFL) {
            throw new BadLineException(text(bytes, from, to), "timestamp "
                    + text(bytes, timeStart, timeEnd) + " is outside 1..4294967295");
        }
        out.nameStart = nameStart;
        out.nameEnd = nameEnd;
        out.value = value;
        out.timestamp = seconds;
    }

    private static boolean isSeparator(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static int skipSeparators(byte[] bytes, int at, int to) {
        while (at < to && isSeparator(bytes[at])) {
            at++;
        }
        return at;
    }

    private static int skipField(byte[] bytes, int at, int to) {
        while (at < to && !isSeparator(bytes[at])) {
            at++;
        }
        return at;
    }

    private static double number(byte[] bytes, int start, int end, int lineFrom, int lineTo,
            String field) {
        double fast = plainDecimal(bytes, start, end);
        if (!Double.isNaN(fast)) {
            return fast;
        }
        String text = text(bytes, start, end);
        try {
            return parseNumber(text);
        } catch (NumberFormatException e) {
            throw new BadLineException(text(bytes, lineFrom, lineTo), field + " '" + text
                    + "' is not a number");
        }
    }

    /**
     * {@code -?digits(.digits)?} with at most 15 significant digits, decoded exactly (the
     * mantissa and the power of ten are both exact doubles, so one division rounds
     * correctly); NaN when the text has another form.
     */
    private static double plainDecimal(byte[] bytes, int start, int end) {
        int at = start;
        boolean negative = at < end && bytes[at] == '-';
        if (negative) {
            at++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (; at < end; at++) {
            byte b = bytes[at];
            if (b >= '0' && b <= '9') {
                if (++digits > 15) {
                    return Double.NaN;
                }
                mantissa = mantissa * 10 + (b - '0');
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (b == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        double value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
        return negative ? -value : value;
    }

    private static String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    /**
     * Python float() syntax: decimal with optional point and exponent, underscores between
     * digits, nan, inf, infinity, any case, optional sign. Throws NumberFormatException.
     */
    static double parseNumber(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        boolean signed = lower.startsWith("+") || lower.startsWith("-");
        String unsigned = signed ? lower.substring(1) : lower;
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
        String digits = withoutUnderscores(unsigned);
        if (digits == null || digits.isEmpty() || !isDecimal(digits)) {
            throw new NumberFormatException(text);
        }
        double value = Double.parseDouble(digits);
        return negative ? -value : value;
    }

    /** Removes underscores that stand between two digits; null if one stands elsewhere. */
    private static String withoutUnderscores(String text) {
        if (text.indexOf('_') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                boolean between = i > 0 && i + 1 < text.length()
                        && Character.isDigit(text.charAt(i - 1))
                        && Character.isDigit(text.charAt(i + 1));
                if (!between) {
                    return null;
                }
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Digits with an optional point and exponent; refuses Java-only forms such as 0x1p3 or 1d. */
    private static boolean isDecimal(String text) {
        int i = 0;
        int digits = 0;
        int length = text.length();
        while (i < length && isAsciiDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (i < length && text.charAt(i) == '.') {
            i++;
            while (i < length && isAsciiDigit(text.charAt(i))) {
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
            while (i < length && isAsciiDigit(text.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == length;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
