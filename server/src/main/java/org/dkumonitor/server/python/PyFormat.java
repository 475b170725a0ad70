package org.dkumonitor.server.python;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * Python's text for numbers, so series names and tags read exactly as graphite-web writes them:
 * {@code %g} (six significant digits, C rounding of the exact binary value), {@code str()} and
 * {@code repr()} of ints, floats, booleans, None and strings.
 */
public final class PyFormat {

    private PyFormat() {
    }

    /** C's {@code %g}: 6 significant digits, trailing zeros dropped, exponent outside 1e-4..1e6. */
    public static String g(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(value)
                .round(new MathContext(6, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String digits = mantissa.scale() <= 0 ? mantissa.toBigInteger().toString()
                    : mantissa.toPlainString();
            return digits + "e" + (exponent < 0 ? "-" : "+")
                    + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        BigDecimal plain = rounded.stripTrailingZeros();
        return plain.scale() <= 0 ? plain.toBigInteger().toString() : plain.toPlainString();
    }

    /** Python's {@code repr(float)}: the shortest text that reads back to the same double. */
    public static String floatRepr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        String sign = shortest.signum() < 0 ? "-" : "";
        shortest = shortest.abs();
        String digits = shortest.unscaledValue().toString();
        int decimalPoint = digits.length() - shortest.scale();
        if (decimalPoint > 16 || decimalPoint < -3) {
            String mantissa = digits.length() == 1 ? digits
                    : digits.charAt(0) + "." + digits.substring(1);
            int exponent = decimalPoint - 1;
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        String plain = shortest.toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }

    /** Python's {@code str()} of a value as graphite-web's evaluator produces it. */
    public static String str(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double d) {
            return floatRepr(d);
        }
        if (value instanceof Number n) {
            return Long.toString(n.longValue());
        }
        return value.toString();
    }

    /** Python's {@code repr()}: strings quoted with single quotes, lists bracketed. */
    public static String repr(Object value) {
        if (value instanceof String s) {
            return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                out.append(i > 0 ? ", " : "").append(repr(list.get(i)));
            }
            return out.append(']').toString();
        }
        return str(value);
    }
}
