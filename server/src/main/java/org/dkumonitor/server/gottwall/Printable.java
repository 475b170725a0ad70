package org.dkumonitor.server.gottwall;

/** Client-supplied text made safe to put in a message or a log line: short, no controls. */
final class Printable {

    private static final int MAX = 80;

    private Printable() {
    }

    /** {@code 'text'}, with control characters as {@code \xNN} and cut after 80 characters. */
    static String of(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX) + 8).append('\'');
        for (int i = 0; i < text.length() && i < MAX; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(text.length() > MAX ? "…'" : "'").toString();
    }
}
