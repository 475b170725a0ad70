package org.dkumonitor.server.whisper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The bytes a new file is to have, kept in memory until it is written whole: zeros, overlaid
 * by what was written into it, later writes over earlier ones.
 *
 * <p>Why: a new whisper file's first update reads back slots it knows are empty and writes its
 * points apart from the header. Kept here, the update reads nothing from the file, and its
 * first points, which start right after the header (the first point becomes the first
 * archive's base), go out with the header in one write.
 */
final class FileImage {

    private record Region(long offset, byte[] bytes) {
        long end() {
            return offset + bytes.length;
        }
    }

    /** In the order written. */
    private final List<Region> regions = new ArrayList<>();

    /** Keeps {@code bytes} (from their position to their limit) at {@code offset}. */
    void write(ByteBuffer bytes, long offset) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        regions.add(new Region(offset, copy));
    }

    /** Fills {@code into} (from its position to its limit) with the bytes at {@code offset}. */
    void read(ByteBuffer into, long offset) {
        int start = into.position();
        long end = offset + into.remaining();
        for (int i = start; i < into.limit(); i++) {
            into.put(i, (byte) 0);
        }
        for (Region region : regions) {
            copyOverlap(region, offset, end, into, start);
        }
        into.position(into.limit());
    }

    /**
     * Writes the image into {@code io}: regions that touch or overlap go out as one write,
     * so the header and the first archive's first points take a single system call.
     */
    void writeTo(FileIo io) throws IOException {
        List<Region> byOffset = new ArrayList<>(regions);
        byOffset.sort(Comparator.comparingLong(Region::offset));
        int first = 0;
        while (first < byOffset.size()) {
            long start = byOffset.get(first).offset();
            long end = byOffset.get(first).end();
            int next = first + 1;
            while (next < byOffset.size() && byOffset.get(next).offset() <= end) {
                end = Math.max(end, byOffset.get(next).end());
                next++;
            }
            ByteBuffer extent = ByteBuffer.allocate((int) (end - start));
            read(extent, start); // every region, in the order written
            WhisperFile.writeFully(io, extent.flip(), start);
            first = next;
        }
    }

    private static void copyOverlap(Region region, long offset, long end, ByteBuffer into,
            int start) {
        long from = Math.max(offset, region.offset());
        long to = Math.min(end, region.end());
        if (from < to) {
            into.put(start + (int) (from - offset), region.bytes(),
                    (int) (from - region.offset()), (int) (to - from));
        }
    }
}
