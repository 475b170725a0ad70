package org.dkumonitor.supervisor.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dkumonitor.core.DkmException;

/** Replaces {@code ${NAME}} with a variable's value; an unknown variable is an error. */
public final class Expansion {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private Expansion() {
    }

    public static String expand(String text, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = variables.get(matcher.group(1));
            if (value == null) {
                throw new DkmException("'" + text + "' uses ${" + matcher.group(1)
                        + "}, which is not set in the supervisor's environment");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
