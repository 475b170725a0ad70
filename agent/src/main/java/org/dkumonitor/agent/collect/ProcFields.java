package org.dkumonitor.agent.collect;

/**
 * Reads one {@code Key: number} field out of a /proc text such as {@code /proc/PID/status} or
 * {@code /proc/PID/io}, without splitting every line: the processes collector reads a few
 * fields from hundreds of these files each round.
 */
public final class ProcFields {

    private ProcFields() {
    }

    /**
     * The words of a line separated by spaces and tabs, as {@code line.trim().split("\\s+")}
     * gives them but without compiling a regex at each call (the collectors split a few hundred
     * lines a round); none for a blank line.
     */
    public static String[] words(String line) {
        int count = 0;
        int length = line.length();
        for (int i = 0; i < length; i++) {
            if (!isSpace(line.charAt(i)) && (i == 0 || isSpace(line.charAt(i - 1)))) {
                count++;
            }
        }
        String[] words = new String[count];
        int n = 0;
        int i = 0;
        while (n < count) {
            while (isSpace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < length && !isSpace(line.charAt(i))) {
                i++;
            }
            words[n++] = line.substring(start, i);
        }
        return words;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    /** The number after {@code key:} at the start of a line, or -1 when absent. */
    public static long field(String text, String key) {
        int at = text.startsWith(key + ":") ? 0 : text.indexOf("\n" + key + ":");
        if (at < 0) {
            return -1;
        }
        int i = at + (at == 0 ? 0 : 1) + key.length() + 1;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            value = value * 10 + (text.charAt(i) - '0');
            i++;
            digits++;
        }
        return digits == 0 ? -1 : value;
    }
}
