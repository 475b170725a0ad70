package org.dkumonitor.server.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.dkumonitor.server.carbon.NameCache;
import org.dkumonitor.server.carbon.PointBatch;

/**
 * Reads a segment of the write-ahead log back, one block at a time: memory is one block (a
 * receiver's batch, bounded by {@value #MAX_BLOCK_BYTES}) whatever the segment's size, so a log
 * of any length replays in a bounded heap. Each block becomes one {@link PointBatch}, handed to
 * the consumer before the next is read (the consumer may block while the cache is full). Names
 * repeated across blocks are decoded once ({@link NameCache}).
 *
 * <p>Format (see {@link WriteAheadLog}): blocks of {@code int length, int crc32c, payload}, the
 * payload records of {@code ushort nameLength, name (UTF-8), uint32 timestamp, float64 value},
 * big-endian. Reading stops at the first torn or corrupt block: the tail a crash cut short.
 */
final class SegmentReader {

    static final int BLOCK_HEADER = 8;
    /** Larger than any batch a receiver stores; a longer length is a corrupt header. */
    static final int MAX_BLOCK_BYTES = 256 * 1024 * 1024;
    private static final int RECORD_FIXED = 2 + 4 + 8;

    private final NameCache names = new NameCache();
    private final PointBatch batch = new PointBatch();
    private final ByteBuffer header = ByteBuffer.allocate(BLOCK_HEADER);
    private ByteBuffer block = ByteBuffer.allocate(64 * 1024);

    /** What reading one segment found. */
    record Result(long points, long ignoredBytes) {
    }

    /** Streams every whole block of the segment to {@code sink}. */
    Result read(Path file, Consumer<PointBatch> sink) throws IOException {
        long points = 0;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            long at = 0;
            while (size - at >= BLOCK_HEADER) {
                readFully(in, header.clear(), at);
                int length = header.getInt(0);
                int crc = header.getInt(4);
                if (length < 0 || length > MAX_BLOCK_BYTES || length > size - at - BLOCK_HEADER) {
                    break;
                }
                if (block.capacity() < length) {
                    block = ByteBuffer.allocate(Math.max(length, block.capacity() * 2));
                }
                readFully(in, block.clear().limit(length), at + BLOCK_HEADER);
                CRC32C check = new CRC32C();
                check.update(block.array(), 0, length);
                if ((int) check.getValue() != crc || !decode(block.array(), length)) {
                    break;
                }
                points += batch.size();
                sink.accept(batch);
                batch.clear();
                at += BLOCK_HEADER + length;
            }
            return new Result(points, size - at);
        }
    }

    /** Decodes a block's records into the batch; false (batch cleared) if they do not fit. */
    private boolean decode(byte[] bytes, int length) {
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        while (in.hasRemaining()) {
            if (in.remaining() < RECORD_FIXED) {
                batch.clear();
                return false;
            }
            int nameLength = in.getShort() & 0xFFFF;
            int start = in.position();
            if (in.remaining() < nameLength + 12) {
                batch.clear();
                return false;
            }
            String name = names.lookup(bytes, start, start + nameLength);
            if (name == null) {
                name = new String(bytes, start, nameLength, StandardCharsets.UTF_8);
                names.put(bytes, start, start + nameLength, name);
            }
            byte[] utf8 = names.lastUtf8();
            in.position(start + nameLength);
            long timestamp = Integer.toUnsignedLong(in.getInt());
            batch.add(name, utf8, timestamp, in.getDouble());
        }
        return true;
    }

    private static void readFully(FileChannel in, ByteBuffer target, long at) throws IOException {
        long position = at;
        while (target.hasRemaining()) {
            int read = in.read(target, position);
            if (read < 0) {
                throw new IOException("segment ended while being read");
            }
            position += read;
        }
        target.flip();
    }
}
