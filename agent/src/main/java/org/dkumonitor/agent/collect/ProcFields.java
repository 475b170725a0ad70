package org.dkumonitor.agent.collect;

/**
 * Reads one {@code Key: number} field out of a /proc text such as {@code /proc/PID/status} or
 * {@code /proc/PID/io}, without splitting every line: the processes collector reads a few
 * fields from hundreds of these files each round.
 */
final class ProcFields {

    private ProcFields() {
    }

    /** The number after {@code key:} at the start of a line, or -1 when absent. */
    static long field(String text, String key) {
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
