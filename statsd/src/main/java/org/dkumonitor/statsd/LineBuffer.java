package org.dkumonitor.statsd;

import java.util.Arrays;

/**
 * The carbon plaintext lines of one flush ({@code name value timestamp\n}, ASCII: keys are
 * sanitised, prefixes checked), handed to the {@link FlushOutput} in chunks of about
 * {@value #CHUNK_BYTES} bytes, so that a flush of any size needs little memory at once (in the
 * agent's small heap, a chunk queued for its sender is one of the few objects a flush keeps
 * alive across young collections: large ones were promoted and grew the old generation).
 */
final class LineBuffer {

    static final int CHUNK_BYTES = 32 * 1024;

    private final FlushOutput output;
    private final StringBuilder number = new StringBuilder(32);
    private byte[] bytes = new byte[CHUNK_BYTES + 8192];
    private int length;
    private int lines;
    private long totalBytes;
    private int totalLines;
    private long timestamp;

    LineBuffer(FlushOutput output) {
        this.output = output;
    }

    void timestamp(long seconds) {
        this.timestamp = seconds;
    }

    /** The name so far, to which {@link #value} adds the value, timestamp and newline. */
    LineBuffer name(CharSequence text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
        return this;
    }

    LineBuffer name(byte[] b, int from, int to) {
        ensure(to - from);
        System.arraycopy(b, from, bytes, length, to - from);
        length += to - from;
        return this;
    }

    LineBuffer dot() {
        ensure(1);
        bytes[length++] = '.';
        return this;
    }

    /** Ends the line: {@code " " + String(value) + " " + timestamp + "\n"}. */
    void value(double value) {
        number.setLength(0);
        number.append(' ');
        JsNumber.append(number, value);
        number.append(' ').append(timestamp).append('\n');
        name(number);
        lines++;
        if (length >= CHUNK_BYTES) {
            flushChunk();
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    /** Hands over what is buffered. */
    void flushChunk() {
        if (length > 0) {
            output.write(bytes, length, lines);
            totalBytes += length;
            totalLines += lines;
            length = 0;
            lines = 0;
        }
    }

    /** Bytes written so far, statsd's {@code flush_length}. */
    long totalBytes() {
        return totalBytes + length;
    }

    int totalLines() {
        return totalLines + lines;
    }
}
