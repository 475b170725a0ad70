package org.dkumonitor.server.python;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Python's numeric behaviours graphite-web relies on: round(), safePow. NaN is None. */
public final class PyMath {

    private PyMath() {
    }

    /** Python 3's {@code round(x, digits)}: the exact binary value rounded half-even. */
    public static double round(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** safe.safePow: None on None, on a math domain error or on overflow. */
    public static double pow(double base, double exponent) {
        if (Double.isNaN(base) || Double.isNaN(exponent)) {
            return Double.NaN;
        }
        if (base == 0 && exponent < 0) {
            return Double.NaN;
        }
        double result = Math.pow(base, exponent);
        if (Double.isInfinite(result) && !Double.isInfinite(base)
                && !Double.isInfinite(exponent)) {
            return Double.NaN;
        }
        return result;
    }
}
