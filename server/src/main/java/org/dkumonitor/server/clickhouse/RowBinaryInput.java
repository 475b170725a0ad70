package org.dkumonitor.server.clickhouse;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads ClickHouse's RowBinary answers (the format of {@link RowBinary}) from a stream, through
 * a buffer of its own, so an answer of millions of rows is never held whole.
 */
final class RowBinaryInput {

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;

    RowBinaryInput(InputStream in) {
        this.in = in;
    }

    /** True when the answer has no more bytes (checked between rows). */
    boolean atEnd() throws IOException {
        return !fill(1);
    }

    int uint8() throws IOException {
        need(1);
        return buffer[position++] & 0xFF;
    }

    long uint32() throws IOException {
        need(4);
        long v = (buffer[position] & 0xFFL) | (buffer[position + 1] & 0xFFL) << 8
                | (buffer[position + 2] & 0xFFL) << 16 | (buffer[position + 3] & 0xFFL) << 24;
        position += 4;
        return v;
    }

    long uint64() throws IOException {
        need(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (buffer[position + i] & 0xFFL);
        }
        position += 8;
        return v;
    }

    double float64() throws IOException {
        return Double.longBitsToDouble(uint64());
    }

    long varint() throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = uint8();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("a RowBinary length longer than 64 bits");
    }

    String string() throws IOException {
        long length = varint();
        if (length > Integer.MAX_VALUE - 16) {
            throw new IOException("a RowBinary string of " + length + " bytes");
        }
        int n = (int) length;
        if (n <= buffer.length) {
            need(n);
            String s = new String(buffer, position, n, StandardCharsets.UTF_8);
            position += n;
            return s;
        }
        byte[] big = new byte[n];
        int copied = limit - position;
        System.arraycopy(buffer, position, big, 0, copied);
        position = limit;
        for (int at = copied; at < n;) {
            int read = in.read(big, at, n - at);
            if (read < 0) {
                throw new EOFException("a RowBinary string cut short");
            }
            at += read;
        }
        return new String(big, StandardCharsets.UTF_8);
    }

    private void need(int n) throws IOException {
        if (!fill(n)) {
            throw new EOFException("a RowBinary answer cut short");
        }
    }

    private boolean fill(int n) throws IOException {
        if (limit - position >= n) {
            return true;
        }
        System.arraycopy(buffer, position, buffer, 0, limit - position);
        limit -= position;
        position = 0;
        while (limit < n) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                return false;
            }
            limit += read;
        }
        return true;
    }
}
