package org.dkumonitor.server.whisper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Whisper's {@code update_many} for the points one archive takes, with its roll-up into the
 * coarser archives: the bytes it leaves are exactly Python whisper's, the system calls are
 * fewer.
 *
 * <p>Why: whisper writes each contiguous run of points with its own write and reads the
 * neighbours of each coarse interval with its own read. Points 60 s apart in a 10 s archive are
 * 60 runs, so a batch of 60 points cost about 180 system calls, ten times the cost of creating
 * the file. Here the slots a batch touches are read once, patched in memory and written once
 * (read-modify-write of the span from the first to the last slot), and the neighbours of every
 * coarse interval are sliced out of one read of the finer archive. Which bytes change, and in
 * which order slots that share a position are written, is unchanged: the span is used only when
 * it is shorter than the archive's ring (so no two of its slots share a position) and not much
 * larger than the points it carries ({@value #SPAN_SLACK}x, or {@value #SMALL_SPAN_BYTES}
 * bytes); otherwise each run or point is written by itself as whisper does.
 *
 * <p>Only one thread writes a file (the persister's worker that owns it), so nothing changes the
 * slots between the read and the write. A new file's first update reads and writes its
 * {@link FileImage} instead of the file.
 */
final class ArchiveUpdate {

    private static final int SMALL_SPAN_BYTES = 64 * 1024;
    private static final int SPAN_SLACK = 4;
    private static final int POINT = WhisperFormat.POINT_SIZE;

    private final FileIo io;
    private final FileImage image;
    private final WhisperHeader header;
    private final Path path;
    private final long[] bases;

    /**
     * {@code bases}: the file's archive bases known so far (0: unknown), kept up to date;
     * {@code image}: where a new file's bytes are kept until written whole, else null.
     */
    ArchiveUpdate(FileIo io, FileImage image, WhisperHeader header, Path path,
            long[] bases) {
        this.io = io;
        this.image = image;
        this.header = header;
        this.path = path;
        this.bases = bases;
    }

    /** The archive's base interval: from what this handle knows, else read (0: empty). */
    private long base(ArchiveInfo archive) throws IOException {
        int index = header.archives().indexOf(archive);
        if (bases[index] == 0) {
            bases[index] = readInterval(archive.offset());
        }
        return bases[index];
    }

    /** The archive's first slot was just written with {@code interval}: its base now. */
    private void based(ArchiveInfo archive, long interval) {
        bases[header.archives().indexOf(archive)] = interval;
    }

    /**
     * Writes points {@code [from, to)} (ascending) into one archive, then rolls them up. Its
     * loops live in small methods of their own: a loop hot enough in a burst has C2 compile its
     * method from inside the loop (on-stack replacement), and when that method is this one, with
     * the roll-up inlined, each such compilation cost a few hundred milliseconds.
     */
    void write(ArchiveInfo archive, SortedPoints points, int from, int to) throws IOException {
        int step = archive.secondsPerPoint();
        long[] aligned = align(points.timestamps(), from, to - from, step);
        Runs runs = Runs.pack(aligned, points.values(), from, step);
        long base = base(archive);
        if (base == 0) {
            base = runs.start(0); // the file's first update: the first run is the base
            based(archive, base);
        }
        long spanStart = runs.start(0);
        long spanSlots = (runs.last() - spanStart) / step + 1;
        if (runs.count() > 1 && fits(archive, spanSlots, runs.packed().limit())) {
            long at = archive.slotOffset(spanStart, base);
            ByteBuffer image = readSlots(archive, at, (int) spanSlots * POINT);
            runs.patch(image, spanStart, step);
            writeSlots(archive, at, image);
        } else {
            for (int r = 0; r < runs.count(); r++) {
                writeSlots(archive, archive.slotOffset(runs.start(r), base), runs.bytes(r));
            }
        }
        propagateFrom(archive, aligned);
    }

    /** Each of the {@code count} timestamps from {@code from}, aligned down to {@code step}. */
    private static long[] align(long[] timestamps, int from, int count, int step) {
        long[] aligned = new long[count];
        for (int k = 0; k < count; k++) {
            aligned[k] = timestamps[from + k] - Math.floorMod(timestamps[from + k], step);
        }
        return aligned;
    }

    /**
     * The points of a batch as written: one per interval (the last of each wins), packed, in
     * runs of consecutive intervals. Run r begins at interval {@code starts[r]} and takes bytes
     * {@code [at[r], at[r + 1])} of {@code packed}; {@code last} is the last interval.
     */
    private record Runs(ByteBuffer packed, long[] starts, int[] at, int count, long last) {

        /**
         * A point of the interval packed last overwrites its value rather than being skipped
         * by looking ahead: a read of aligned[k + 1] under a condition made C2 hoist a bounds
         * check that always fails, and recompile the method five times in a burst.
         */
        static Runs pack(long[] aligned, double[] values, int from, int step) {
            int count = aligned.length;
            ByteBuffer packed = ByteBuffer.allocate(count * POINT);
            long[] starts = new long[count];
            int[] at = new int[count + 1];
            int runs = 0;
            long previous = -1;
            for (int k = 0; k < count; k++) {
                long interval = aligned[k];
                double value = values[from + k];
                if (runs > 0 && interval == previous) {
                    packed.putDouble(packed.position() - Double.BYTES, value);
                    continue;
                }
                if (runs == 0 || interval != previous + step) {
                    starts[runs] = interval;
                    at[runs++] = packed.position();
                }
                packed.putInt((int) interval).putDouble(value);
                previous = interval;
            }
            at[runs] = packed.position();
            return new Runs(packed.flip(), starts, at, runs, previous);
        }

        long start(int run) {
            return starts[run];
        }

        ByteBuffer bytes(int run) {
            return packed.slice(at[run], at[run + 1] - at[run]);
        }

        /** Copies every run into {@code image}, the slots from interval {@code spanStart}. */
        void patch(ByteBuffer image, long spanStart, int step) {
            for (int r = 0; r < count; r++) {
                image.put((int) ((starts[r] - spanStart) / step) * POINT, packed, at[r],
                        at[r + 1] - at[r]);
            }
        }
    }

    /** Whether a span of {@code slots} may be read and written whole for {@code useful} bytes. */
    private static boolean fits(ArchiveInfo archive, long slots, long useful) {
        return slots <= archive.points()
                && slots * POINT <= Math.max(SMALL_SPAN_BYTES, SPAN_SLACK * useful);
    }

    /**
     * Rolls the written intervals up, archive by archive, until one archive takes none: for
     * each coarse interval in CPython's set order (which decides a still empty archive's base),
     * the finer archive's window is aggregated when at least xFilesFactor of it is known.
     */
    private void propagateFrom(ArchiveInfo written, long[] aligned) throws IOException {
        ArchiveInfo higher = written;
        for (ArchiveInfo lower : header.archives()) {
            if (lower.secondsPerPoint() <= written.secondsPerPoint()) {
                continue;
            }
            long[] lowerIntervals = align(aligned, 0, aligned.length, lower.secondsPerPoint());
            if (!propagate(PythonSetOrder.of(lowerIntervals), higher, lower)) {
                return;
            }
            higher = lower;
        }
    }

    private boolean propagate(long[] intervals, ArchiveInfo higher, ArchiveInfo lower)
            throws IOException {
        int step = higher.secondsPerPoint();
        int window = lower.secondsPerPoint() / step;
        long higherBase = base(higher);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long interval : intervals) {
            min = Math.min(min, interval);
            max = Math.max(max, interval);
        }
        long higherSlots = (max - min) / step + window;
        ByteBuffer neighbours = null;
        if (higherBase != 0 && intervals.length > 1
                && fits(higher, higherSlots, (long) intervals.length * window * POINT)) {
            neighbours = readSlots(higher, higher.slotOffset(min, higherBase),
                    (int) higherSlots * POINT);
        }
        ByteBuffer oneWindow = neighbours == null ? ByteBuffer.allocate(window * POINT) : null;
        AggregationWindow slots = new AggregationWindow();
        long lowerBase = -1; // read when a first aggregate is to be written
        long[] rolledUp = new long[intervals.length];
        double[] aggregates = new double[intervals.length];
        int writes = 0;
        for (long interval : intervals) {
            if (neighbours != null) {
                slots.read(neighbours, (int) ((interval - min) / step) * POINT, window, interval,
                        step);
            } else {
                long first = higherBase == 0
                        ? higher.offset() : higher.slotOffset(interval, higherBase);
                slots.read(readSlots(higher, first, oneWindow), 0, window, interval, step);
            }
            if (slots.tooFewKnown(header.xFilesFactor())) {
                continue;
            }
            if (lowerBase < 0) {
                lowerBase = base(lower);
            }
            if (lowerBase == 0) {
                lowerBase = interval; // the first roll-up into an empty archive
                based(lower, interval);
            }
            rolledUp[writes] = interval;
            aggregates[writes++] = slots.aggregate(header.aggregation());
        }
        if (writes == 0) {
            return false;
        }
        writeRolledUp(lower, lowerBase, rolledUp, aggregates, writes);
        return true;
    }

    /**
     * The roll-up's points {@code [0, count)}, in their order; one span written when they lie
     * close together.
     */
    private void writeRolledUp(ArchiveInfo lower, long base, long[] intervals,
            double[] aggregates, int count) throws IOException {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int w = 0; w < count; w++) {
            min = Math.min(min, intervals[w]);
            max = Math.max(max, intervals[w]);
        }
        long slots = (max - min) / lower.secondsPerPoint() + 1;
        if (count > 1 && fits(lower, slots, (long) count * POINT)) {
            long at = lower.slotOffset(min, base);
            ByteBuffer image = readSlots(lower, at, (int) slots * POINT);
            for (int w = 0; w < count; w++) {
                int position = (int) ((intervals[w] - min) / lower.secondsPerPoint()) * POINT;
                image.putInt(position, (int) intervals[w])
                        .putDouble(position + Integer.BYTES, aggregates[w]);
            }
            writeSlots(lower, at, image);
            return;
        }
        ByteBuffer point = ByteBuffer.allocate(POINT);
        for (int w = 0; w < count; w++) {
            point.putInt(0, (int) intervals[w]).putDouble(Integer.BYTES, aggregates[w]);
            writeSlots(lower, lower.slotOffset(intervals[w], base), point);
        }
    }

    long readInterval(long offset) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4);
        readFully(buffer, offset);
        return Integer.toUnsignedLong(buffer.getInt(0));
    }

    /** Reads {@code length} bytes of the archive's ring from {@code at}, wrapping at its end. */
    private ByteBuffer readSlots(ArchiveInfo archive, long at, int length) throws IOException {
        return readSlots(archive, at, ByteBuffer.allocate(length));
    }

    /** Fills {@code buffer} from the archive's ring at {@code at}, wrapping at its end. */
    private ByteBuffer readSlots(ArchiveInfo archive, long at, ByteBuffer buffer)
            throws IOException {
        int length = buffer.capacity();
        int head = (int) Math.min(length, archive.end() - at);
        buffer.clear();
        readFully(buffer.limit(head), at);
        if (head < length) {
            readFully(buffer.limit(length), archive.offset());
        }
        return buffer.clear();
    }

    /** Writes {@code bytes} into the archive's ring from {@code at}, wrapping at its end. */
    private void writeSlots(ArchiveInfo archive, long at, ByteBuffer bytes) throws IOException {
        int length = bytes.remaining();
        int head = (int) Math.min(length, archive.end() - at);
        ByteBuffer first = bytes.slice(bytes.position(), head);
        writeFully(first, at);
        if (head < length) {
            writeFully(bytes.slice(bytes.position() + head, length - head), archive.offset());
        }
    }

    private void readFully(ByteBuffer buffer, long offset) throws IOException {
        if (image != null) {
            image.read(buffer, offset);
            return;
        }
        long start = offset - buffer.position();
        while (buffer.hasRemaining()) {
            if (io.read(buffer, start + buffer.position()) < 0) {
                throw new WhisperException(path + ": truncated: expected "
                        + buffer.limit() + " bytes at offset " + start
                        + ", the file ends before");
            }
        }
    }

    private void writeFully(ByteBuffer buffer, long offset) throws IOException {
        if (image != null) {
            image.write(buffer, offset);
            return;
        }
        WhisperFile.writeFully(io, buffer, offset);
    }
}
