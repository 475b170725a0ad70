package org.dkumonitor.server.events.log;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The bytes of one record in a segment file, big-endian:
 *
 * <pre>
 * offset  size  field
 *  0       4    payload length L (1 .. {@value #MAX_PAYLOAD})
 *  4       4    CRC-32C of bytes 8 .. 16+L (time and payload)
 *  8       8    time, nanoseconds since the epoch (never decreasing within a log)
 * 16       L    payload
 * 16+L     4    L again, so that a reader can walk the segment backwards
 * </pre>
 *
 * A segment is a run of whole records; whatever follows the last record that checks out (a
 * write cut short by a crash) is not part of the log.
 */
final class RecordFormat {

    static final int HEADER = 16;
    static final int TRAILER = 4;
    static final int OVERHEAD = HEADER + TRAILER;
    static final int MAX_PAYLOAD = 64 * 1024 * 1024;
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(
            ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(
            ByteOrder.BIG_ENDIAN);

    private RecordFormat() {
    }

    /** Writes a record at {@code at} of {@code into}; returns the offset after it. */
    static int encode(byte[] into, int at, long timeNanos, byte[] payload) {
        putInt(into, at, payload.length);
        putLong(into, at + 8, timeNanos);
        System.arraycopy(payload, 0, into, at + HEADER, payload.length);
        CRC32C crc = new CRC32C();
        crc.update(into, at + 8, 8 + payload.length);
        putInt(into, at + 4, (int) crc.getValue());
        putInt(into, at + HEADER + payload.length, payload.length);
        return at + OVERHEAD + payload.length;
    }

    /**
     * The length of the whole record at {@code offset} of the first {@code size} bytes, or -1
     * when there is no whole, intact record there.
     */
    static long check(MemorySegment bytes, long offset, long size) {
        if (size - offset < OVERHEAD) {
            return -1;
        }
        int length = bytes.get(INT, offset);
        if (length <= 0 || length > MAX_PAYLOAD || size - offset < OVERHEAD + (long) length) {
            return -1;
        }
        if (bytes.get(INT, offset + HEADER + length) != length) {
            return -1;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.asSlice(offset + 8, 8 + (long) length).asByteBuffer());
        if ((int) crc.getValue() != bytes.get(INT, offset + 4)) {
            return -1;
        }
        return OVERHEAD + (long) length;
    }

    static long time(MemorySegment bytes, long offset) {
        return bytes.get(LONG, offset + 8);
    }

    static int length(MemorySegment bytes, long offset) {
        return bytes.get(INT, offset);
    }

    private static void putInt(byte[] into, int at, int value) {
        into[at] = (byte) (value >>> 24);
        into[at + 1] = (byte) (value >>> 16);
        into[at + 2] = (byte) (value >>> 8);
        into[at + 3] = (byte) value;
    }

    private static void putLong(byte[] into, int at, long value) {
        putInt(into, at, (int) (value >>> 32));
        putInt(into, at + 4, (int) value);
    }
}
