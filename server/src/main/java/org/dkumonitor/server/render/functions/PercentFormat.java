package org.dkumonitor.server.render.functions;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dkumonitor.server.python.PyFormat;

/**
 * Python's {@code "text %d" % value} for one number, as aliasQuery uses it: {@code %d %i %s
 * %r %f %.Nf %g %e %%}. Anything else is refused with a message.
 */
final class PercentFormat {

    private static final Pattern SPEC = Pattern.compile("%(\\.(\\d+))?([diseEfFgGr%])");

    private PercentFormat() {
    }

    static String format(String template, double value) {
        Matcher m = SPEC.matcher(template);
        StringBuilder out = new StringBuilder();
        int used = 0;
        while (m.find()) {
            char conversion = m.group(3).charAt(0);
            String text;
            if (conversion == '%') {
                text = "%";
            } else {
                used++;
                int precision = m.group(2) == null ? 6 : Integer.parseInt(m.group(2));
                text = switch (conversion) {
                    case 'd', 'i' -> new BigDecimal(value).setScale(0, RoundingMode.DOWN)
                            .toPlainString();
                    case 's', 'r' -> PyFormat.floatRepr(value);
                    case 'f', 'F' -> new BigDecimal(value).setScale(precision,
                            RoundingMode.HALF_EVEN).toPlainString();
                    case 'g', 'G' -> PyFormat.g(value);
                    default -> String.format("%." + precision + "e", value);
                };
            }
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        if (used != 1) {
            throw new FunctionArgumentException("newName '" + template
                    + "' must hold exactly one format such as %d or %s");
        }
        return out.toString();
    }
}
