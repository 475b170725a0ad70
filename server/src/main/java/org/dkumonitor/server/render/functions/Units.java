package org.dkumonitor.server.render.functions;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.dkumonitor.server.python.PyFormat;

/** graphite-web's format_units with {@code "%.2f%s"}: 1.5k, 2.00Mi… (si or binary prefixes). */
final class Units {

    private static final String[] SI = {"P", "T", "G", "M", "k"};
    private static final String[] BINARY = {"Pi", "Ti", "Gi", "Mi", "Ki"};

    private Units() {
    }

    static String format(double value, String system) {
        boolean binary = system.equals("binary");
        String[] prefixes = binary ? BINARY : SI;
        double base = binary ? 1024.0 : 1000.0;
        for (int i = 0; i < prefixes.length; i++) {
            double size = Math.pow(base, 5 - i);
            if (Math.abs(value) >= size) {
                double v2 = value / size;
                if (v2 - Math.floor(v2) < 0.00000000001 && value > 1) {
                    v2 = Math.floor(v2);
                }
                return fixed2(v2) + prefixes[i];
            }
        }
        double v = value;
        if (v - Math.floor(v) < 0.00000000001 && v > 1) {
            v = Math.floor(v);
        }
        return fixed2(v);
    }

    /** C's {@code %.2f}: the exact binary value rounded half-even to two decimals. */
    static String fixed2(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return PyFormat.floatRepr(value);
        }
        return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }
}
