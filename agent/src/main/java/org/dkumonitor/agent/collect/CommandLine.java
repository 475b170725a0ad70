package org.dkumonitor.agent.collect;

import java.nio.charset.StandardCharsets;

/**
 * A command line as collectd reads it (at most {@value #MAX_BYTES} bytes, NULs as spaces,
 * trailing whitespace dropped), as characters over a reused byte buffer: the processes
 * collector's regexes search it without a string being made for each of the host's processes
 * every round.
 */
final class CommandLine implements CharSequence {

    /** collectd reads a command line into 4096 bytes, its terminating NUL included. */
    static final int MAX_BYTES = 4095;

    private final byte[] bytes = new byte[MAX_BYTES];
    private int length;

    /** Reads the file; empty when it is gone, unreadable or empty. */
    CharSequence read(ProcFiles proc, String relative) {
        int n = proc.readInto(relative, bytes);
        while (n > 0 && Character.isWhitespace(charAt(n - 1))) {
            n--;
        }
        length = Math.max(0, n);
        return this;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        byte b = bytes[index];
        return b == 0 ? ' ' : (char) (b & 0xff);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().substring(start, end);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1).replace('\0', ' ');
    }
}
