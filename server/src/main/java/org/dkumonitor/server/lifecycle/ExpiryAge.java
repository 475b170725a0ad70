package org.dkumonitor.server.lifecycle;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An expiry age as written in server.yaml and on the command line: {@code 30d}, {@code 12w}. */
public final class ExpiryAge {

    private static final Pattern AGE = Pattern.compile("([1-9][0-9]{0,6})([hdwy])");

    private ExpiryAge() {
    }

    /** Seconds; IllegalArgumentException with the rule when {@code text} is not an age. */
    public static long seconds(String text) {
        Matcher age = AGE.matcher(text == null ? "" : text.strip());
        if (!age.matches()) {
            throw new IllegalArgumentException("must be a number of hours, days, weeks or"
                    + " years, such as 30d or 12w");
        }
        long unit = switch (age.group(2)) {
            case "h" -> 3600;
            case "d" -> 86_400;
            case "w" -> 604_800;
            default -> 31_536_000;
        };
        return Long.parseLong(age.group(1)) * unit;
    }
}
