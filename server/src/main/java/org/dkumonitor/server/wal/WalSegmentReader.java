package org.dkumonitor.server.wal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads a segment of the write-ahead log (the format is in {@link WriteAheadLog}'s comment)
 * block by block, in memory bounded by the largest block, and hands every record to a visitor
 * with its name as bytes of a reused buffer: replay makes strings of them, the ClickHouse
 * uploader copies them into its insert as they are. Reading stops at the first torn or corrupt
 * block, the tail a crash cut short.
 */
public final class WalSegmentReader {

    private static final int BLOCK_HEADER = 8;
    private static final int RECORD_FIXED = 2 + 4 + 8;

    /** One point of the log; {@code name} is only valid during the call. */
    @FunctionalInterface
    public interface RecordVisitor {
        void record(byte[] name, int offset, int length, long timestamp, double value)
                throws IOException;
    }

    private WalSegmentReader() {
    }

    /**
     * Visits every record of the segment's whole blocks, in order; returns how many bytes at
     * the end were ignored (0 for a segment closed cleanly).
     */
    public static long read(Path segment, RecordVisitor visitor) throws IOException {
        long size = Files.size(segment);
        long position = 0;
        byte[] header = new byte[BLOCK_HEADER];
        byte[] block = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(segment)) {
            while (size - position >= BLOCK_HEADER) {
                if (in.readNBytes(header, 0, BLOCK_HEADER) < BLOCK_HEADER) {
                    break;
                }
                int length = int32(header, 0);
                int crc = int32(header, 4);
                if (length < 0 || length > size - position - BLOCK_HEADER) {
                    break;
                }
                if (block.length < length) {
                    block = new byte[Math.max(length, block.length * 2)];
                }
                if (in.readNBytes(block, 0, length) < length) {
                    break;
                }
                CRC32C check = new CRC32C();
                check.update(block, 0, length);
                if ((int) check.getValue() != crc || !visitBlock(block, length, visitor)) {
                    break;
                }
                position += BLOCK_HEADER + length;
            }
        }
        return size - position;
    }

    /** Visits a checked block's records; false when they do not fill it exactly. */
    private static boolean visitBlock(byte[] block, int length, RecordVisitor visitor)
            throws IOException {
        int at = 0;
        while (at < length) {
            if (length - at < RECORD_FIXED) {
                return false;
            }
            int nameLength = (block[at] & 0xFF) << 8 | block[at + 1] & 0xFF;
            int name = at + 2;
            int after = name + nameLength;
            if (after + 12 > length) {
                return false;
            }
            long timestamp = Integer.toUnsignedLong(int32(block, after));
            double value = Double.longBitsToDouble((long) int32(block, after + 4) << 32
                    | Integer.toUnsignedLong(int32(block, after + 8)));
            visitor.record(block, name, nameLength, timestamp, value);
            at = after + 12;
        }
        return true;
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8
                | b[at + 3] & 0xFF;
    }
}
