package org.dkumonitor.server.whisper;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Reads and writes one whisper file, byte for byte as Graphite's whisper 1.1 does.
 *
 * <p>Writing ({@link #updateMany}): points are assigned by age to the finest archive that still
 * covers them, aligned to its step, written in contiguous runs, then rolled up into every coarser
 * archive whose window holds at least xFilesFactor known slots. Python's quirks are kept on
 * purpose, because Graphite's own tools read these files: among points with the same raw
 * timestamp in one batch the first given wins (the persister de-duplicates first, last received
 * wins), points that fall straight into a coarser archive overwrite rather than aggregate, and the
 * ratio is compared in double precision against the float32 xFilesFactor.
 *
 * <p>Reading ({@link #fetch}): the archive is chosen from {@code now - from} alone; the slots
 * returned are those starting in {@code (from, until]}; a slot whose stored interval is not the
 * one expected (never written, or an older lap of the ring) reads as NaN.
 *
 * <p>Creation writes a complete file without a name (or under a temporary one) and names it
 * in one step ({@link NewFile}), so a crash never leaves a half-created file under the
 * metric's name.
 */
public final class WhisperFile implements Closeable {

    private static final int HEADER_ARCHIVES_READ_AT_ONCE = 8;

    private final Path path;
    private final FileIo io;
    private final WhisperHeader header;
    /**
     * Each archive's base interval once known (0: not read yet, or the archive is empty).
     * A base never changes once set, and only this handle's owner writes the file, so
     * {@link #updateMany} reads it once per handle instead of once per update.
     */
    private final long[] bases;

    private WhisperFile(Path path, FileIo io, WhisperHeader header) {
        this(path, io, header, new long[header.archives().size()]);
    }

    private WhisperFile(Path path, FileIo io, WhisperHeader header, long[] bases) {
        this.path = path;
        this.io = io;
        this.header = header;
        this.bases = bases;
    }

    /**
     * What a writer may keep of a file between two opens, so that the next open reads neither
     * its header nor its archives' bases (two system calls of the eight an update takes): the
     * header, the bases (shared with the handles opened with it, which fill in those learned),
     * and which file it was, by its key (device and inode) and size, so that a file replaced
     * or resized since is read afresh. A header changed in place
     * (whisper-set-aggregation-method) is not seen until the writer reads the file again:
     * {@link #readAtNanos} lets it do so now and then.
     */
    public static final class Layout {
        private final WhisperHeader header;
        private final long[] bases;
        /** The file system's identity of the file (device and inode on Linux). */
        private final Object fileKey;
        private final long size;
        private final long readAtNanos;

        private Layout(WhisperHeader header, long[] bases, Object fileKey, long size) {
            this.header = header;
            this.bases = bases;
            this.fileKey = fileKey;
            this.size = size;
            this.readAtNanos = System.nanoTime();
        }

        public long readAtNanos() {
            return readAtNanos;
        }
    }

    /**
     * This open file's layout, with its header replaced by {@code sameHeader} (an equal one a
     * writer keeps for many files) and its key and size asked from the file system; null
     * when they cannot be known.
     */
    public Layout layout(WhisperHeader sameHeader) {
        if (!sameHeader.equals(header)) {
            throw new IllegalArgumentException(path + ": another header");
        }
        try {
            FileIo.Identity identity = io.identity(path);
            // null: a file system without keys, whose files are read each time
            return identity == null ? null
                    : new Layout(sameHeader, bases, identity.key(), identity.size());
        } catch (IOException e) {
            return null; // gone meanwhile (asked of its path): read it next time
        }
    }

    /** Whether this handle was opened with that layout (it shares its header and bases). */
    public boolean uses(Layout layout) {
        return layout.bases == bases;
    }

    /**
     * Opens for writing a file whose layout was kept from an earlier open: without reading its
     * header when the file open is still that one (same key and size), else as {@link #open}.
     * On Linux the open and a {@code statx} of its descriptor, where {@link #open} takes the
     * open, the {@code statx} and a read of the header.
     */
    public static WhisperFile openWritable(Path path, Layout known) {
        return open(path, true, known);
    }

    /** Opens an existing file for reading, or for reading and writing. */
    public static WhisperFile open(Path path, boolean writable) {
        return open(path, writable, null);
    }

    /** Opens the file, with {@code known}'s layout while it is still that file (null: none). */
    private static WhisperFile open(Path path, boolean writable, Layout known) {
        FileIo io = null;
        try {
            io = openIo(path, writable);
            WhisperFile file;
            if (known == null) {
                file = readOpen(path, io, io.size());
            } else {
                FileIo.Identity identity = io.identity(path);
                file = identity != null && known.fileKey.equals(identity.key())
                        && identity.size() == known.size
                        ? new WhisperFile(path, io, known.header, known.bases)
                        : readOpen(path, io, identity == null ? io.size() : identity.size());
            }
            io = null;
            return file;
        } catch (IOException e) {
            closeQuietly(io);
            throw new WhisperException(path + ": cannot open: " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(io);
            throw e;
        }
    }

    /** The file open as {@code io}, {@code size} bytes long, its header read. */
    private static WhisperFile readOpen(Path path, FileIo io, long size) throws IOException {
        ByteBuffer[] head = new ByteBuffer[1];
        WhisperHeader header = readHeader(io, path, size, head);
        WhisperFile file = new WhisperFile(path, io, header);
        file.knowFirstBase(head[0]);
        return file;
    }

    /** The file at {@code path} opened as a bare descriptor where it can be, else a channel. */
    private static FileIo openIo(Path path, boolean writable) throws IOException {
        FileIo io = DescriptorIo.open(path, writable);
        if (io != null) {
            return io;
        }
        return new ChannelIo(writable
                ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ));
    }

    /**
     * Creates a new file with the given archives, atomically: it appears complete or not at all.
     * {@code sparse} leaves the data area as a hole; otherwise its blocks are reserved
     * ({@link Allocation#RESERVE}).
     */
    public static void create(Path path, List<Retention> archives, AggregationMethod aggregation,
            float xFilesFactor, boolean sparse) {
        create(path, archives, aggregation, xFilesFactor, Allocation.of(sparse));
    }

    public static void create(Path path, List<Retention> archives, AggregationMethod aggregation,
            float xFilesFactor, Allocation allocation) {
        createAndOpen(path, archives, aggregation, xFilesFactor, allocation).close();
    }

    public static WhisperFile createAndOpen(Path path, List<Retention> archives,
            AggregationMethod aggregation, float xFilesFactor, boolean sparse) {
        return createAndOpen(path, archives, aggregation, xFilesFactor, Allocation.of(sparse));
    }

    /**
     * As {@link #create}, and returns the new file open for writing (saves opening it again and
     * reading back the header just written). Missing directories are made.
     */
    public static WhisperFile createAndOpen(Path path, List<Retention> archives,
            AggregationMethod aggregation, float xFilesFactor, Allocation allocation) {
        return createAndOpen(path, archives, aggregation, xFilesFactor, allocation, null, 0);
    }

    /**
     * As {@link #createAndOpen(Path, List, AggregationMethod, float, Allocation)}, with
     * {@code first} written as {@link #updateMany(SortedPoints, long)} would write it (null:
     * none): the file appears with them. The file is made without a name or under a temporary
     * one ({@link NewFile}), its header and first points are written from memory without
     * reading anything back (the header and the first archive's first points in one write),
     * then it is named in one step that fails if the name exists: no file is ever replaced.
     */
    public static WhisperFile createAndOpen(Path path, List<Retention> archives,
            AggregationMethod aggregation, float xFilesFactor, Allocation allocation,
            SortedPoints first, long now) {
        WhisperHeader header = layout(archives, aggregation, xFilesFactor);
        NewFile made = null;
        try {
            made = NewFile.make(path);
            made.makeDataArea(header.size(), WhisperFormat.fileSize(archives), allocation);
            WhisperFile file = new WhisperFile(path, made.io(), header);
            FileImage image = new FileImage();
            image.write(header.encode(), 0);
            if (first != null) {
                file.updateMany(first, now, image);
            }
            image.writeTo(made.io());
            made.publish();
            made = null;
            return file;
        } catch (FileAlreadyExistsException e) {
            throw new WhisperException(path + ": cannot create: the file exists already", e);
        } catch (IOException e) {
            throw new WhisperException(path + ": cannot create: " + e, e);
        } finally {
            if (made != null) {
                made.discard();
            }
        }
    }

    /** The header of a new file, after checking the rules a whisper file must keep. */
    private static WhisperHeader layout(List<Retention> archives, AggregationMethod aggregation,
            float xFilesFactor) {
        if (!(xFilesFactor >= 0 && xFilesFactor <= 1)) {
            throw new WhisperException("xFilesFactor must be within 0..1, found " + xFilesFactor);
        }
        return WhisperHeader.layout(ArchiveList.validate(archives), aggregation, xFilesFactor);
    }

    /**
     * Replaces the file at {@code path} (which may exist) by a new one with the given layout,
     * filled by {@code fill}: the new file is made complete under a temporary name beside it,
     * then renamed over {@code path} in one step, so a reader or a crash sees the old file or
     * the new one, never half of either. Whoever writes {@code path} must be held off meanwhile.
     */
    public static void rewrite(Path path, List<Retention> archives, AggregationMethod aggregation,
            float xFilesFactor, Allocation allocation, java.util.function.Consumer<WhisperFile>
            fill) {
        WhisperHeader header = layout(archives, aggregation, xFilesFactor);
        NewFile.Temporary temporary = null;
        try {
            temporary = NewFile.Temporary.open(path);
            writeFully(temporary.io(), header.encode(), 0);
            temporary.makeDataArea(header.size(), WhisperFormat.fileSize(archives), allocation);
            try (WhisperFile file = new WhisperFile(temporary.path(), temporary.io(),
                    header)) {
                fill.accept(file);
            }
            temporary.replace();
            temporary = null;
        } catch (IOException e) {
            throw new WhisperException(path + ": cannot rewrite: " + e, e);
        } finally {
            if (temporary != null) {
                temporary.discard();
            }
        }
    }

    /** The longest file name Linux file systems take (NAME_MAX), in bytes. */
    public static final int MAX_FILE_NAME_BYTES = 255;
    /**
     * The longest a temporary name may be beyond the file's own name: a dot before it, then
     * {@code .<pid>-<counter>.tmp} with a pid of up to 7 digits and a counter of up to 10.
     */
    public static final int MAX_TEMPORARY_EXTRA_BYTES = 1 + 1 + 7 + 1 + 10 + 4;
    public Path path() {
        return path;
    }

    public WhisperHeader header() {
        return header;
    }

    /**
     * Writes one point, as whisper's {@code update}: the point must be neither in the future nor
     * {@code maxRetention} seconds old or older; it goes into the finest archive that covers its
     * age and is rolled up archive by archive until one roll-up does not happen.
     */
    public void update(double value, long timestamp, long now) {
        long age = now - timestamp;
        if (age < 0 || age >= header.maxRetention()) {
            throw new TimestampNotCoveredException(path + ": timestamp " + timestamp
                    + " is not covered by any archive at " + now + " (age " + age
                    + " s, the file keeps " + header.maxRetention() + " s)");
        }
        List<ArchiveInfo> archives = header.archives();
        int index = 0;
        while (archives.get(index).retention() < age) {
            index++;
        }
        ArchiveInfo archive = archives.get(index);
        long interval = timestamp - Math.floorMod(timestamp, archive.secondsPerPoint());
        try {
            long base = readInterval(archive.offset());
            long at = base == 0 ? archive.offset() : archive.slotOffset(interval, base);
            writeFully(io, encodePoint(interval, value), at);
            ArchiveInfo higher = archive;
            for (int i = index + 1; i < archives.size(); i++) {
                if (!propagate(interval, higher, archives.get(i))) {
                    break;
                }
                higher = archives.get(i);
            }
        } catch (IOException e) {
            throw new WhisperException(path + ": cannot write: " + e, e);
        }
    }

    /**
     * Writes a batch of points, as whisper's {@code update_many}. Points older than the coarsest
     * archive are dropped silently; points in the future are written (the receiver rejects those
     * first).
     */
    public void updateMany(List<TimeSeriesPoint> points, long now) {
        if (points.isEmpty()) {
            return;
        }
        // python sorts newest first (stable) and reverses each archive's share: ascending time,
        // equal timestamps in reverse order of arrival, so the first given wins below
        int n = points.size();
        long[] timestamps = new long[n];
        double[] values = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            int byTime = Long.compare(points.get(a).timestamp(), points.get(b).timestamp());
            return byTime != 0 ? byTime : Integer.compare(b, a);
        });
        for (int i = 0; i < n; i++) {
            timestamps[i] = points.get(order[i]).timestamp();
            values[i] = points.get(order[i]).value();
        }
        updateMany(new SortedPoints(timestamps, values, n), now);
    }

    /**
     * Writes points given in increasing time order, as {@code update_many} would write them:
     * of points that fall into the same slot, the one given last wins.
     */
    public void updateMany(SortedPoints points, long now) {
        updateMany(points, now, null);
    }

    /** As {@link #updateMany(SortedPoints, long)}, into {@code image} when not null. */
    private void updateMany(SortedPoints points, long now, FileImage image) {
        if (points.size() == 0) {
            return;
        }
        long[] timestamps = points.timestamps();
        List<ArchiveInfo> archives = header.archives();
        ArchiveUpdate update = new ArchiveUpdate(io, image, header, path, bases);
        try {
            int archiveIndex = 0;
            int end = points.size();
            int i = end - 1;
            while (i >= 0 && archiveIndex < archives.size()) {
                ArchiveInfo archive = archives.get(archiveIndex);
                long age = now - timestamps[i];
                if (archive.retention() < age) {
                    if (i + 1 < end) {
                        update.write(archive, points, i + 1, end);
                    }
                    end = i + 1;
                    archiveIndex++;
                    continue;
                }
                i--;
            }
            if (archiveIndex < archives.size() && end > 0) {
                update.write(archives.get(archiveIndex), points, 0, end);
            }
        } catch (IOException e) {
            throw new WhisperException(path + ": cannot write: " + e, e);
        }
    }

    /** Reads the slots in {@code (from, until]} as whisper's {@code fetch}; null when none. */
    public FetchResult fetch(long from, long until, long now) {
        try {
            return WhisperReader.fetch(io, header, path, from, until, now, null, null);
        } catch (IOException e) {
            throw new WhisperException(path + ": cannot read: " + e, e);
        }
    }

    private boolean propagate(long timestamp, ArchiveInfo higher, ArchiveInfo lower)
            throws IOException {
        long lowerStart = timestamp - Math.floorMod(timestamp, lower.secondsPerPoint());
        long higherBase = readInterval(higher.offset());
        long firstOffset = higherBase == 0
                ? higher.offset() : higher.slotOffset(lowerStart, higherBase);
        int window = lower.secondsPerPoint() / higher.secondsPerPoint();
        long relativeLast = (firstOffset - higher.offset()
                + (long) window * WhisperFormat.POINT_SIZE) % higher.size();
        ByteBuffer slots = readRing(higher, firstOffset, higher.offset() + relativeLast);
        AggregationWindow neighbours = new AggregationWindow();
        neighbours.read(slots, 0, slots.remaining() / WhisperFormat.POINT_SIZE, lowerStart,
                higher.secondsPerPoint());
        if (neighbours.tooFewKnown(header.xFilesFactor())) {
            return false;
        }
        double aggregate = neighbours.aggregate(header.aggregation());
        long lowerBase = readInterval(lower.offset());
        long at = lowerBase == 0 ? lower.offset() : lower.slotOffset(lowerStart, lowerBase);
        writeFully(io, encodePoint(lowerStart, aggregate), at);
        return true;
    }

    private static ByteBuffer encodePoint(long interval, double value) {
        ByteBuffer point = ByteBuffer.allocate(WhisperFormat.POINT_SIZE);
        return point.putInt((int) interval).putDouble(value).flip();
    }

    /** Reads slots from {@code fromOffset} up to {@code untilOffset}, wrapping at the end. */
    private ByteBuffer readRing(ArchiveInfo archive, long fromOffset, long untilOffset)
            throws IOException {
        if (fromOffset < untilOffset) {
            return readFully(fromOffset, (int) (untilOffset - fromOffset));
        }
        int headLength = (int) (archive.end() - fromOffset);
        int tailLength = (int) (untilOffset - archive.offset());
        ByteBuffer joined = ByteBuffer.allocate(headLength + tailLength);
        joined.put(readFully(fromOffset, headLength));
        joined.put(readFully(archive.offset(), tailLength));
        return joined.flip();
    }

    private long readInterval(long offset) throws IOException {
        return Integer.toUnsignedLong(readFully(offset, 4).getInt());
    }

    private ByteBuffer readFully(long offset, int length) throws IOException {
        return readFully(io, offset, length, path);
    }

    private static ByteBuffer readFully(FileIo io, long offset, int length, Path path)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int read = io.read(buffer, offset + buffer.position());
            if (read < 0) {
                throw new WhisperException(path + ": truncated: expected " + length
                        + " bytes at offset " + offset + ", the file ends before");
            }
        }
        return buffer.flip();
    }

    /** Writes all of {@code buffer} at {@code offset} (a write may take only part). */
    static void writeFully(FileIo io, ByteBuffer buffer, long offset)
            throws IOException {
        long at = offset;
        while (buffer.hasRemaining()) {
            at += io.write(buffer, at);
        }
    }

    /**
     * The first archive's base interval, when the bytes read with the header reach it (the
     * first archive follows the header, and the header read takes 112 bytes): one read less
     * for each file opened to write a point.
     */
    private void knowFirstBase(ByteBuffer head) {
        ArchiveInfo first = header.archives().getFirst();
        if (first.offset() + 4 <= head.limit()) {
            bases[0] = Integer.toUnsignedLong(head.getInt((int) first.offset()));
        }
    }

    private static WhisperHeader readHeader(FileIo io, Path path, long size, ByteBuffer[] read)
            throws IOException {
        if (size < WhisperFormat.METADATA_SIZE) {
            throw new WhisperException(path + ": not a whisper file: only " + size + " bytes");
        }
        // one read for the metadata and the first archive infos: most files have a few
        int first = (int) Math.min(size, WhisperFormat.METADATA_SIZE
                + HEADER_ARCHIVES_READ_AT_ONCE * WhisperFormat.ARCHIVE_INFO_SIZE);
        ByteBuffer head = readFully(io, 0, first, path);
        read[0] = head;
        return WhisperHeader.decode(head.slice(0, WhisperFormat.METADATA_SIZE), count -> {
            int length = count * WhisperFormat.ARCHIVE_INFO_SIZE;
            if (WhisperFormat.METADATA_SIZE + length <= first) {
                return head.slice(WhisperFormat.METADATA_SIZE, length);
            }
            try {
                return readFully(io, WhisperFormat.METADATA_SIZE, length, path);
            } catch (IOException e) {
                throw new WhisperException(path + ": cannot read header: " + e, e);
            }
        }, size, path.toString());
    }

    /** Closes a file whose owner is already failing: that failure is what counts. */
    static void closeQuietly(FileIo io) {
        if (io != null) {
            try {
                io.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    @Override
    public void close() {
        try {
            io.close();
        } catch (IOException e) {
            throw new WhisperException(path + ": cannot close: " + e, e);
        }
    }
}
