package org.dkumonitor.server.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows in ClickHouse's RowBinary format, written into one growable array that is reused
 * between inserts. Every value is little-endian: {@code UInt16} (a {@code Date} is the day
 * number since 1970-01-01), {@code UInt32}, {@code Float64} (IEEE-754); a {@code String} is its
 * length as an unsigned LEB128 varint, then its bytes; an {@code Array(T)} is its element count
 * as a varint, then the elements.
 */
final class RowBinary {

    private byte[] bytes;
    private int size;

    RowBinary(int capacity) {
        bytes = new byte[capacity];
    }

    int size() {
        return size;
    }

    byte[] bytes() {
        return bytes;
    }

    void clear() {
        size = 0;
    }

    /** Drops what was written after {@code mark} (a row cut short). */
    void truncate(int mark) {
        size = mark;
    }

    RowBinary uint16(int value) {
        ensure(2);
        bytes[size++] = (byte) value;
        bytes[size++] = (byte) (value >>> 8);
        return this;
    }

    RowBinary uint32(long value) {
        ensure(4);
        int v = (int) value;
        bytes[size++] = (byte) v;
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 24);
        return this;
    }

    RowBinary float64(double value) {
        ensure(8);
        long v = Double.doubleToRawLongBits(value);
        for (int i = 0; i < 8; i++) {
            bytes[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    RowBinary varint(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
        return this;
    }

    RowBinary string(byte[] source, int offset, int length) {
        varint(length);
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
        return this;
    }

    RowBinary string(byte[] utf8) {
        return string(utf8, 0, utf8.length);
    }

    RowBinary string(String text) {
        return string(text.getBytes(StandardCharsets.UTF_8));
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
