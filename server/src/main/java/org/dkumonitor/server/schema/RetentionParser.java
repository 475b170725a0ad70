package org.dkumonitor.server.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dkumonitor.server.whisper.Retention;

/**
 * Parses carbon's retention definitions, {@code precision:duration[,...]} such as
 * {@code 10s:6h,1m:7d}. Units are single lower-case letters (s, m, h, d, w, y = 365 days); a bare
 * number is seconds on the left and a count of points on the right, as carbon reads them (not
 * go-carbon, which reads {@code 1m:1440} as 24 points).
 */
public final class RetentionParser {

    private static final Pattern PART = Pattern.compile("(\\d+)([smhdwy]?)");

    private RetentionParser() {
    }

    public static List<Retention> parseList(String definitions) {
        List<Retention> retentions = new ArrayList<>();
        for (String definition : definitions.split(",")) {
            retentions.add(parse(definition.trim()));
        }
        return retentions;
    }

    public static Retention parse(String definition) {
        String[] sides = definition.split(":", -1);
        if (sides.length != 2) {
            throw new IllegalArgumentException("retention '" + definition
                    + "' must be precision:duration, e.g. 10s:1d");
        }
        long precision = seconds(sides[0], definition);
        Matcher duration = PART.matcher(sides[1]);
        if (!duration.matches()) {
            throw invalid(sides[1], definition);
        }
        long points = duration.group(2).isEmpty()
                ? Long.parseLong(duration.group(1))
                : seconds(sides[1], definition) / precision;
        if (precision <= 0 || precision > Integer.MAX_VALUE || points <= 0
                || points > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("retention '" + definition
                    + "' gives " + points + " points of " + precision + "s");
        }
        return new Retention((int) precision, (int) points);
    }

    private static long seconds(String text, String definition) {
        Matcher matcher = PART.matcher(text);
        if (!matcher.matches()) {
            throw invalid(text, definition);
        }
        long value = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "", "s" -> value;
            case "m" -> value * 60;
            case "h" -> value * 3600;
            case "d" -> value * 86_400;
            case "w" -> value * 604_800;
            case "y" -> value * 31_536_000;
            default -> throw invalid(text, definition);
        };
    }

    private static IllegalArgumentException invalid(String part, String definition) {
        return new IllegalArgumentException("'" + part + "' in retention '" + definition
                + "' is not a number with an optional unit s, m, h, d, w or y");
    }
}
