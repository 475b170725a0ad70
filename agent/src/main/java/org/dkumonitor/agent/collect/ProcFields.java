package org.dkumonitor.agent.collect;

import java.nio.charset.StandardCharsets;

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
        return field(text.getBytes(StandardCharsets.ISO_8859_1), text.length(), key(key));
    }

    /** {@code key:} in ISO-8859-1, the form {@link #field(byte[], int, byte[])} looks for. */
    public static byte[] key(String key) {
        return (key + ":").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The number after {@code key} (made by {@link #key}) at the start of a line of the first
     * {@code length} bytes of a buffer, or -1 when absent: the processes collector reads the
     * status of every thread of its groups' processes each round, into one reused buffer.
     */
    public static long field(byte[] text, int length, byte[] key) {
        for (int line = 0; line < length; ) {
            if (startsWith(text, line, length, key)) {
                int i = line + key.length;
                while (i < length && (text[i] == ' ' || text[i] == '\t')) {
                    i++;
                }
                long value = 0;
                int digits = 0;
                while (i < length && text[i] >= '0' && text[i] <= '9') {
                    value = value * 10 + (text[i] - '0');
                    i++;
                    digits++;
                }
                return digits == 0 ? -1 : value;
            }
            while (line < length && text[line] != '\n') {
                line++;
            }
            line++;
        }
        return -1;
    }

    private static boolean startsWith(byte[] text, int from, int length, byte[] key) {
        if (from + key.length > length) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (text[from + i] != key[i]) {
                return false;
            }
        }
        return true;
    }
}
