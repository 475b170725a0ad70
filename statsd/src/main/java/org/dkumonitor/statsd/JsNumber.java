package org.dkumonitor.statsd;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * JavaScript's numbers as Etsy statsd (node) reads and writes them: {@code Number(text)} over
 * the bytes of a value, and {@code String(number)} for the values it flushes. Both matter for
 * exact compatibility: statsd accepts {@code " 12 "}, {@code "0x1F"}, {@code "1e3"} and
 * {@code "Infinity"} as numbers, and writes {@code 0.875}, {@code 1e-7} and {@code 1e+21} where
 * Java would write {@code 1.0E-7}.
 *
 * <p>Parsing follows ECMAScript's StringToNumber: JavaScript white space trimmed at both ends
 * (ASCII and the Unicode space characters, as UTF-8), an empty text is 0, then {@code
 * [+-]Infinity}, a decimal literal ({@code 1}, {@code 1.}, {@code .5}, {@code 1e-3}) or an
 * unsigned {@code 0x}/{@code 0o}/{@code 0b} integer; anything else is NaN. Short decimals are
 * converted without allocating (exact: a mantissa under 2^53 divided or multiplied by an exact
 * power of ten is rounded once); the rest goes through {@link Double#parseDouble}, whose
 * grammar includes the decimal literals accepted here.
 *
 * <p>Formatting follows Number::toString: the shortest digits that read back to the same double
 * (what {@link Double#toString} chooses too, except for subnormal numbers, checked apart), laid
 * out plain from 1e-7 to 1e21 and with an exponent outside.
 */
final class JsNumber {

    private static final double[] POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
        1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final long EXACT_MANTISSA = 1L << 53;

    private JsNumber() {
    }

    /** {@code Number(text)} of the UTF-8 bytes {@code b[from, to)}. */
    static double parse(byte[] b, int from, int to) {
        while (from < to) {
            int space = Whitespace.at(b, from, to);
            if (space == 0) {
                break;
            }
            from += space;
        }
        while (to > from) {
            int space = Whitespace.endingAt(b, from, to);
            if (space == 0) {
                break;
            }
            to -= space;
        }
        if (from == to) {
            return 0;
        }
        if (to - from > 2 && b[from] == '0') {
            int radix = switch (b[from + 1]) {
                case 'x', 'X' -> 16;
                case 'o', 'O' -> 8;
                case 'b', 'B' -> 2;
                default -> 0;
            };
            if (radix != 0) {
                return radixInteger(b, from + 2, to, radix);
            }
        }
        return decimal(b, from, to);
    }

    private static double radixInteger(byte[] b, int from, int to, int radix) {
        long value = 0;
        boolean exact = true;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(b[i], radix);
            if (digit < 0) {
                return Double.NaN;
            }
            if (value > (Long.MAX_VALUE >> 4)) {
                exact = false;
            }
            value = value * radix + digit;
        }
        if (exact) {
            return (double) value;
        }
        return new BigInteger(new String(b, from, to - from, StandardCharsets.ISO_8859_1), radix)
                .doubleValue();
    }

    private static double decimal(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (b[i] == '+' || b[i] == '-') {
            negative = b[i] == '-';
            i++;
        }
        if (to - i == 8 && matches(b, i, "Infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        long mantissa = 0;
        int significant = 0;
        int scale = 0;
        int digits = 0;
        for (; i < to && isDigit(b[i]); i++, digits++) {
            if (mantissa != 0 || b[i] != '0') {
                if (significant < 18) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                } else {
                    scale++;
                }
                significant++;
            }
        }
        if (i < to && b[i] == '.') {
            for (i++; i < to && isDigit(b[i]); i++, digits++) {
                if (mantissa != 0 || b[i] != '0') {
                    if (significant < 18) {
                        mantissa = mantissa * 10 + (b[i] - '0');
                        scale--;
                    }
                    significant++;
                } else {
                    scale--;
                }
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        int exponent = 0;
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            int exponentDigits = 0;
            for (; i < to && isDigit(b[i]); i++, exponentDigits++) {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (b[i] - '0');
                }
            }
            if (exponentDigits == 0) {
                return Double.NaN;
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        if (i != to) {
            return Double.NaN;
        }
        double value;
        int power = scale + exponent;
        if (mantissa == 0) {
            value = 0;
        } else if (significant <= 15 && mantissa < EXACT_MANTISSA && power >= -22
                && power <= 22) {
            value = power < 0 ? mantissa / POWERS[-power] : mantissa * POWERS[power];
        } else {
            return Double.parseDouble(new String(b, from, to - from,
                    StandardCharsets.ISO_8859_1));
        }
        return negative ? -value : value;
    }

    private static boolean matches(byte[] b, int at, String word) {
        for (int k = 0; k < word.length(); k++) {
            if (b[at + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** {@code String(value)} of JavaScript. */
    static String format(double value) {
        StringBuilder out = new StringBuilder(24);
        append(out, value);
        return out.toString();
    }

    /** Appends {@code String(value)} of JavaScript. */
    static void append(StringBuilder out, double value) {
        if (value != value) {
            out.append("NaN");
            return;
        }
        if (value == 0) {
            out.append('0');
            return;
        }
        if (value == Math.rint(value) && Math.abs(value) < EXACT_MANTISSA) {
            out.append((long) value);
            return;
        }
        if (Double.isInfinite(value)) {
            out.append(value > 0 ? "Infinity" : "-Infinity");
            return;
        }
        if (value < 0) {
            out.append('-');
            value = -value;
        }
        String java = Double.toString(value);
        StringBuilder digits = new StringBuilder(20);
        int pointAt = -1;
        int exponent = 0;
        for (int i = 0; i < java.length(); i++) {
            char c = java.charAt(i);
            if (c == '.') {
                pointAt = digits.length();
            } else if (c == 'E') {
                exponent = Integer.parseInt(java, i + 1, java.length(), 10);
                break;
            } else {
                digits.append(c);
            }
        }
        // value = 0.DIGITS x 10^n, with DIGITS stripped of leading and trailing zeros
        int n = pointAt + exponent;
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
            n--;
        }
        digits.delete(0, lead);
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits.setLength(end);
        if (value < Double.MIN_NORMAL && digits.length() == 2) {
            n = shortestSubnormal(value, digits, n);
        }
        layout(out, digits, n);
    }

    /**
     * Double.toString gives two digits where one would do only for subnormal numbers (its
     * specification keeps two digits when they are closer): 4.9E-324 is JavaScript's 5e-324.
     */
    private static int shortestSubnormal(double value, StringBuilder digits, int n) {
        java.math.BigDecimal exact = new java.math.BigDecimal(value);
        int first = digits.charAt(0) - '0';
        java.math.BigDecimal best = null;
        int bestDigit = -1;
        for (int candidate = first; candidate <= first + 1; candidate++) {
            java.math.BigDecimal decimal = new java.math.BigDecimal(BigInteger.valueOf(candidate),
                    -(n - 1));
            if (decimal.doubleValue() == value) {
                java.math.BigDecimal distance = decimal.subtract(exact).abs();
                if (best == null || distance.compareTo(best) < 0) {
                    best = distance;
                    bestDigit = candidate;
                }
            }
        }
        if (bestDigit < 0) {
            return n;
        }
        digits.setLength(0);
        if (bestDigit == 10) {
            digits.append('1');
            return n + 1;
        }
        digits.append((char) ('0' + bestDigit));
        return n;
    }

    private static void layout(StringBuilder out, CharSequence digits, int n) {
        int k = digits.length();
        if (k <= n && n <= 21) {
            out.append(digits);
            for (int i = k; i < n; i++) {
                out.append('0');
            }
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.");
            for (int i = n; i < 0; i++) {
                out.append('0');
            }
            out.append(digits);
        } else {
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(n - 1 >= 0 ? '+' : '-').append(Math.abs(n - 1));
        }
    }
}
