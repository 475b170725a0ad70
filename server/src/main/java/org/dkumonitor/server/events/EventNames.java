package org.dkumonitor.server.events;

/**
 * What an event may be called, so that its name and fields become Graphite paths that can be
 * queried: a node is 1 to {@value #MAX_NODE} characters, letters, digits and {@code _-:+@#$%}
 * (no dot, space, {@code ;=~}, slash, quote, bracket, comma or glob character); an event name
 * or a measurement is one or more nodes joined by dots. A uid may be anything.
 */
public final class EventNames {

    static final int MAX_NODE = 200;
    static final int MAX_NAME = 1000;
    private static final String PUNCTUATION = "_-:+@#$%";

    private EventNames() {
    }

    /** Whether the text is a valid path node. */
    public static boolean isNode(String text) {
        if (text.isEmpty() || text.length() > MAX_NODE) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c) && PUNCTUATION.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the text is nodes joined by dots. */
    public static boolean isPath(String text) {
        if (text.isEmpty() || text.length() > MAX_NAME) {
            return false;
        }
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '.') {
                if (!isNode(text.substring(start, i))) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    static void requireNode(String what, String text) {
        if (!isNode(text)) {
            throw new BadEventException(what + " '" + shown(text) + "' is not a valid path node:"
                    + " use 1.." + MAX_NODE + " letters, digits or " + PUNCTUATION
                    + " (no dots, spaces or ;=~)");
        }
    }

    static void requirePath(String what, String text) {
        if (!isPath(text)) {
            throw new BadEventException(what + " '" + shown(text) + "' is not a valid Graphite"
                    + " path: nodes of letters, digits or " + PUNCTUATION + " joined by dots"
                    + " (no empty node, spaces or ;=~)");
        }
    }

    /** Text for an error message: control characters as '?', long text cut. */
    static String shown(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(c < ' ' || c == 127 ? '?' : c);
        }
        return out.toString();
    }

    /**
     * A tag value Graphite accepts: characters it refuses in tag values (space, {@code ;},
     * control characters, a leading {@code ~}) become {@code _}; an empty value becomes
     * {@code _}. The event keeps the value as sent; only the series name uses this.
     */
    static String tagValue(String value) {
        if (value.isEmpty()) {
            return "_";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean refused = c <= ' ' || c == 127 || c == ';' || Character.isWhitespace(c)
                    || i == 0 && c == '~';
            out.append(refused ? '_' : c);
        }
        return out.toString();
    }
}
