package org.dkumonitor.core.config;

/**
 * Thrown by a config record's compact constructor when one of its values breaks a rule. The
 * loader adds the file, the position and the full key path.
 */
public final class InvalidValueException extends IllegalArgumentException {

    private final String key;
    private final String rule;
    private final transient Object value;

    public InvalidValueException(String key, String rule, Object value) {
        super(key + ": " + rule + ", found " + render(value));
        this.key = key;
        this.rule = rule;
        this.value = value;
    }

    /** The key inside the record that threw, e.g. {@code port}. */
    public String key() {
        return key;
    }

    public String rule() {
        return rule;
    }

    public String renderedValue() {
        return render(value);
    }

    private static String render(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof CharSequence text) {
            return "'" + text + "'";
        }
        return String.valueOf(value);
    }
}
