package org.dkumonitor.core.config;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks used by config records' compact constructors; each failure names its key. */
public final class ConfigRules {

    private ConfigRules() {
    }

    public static int port(String key, int value) {
        return between(key, value, 1, 65535);
    }

    public static int between(String key, int value, int lowest, int highest) {
        if (value < lowest || value > highest) {
            throw new InvalidValueException(key, "must be " + lowest + ".." + highest, value);
        }
        return value;
    }

    public static long between(String key, long value, long lowest, long highest) {
        if (value < lowest || value > highest) {
            throw new InvalidValueException(key, "must be " + lowest + ".." + highest, value);
        }
        return value;
    }

    public static String notBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(key, "must not be empty", value);
        }
        return value;
    }

    public static <T> T present(String key, T value) {
        if (value == null) {
            throw new InvalidValueException(key, "is required", null);
        }
        return value;
    }

    public static Pattern regex(String key, String value) {
        notBlank(key, value);
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new InvalidValueException(key,
                    "must be a valid regular expression (" + e.getDescription() + ")", value);
        }
    }
}
