package org.dkumonitor.agent.collect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one reader of {@code /proc/PID/stat} (proc(5)): the processes collector reads it for every
 * process of the host each round and the supervisor watch for one process every few seconds, so
 * it reads into a buffer it keeps and finds the fields as byte offsets, allocating nothing.
 *
 * <p>The format: {@code pid (comm) state f4 f5 ...}, one line of space-separated fields numbered
 * from 1 as proc(5) numbers them. The comm (field 2) is the executable's name cut to 15 bytes
 * and may hold spaces and parentheses, so the fields after it are found from the last
 * {@code ')'}. Field 3 is the state letter; every field after it is a decimal integer, some
 * negative (priority, nice), some unsigned 64-bit (addresses, signal masks). A file that is gone,
 * fills the buffer (so may be cut), has no {@code ')'}, or holds anything else where a number
 * belongs is not read.
 */
public final class ProcStat {

    /** The state, field 3: the letter after {@code ") "}. */
    public static final int STATE = 3;
    public static final int MINFLT = 10;
    public static final int MAJFLT = 12;
    public static final int UTIME = 14;
    public static final int STIME = 15;
    public static final int NUM_THREADS = 20;
    /** When the process started, in clock ticks after boot: with the pid, names one process. */
    public static final int START_TIME = 22;
    public static final int VSIZE = 23;
    public static final int RSS = 24;
    public static final int START_STACK = 28;
    public static final int KSTKESP = 29;

    /** A stat is a few hundred bytes; one that fills this may be cut and is not read. */
    private static final int MAX_BYTES = 4096;
    /** Kernels up to 6.x write 52 fields; room for a few more. */
    private static final int MAX_FIELDS = 64;

    private final byte[] bytes = new byte[MAX_BYTES];
    /** Where field {@code n} starts, at index n; fields 1 and 2 are not indexed. */
    private final int[] starts = new int[MAX_FIELDS + 1];
    private int length;
    private int fields;
    private int commEnd;

    /**
     * Reads {@code relative} (such as {@code 4242/stat}) under {@code proc}; false when it is
     * gone, unreadable, cut short or not a stat, and then no field is there.
     */
    public boolean read(ProcFiles proc, String relative) {
        return parse(proc.readInto(relative, bytes));
    }

    private boolean parse(int read) {
        fields = 0;
        length = read;
        if (read <= 0 || read == bytes.length) {
            return false;
        }
        int end = read;
        if (bytes[end - 1] == '\n') {
            end--;
        }
        int close = end - 1;
        while (close >= 0 && bytes[close] != ')') {
            close--;
        }
        if (close < 0 || close + 2 >= end || bytes[close + 1] != ' ') {
            return false;
        }
        commEnd = close;
        int count = STATE - 1;
        int at = close + 2;
        while (at < end) {
            count++;
            if (count > MAX_FIELDS) {
                return false;
            }
            starts[count] = at;
            int stop = at;
            while (stop < end && bytes[stop] != ' ') {
                stop++;
            }
            if (stop == at || (count == STATE ? stop - at != 1 : !isNumber(at, stop))) {
                return false;
            }
            at = stop + 1;
        }
        fields = count;
        length = end;
        return true;
    }

    private boolean isNumber(int from, int to) {
        int i = bytes[from] == '-' && to - from > 1 ? from + 1 : from;
        for (; i < to; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /** The number of the last field read, 0 when the last read failed. */
    public int fields() {
        return fields;
    }

    /** The state letter (R, S, D, Z, T, ...). */
    public char state() {
        check(STATE);
        return (char) (bytes[starts[STATE]] & 0xff);
    }

    /**
     * Field {@code field} as a number; unsigned 64-bit fields (addresses) come back as
     * {@link Long#parseUnsignedLong} gives them.
     */
    public long number(int field) {
        check(field);
        int at = starts[field];
        boolean negative = bytes[at] == '-';
        long value = 0;
        for (int i = negative ? at + 1 : at; i < length && bytes[i] != ' '; i++) {
            value = value * 10 + (bytes[i] - '0');
        }
        return negative ? -value : value;
    }

    /** Whether field {@code field} is there and holds exactly {@code text}'s bytes. */
    public boolean fieldEquals(int field, byte[] text) {
        if (field > fields || field <= STATE) {
            return false;
        }
        int at = starts[field];
        int end = fieldEnd(at);
        return end - at == text.length && Arrays.equals(bytes, at, end, text, 0, text.length);
    }

    /** Field {@code field} as text. */
    public String text(int field) {
        check(field);
        int at = starts[field];
        return new String(bytes, at, fieldEnd(at) - at, StandardCharsets.ISO_8859_1);
    }

    /** The comm, field 2: the executable's name without its parentheses. */
    public String comm() {
        check(STATE);
        int open = 0;
        while (open < commEnd && bytes[open] != '(') {
            open++;
        }
        return open == commEnd ? "" : new String(bytes, open + 1, commEnd - open - 1,
                StandardCharsets.ISO_8859_1);
    }

    private int fieldEnd(int at) {
        int end = at;
        while (end < length && bytes[end] != ' ') {
            end++;
        }
        return end;
    }

    private void check(int field) {
        if (field < STATE || field > fields) {
            throw new IllegalStateException("no field " + field + " in the stat read ("
                    + fields + " fields)");
        }
    }
}
