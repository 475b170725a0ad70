package org.dkumonitor.server.events.log;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One file of the log, {@code <16-digit number>.log}: its readable size (what was synced, for
 * the segment being written; the prefix of whole records, for a closed one) and the times of
 * its first and last record, found when first asked. Reads map the file for the scan only.
 */
final class Segment {

    static final String SUFFIX = ".log";

    final Path file;
    final long number;
    private volatile long readableSize;
    private volatile boolean validated;
    private volatile long firstTime = Long.MIN_VALUE;
    private volatile long lastTime = Long.MIN_VALUE;

    Segment(Path file, long number, long size, boolean validated) {
        this.file = file;
        this.number = number;
        this.readableSize = size;
        this.validated = validated;
    }

    static String fileName(long number) {
        return String.format("%016d%s", number, SUFFIX);
    }

    /** Bytes of whole records (the segment being written: those synced so far). */
    long size() throws IOException {
        if (!validated) {
            synchronized (this) {
                if (!validated) {
                    readableSize = validPrefix(file, readableSize);
                    validated = true;
                }
            }
        }
        return readableSize;
    }

    /** The writer's word that {@code size} bytes are synced. */
    void synced(long size, long recordTime) {
        readableSize = size;
        if (firstTime == Long.MIN_VALUE) {
            firstTime = recordTime;
        }
        lastTime = recordTime;
    }

    /** Time of the first record, or Long.MIN_VALUE when empty. */
    long firstTime() throws IOException {
        if (firstTime == Long.MIN_VALUE) {
            scan(false, (time, payload) -> {
                firstTime = time;
                return false;
            });
        }
        return firstTime;
    }

    /** Time of the last record, or Long.MIN_VALUE when empty. */
    long lastTime() throws IOException {
        if (lastTime == Long.MIN_VALUE) {
            scan(true, (time, payload) -> {
                lastTime = time;
                return false;
            });
        }
        return lastTime;
    }

    /**
     * Visits the records, oldest first or newest first, until the visitor says stop; false
     * when it stopped. A segment deleted meanwhile (retention) has no records.
     */
    boolean scan(boolean newestFirst, RecordVisitor visitor) throws IOException {
        long size = size();
        if (size == 0) {
            return true;
        }
        try (Arena arena = Arena.ofConfined();
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            if (newestFirst) {
                long end = size;
                while (end > 0) {
                    int length = bytes.get(RecordFormat.INT, end - RecordFormat.TRAILER);
                    long start = end - RecordFormat.OVERHEAD - length;
                    if (!visitor.visit(RecordFormat.time(bytes, start),
                            bytes.asSlice(start + RecordFormat.HEADER, length))) {
                        return false;
                    }
                    end = start;
                }
            } else {
                long at = 0;
                while (at < size) {
                    int length = RecordFormat.length(bytes, at);
                    if (!visitor.visit(RecordFormat.time(bytes, at),
                            bytes.asSlice(at + RecordFormat.HEADER, length))) {
                        return false;
                    }
                    at += RecordFormat.OVERHEAD + length;
                }
            }
            return true;
        } catch (NoSuchFileException deleted) {
            return true;
        }
    }

    /** The length of the run of whole, intact records at the start of the file. */
    static long validPrefix(Path file, long size) throws IOException {
        if (size == 0) {
            return 0;
        }
        try (Arena arena = Arena.ofConfined();
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long at = 0;
            long length;
            while ((length = RecordFormat.check(bytes, at, size)) > 0) {
                at += length;
            }
            return at;
        }
    }
}
