package org.dkumonitor.server.render;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses graphite-web's from/until values: {@code now}, epoch seconds, and relative offsets such
 * as {@code -24h}, {@code -5min}, {@code -1h30min} (units by prefix: s, min, h, d, w, mon, y).
 */
public final class AtTime {

    private static final Pattern OFFSET_PART = Pattern.compile("(\\d+)([a-z]+)");

    private AtTime() {
    }

    public static long parse(String text, long now) {
        String value = text.strip().toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "")
                .replace(",", "");
        if (value.equals("now") || value.isEmpty()) {
            return now;
        }
        if (value.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(value);
        }
        if (value.startsWith("now") && value.length() > 3) {
            return now + offset(value.substring(3), text);
        }
        if (value.startsWith("-") || value.startsWith("+")) {
            return now + offset(value, text);
        }
        throw new TimeFormatException(text, "expected now, epoch seconds or an offset like -24h");
    }

    /** A signed sum of number+unit groups, e.g. {@code -1h30min}. */
    static long offset(String value, String original) {
        int sign = value.charAt(0) == '-' ? -1 : 1;
        String rest = value.substring(1);
        Matcher part = OFFSET_PART.matcher(rest);
        long seconds = 0;
        int end = 0;
        while (part.find() && part.start() == end) {
            seconds += Long.parseLong(part.group(1)) * unitSeconds(part.group(2), original);
            end = part.end();
        }
        if (end != rest.length() || end == 0) {
            throw new TimeFormatException(original, "expected an offset like -24h or -5min");
        }
        return sign * seconds;
    }

    private static long unitSeconds(String unit, String original) {
        if (unit.startsWith("s")) {
            return 1;
        }
        if (unit.startsWith("min")) {
            return 60;
        }
        if (unit.startsWith("h")) {
            return 3600;
        }
        if (unit.startsWith("d")) {
            return 86_400;
        }
        if (unit.startsWith("w")) {
            return 604_800;
        }
        if (unit.startsWith("mon")) {
            return 2_592_000;
        }
        if (unit.startsWith("y")) {
            return 31_536_000;
        }
        throw new TimeFormatException(original, "invalid offset unit '" + unit + "'");
    }
}
