package org.dkumonitor.server.whisper;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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
 * <p>Creation writes a complete file under a temporary name and renames it into place, so a
 * crash never leaves a half-created file under the metric's name.
 */
public final class WhisperFile implements Closeable {

    private final Path path;
    private final FileChannel channel;
    private final WhisperHeader header;

    private WhisperFile(Path path, FileChannel channel, WhisperHeader header) {
        this.path = path;
        this.channel = channel;
        this.header = header;
    }

    /** Opens an existing file for reading, or for reading and writing. */
    public static WhisperFile open(Path path, boolean writable) {
        FileChannel channel = null;
        try {
            channel = writable
                    ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ);
            WhisperHeader header = readHeader(channel, path);
            return new WhisperFile(path, channel, header);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new WhisperException(path + ": cannot open: " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * Creates a new file with the given archives, atomically: it appears complete or not at all.
     * {@code sparse} leaves the data area as a hole instead of writing zeros.
     */
    public static void create(Path path, List<Retention> archives, AggregationMethod aggregation,
            float xFilesFactor, boolean sparse) {
        createAndOpen(path, archives, aggregation, xFilesFactor, sparse).close();
    }

    /**
     * As {@link #create}, and returns the new file open for writing (saves opening it again and
     * reading back the header just written). The file is written under a temporary name in the
     * same directory, then hard-linked to its name, which fails if the name exists (no file is
     * ever replaced), and the temporary name removed; where the file system has no hard links
     * it is renamed after a check that the name is free. Missing directories are made.
     */
    public static WhisperFile createAndOpen(Path path, List<Retention> archives,
            AggregationMethod aggregation, float xFilesFactor, boolean sparse) {
        if (!(xFilesFactor >= 0 && xFilesFactor <= 1)) {
            throw new WhisperException("xFilesFactor must be within 0..1, found " + xFilesFactor);
        }
        WhisperHeader header = WhisperHeader.layout(ArchiveList.validate(archives), aggregation,
                xFilesFactor);
        long size = WhisperFormat.fileSize(archives);
        Path directory = path.toAbsolutePath().getParent();
        Path temporary = null;
        FileChannel out = null;
        try {
            for (int attempt = 0; out == null; attempt++) {
                temporary = directory.resolve(temporaryName(path));
                try {
                    out = openNew(temporary);
                } catch (NoSuchFileException e) {
                    Files.createDirectories(directory);
                    out = openNew(temporary);
                } catch (FileAlreadyExistsException e) {
                    temporary = null; // a leftover of a crash with this very name: not ours
                    if (attempt == 10) {
                        throw new IOException("no free temporary name in " + directory, e);
                    }
                }
            }
            writeFully(out, header.encode(), 0);
            if (sparse) {
                writeFully(out, ByteBuffer.allocate(1), size - 1);
            } else {
                ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(256 * 1024,
                        size - header.size()));
                for (long at = header.size(); at < size; at += zeros.capacity()) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
                    writeFully(out, zeros, at);
                }
            }
            publish(temporary, path);
            temporary = null;
            WhisperFile file = new WhisperFile(path, out, header);
            out = null;
            return file;
        } catch (FileAlreadyExistsException e) {
            throw new WhisperException(path + ": cannot create: the file exists already", e);
        } catch (IOException e) {
            throw new WhisperException(path + ": cannot create: " + e, e);
        } finally {
            closeQuietly(out);
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the original failure is what the caller needs to see
                }
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
    private static final String PROCESS = Long.toString(ProcessHandle.current().pid());
    private static final java.util.concurrent.atomic.AtomicLong TEMPORARY_NAMES =
            new java.util.concurrent.atomic.AtomicLong(System.nanoTime() & 0xFFFF_FFFFL);

    /**
     * A hidden name, unique within this process (a crash's leftover is skipped), never longer
     * than {@value #MAX_FILE_NAME_BYTES} bytes: the file's name is cut short in it when needed,
     * so that a metric node of the longest length allowed can still be created.
     */
    static String temporaryName(Path path) {
        String suffix = "." + PROCESS + "-" + (TEMPORARY_NAMES.incrementAndGet() & 0xFFFF_FFFFL)
                + ".tmp";
        return utf8Prefix("." + path.getFileName(), MAX_FILE_NAME_BYTES - suffix.length())
                + suffix;
    }

    /** The longest prefix of {@code text} of at most {@code maxBytes} UTF-8 bytes. */
    private static String utf8Prefix(String text, int maxBytes) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int length = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2
                    : codePoint < 0x10000 ? 3 : 4;
            if (bytes + length > maxBytes) {
                return text.substring(0, i);
            }
            bytes += length;
            i += Character.charCount(codePoint);
        }
        return text;
    }

    private static FileChannel openNew(Path temporary) throws IOException {
        return FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Gives the complete temporary file its name, never replacing an existing file. */
    private static void publish(Path temporary, Path target) throws IOException {
        try {
            Files.createLink(target, temporary);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // the JDK's answer where the file system has no hard links (or refuses them):
            // check, then rename
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            moveIntoPlace(temporary, target);
            return;
        }
        Files.delete(temporary);
    }

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
            writeFully(channel, encodePoint(interval, value), at);
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
        if (points.size() == 0) {
            return;
        }
        long[] timestamps = points.timestamps();
        List<ArchiveInfo> archives = header.archives();
        try {
            int archiveIndex = 0;
            int end = points.size();
            int i = end - 1;
            while (i >= 0 && archiveIndex < archives.size()) {
                ArchiveInfo archive = archives.get(archiveIndex);
                long age = now - timestamps[i];
                if (archive.retention() < age) {
                    if (i + 1 < end) {
                        writeArchive(archive, points, i + 1, end);
                    }
                    end = i + 1;
                    archiveIndex++;
                    continue;
                }
                i--;
            }
            if (archiveIndex < archives.size() && end > 0) {
                writeArchive(archives.get(archiveIndex), points, 0, end);
            }
        } catch (IOException e) {
            throw new WhisperException(path + ": cannot write: " + e, e);
        }
    }

    /** Reads the slots in {@code (from, until]} as whisper's {@code fetch}; null when none. */
    public FetchResult fetch(long from, long until, long now) {
        try {
            return WhisperReader.fetch(channel, header, path, from, until, now, null, null);
        } catch (IOException e) {
            throw new WhisperException(path + ": cannot read: " + e, e);
        }
    }

    /** Writes points {@code [from, to)} (ascending) into one archive, then rolls them up. */
    private void writeArchive(ArchiveInfo archive, SortedPoints points, int from, int to)
            throws IOException {
        int step = archive.secondsPerPoint();
        long[] timestamps = points.timestamps();
        double[] values = points.values();
        long[] aligned = new long[to - from];
        for (int k = from; k < to; k++) {
            aligned[k - from] = timestamps[k] - Math.floorMod(timestamps[k], step);
        }
        ByteBuffer bytes = ByteBuffer.allocate(aligned.length * WhisperFormat.POINT_SIZE);
        long base = readInterval(archive.offset());
        long runStart = -1;
        long previous = -1;
        for (int k = 0; k < aligned.length; k++) {
            if (k + 1 < aligned.length && aligned[k] == aligned[k + 1]) {
                continue; // the last point of an interval wins
            }
            if (runStart >= 0 && aligned[k] != previous + step) {
                base = writeRun(archive, bytes, runStart, base);
                runStart = -1;
            }
            if (runStart < 0) {
                runStart = aligned[k];
            }
            bytes.putInt((int) aligned[k]).putDouble(values[from + k]);
            previous = aligned[k];
        }
        writeRun(archive, bytes, runStart, base);
        propagateFrom(archive, aligned);
    }

    /** Writes the run in {@code bytes} starting at interval {@code start}; returns the base. */
    private long writeRun(ArchiveInfo archive, ByteBuffer bytes, long start, long base)
            throws IOException {
        if (base == 0) {
            base = start;
        }
        bytes.flip();
        long at = archive.slotOffset(start, base);
        long beyond = at + bytes.remaining() - archive.end();
        if (beyond > 0) {
            ByteBuffer head = bytes.duplicate().limit((int) (bytes.remaining() - beyond));
            writeFully(channel, head, at);
            ByteBuffer tail = bytes.duplicate().position((int) (bytes.remaining() - beyond));
            writeFully(channel, tail, archive.offset());
        } else {
            writeFully(channel, bytes, at);
        }
        bytes.clear();
        return base;
    }

    private void propagateFrom(ArchiveInfo written, long[] aligned) throws IOException {
        ArchiveInfo higher = written;
        for (ArchiveInfo lower : header.archives()) {
            if (lower.secondsPerPoint() <= written.secondsPerPoint()) {
                continue;
            }
            List<Long> lowerIntervals = new ArrayList<>(aligned.length);
            for (long t : aligned) {
                lowerIntervals.add(t - Math.floorMod(t, lower.secondsPerPoint()));
            }
            boolean propagated = false;
            for (long interval : PythonSetOrder.of(lowerIntervals)) {
                propagated |= propagate(interval, higher, lower);
            }
            if (!propagated) {
                return;
            }
            higher = lower;
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
        List<Double> neighbours = new ArrayList<>(window);
        List<Double> known = new ArrayList<>(window);
        long expected = lowerStart;
        while (slots.remaining() >= WhisperFormat.POINT_SIZE) {
            long interval = Integer.toUnsignedLong(slots.getInt());
            double value = slots.getDouble();
            Double slot = interval == expected ? value : null;
            neighbours.add(slot);
            if (slot != null) {
                known.add(slot);
            }
            expected += higher.secondsPerPoint();
        }
        if (known.isEmpty()) {
            return false;
        }
        double ratio = (double) known.size() / neighbours.size();
        if (ratio < (double) header.xFilesFactor()) {
            return false;
        }
        double aggregate = header.aggregation().aggregate(known, neighbours);
        long lowerBase = readInterval(lower.offset());
        long at = lowerBase == 0 ? lower.offset() : lower.slotOffset(lowerStart, lowerBase);
        writeFully(channel, encodePoint(lowerStart, aggregate), at);
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
        return readFully(channel, offset, length, path);
    }

    private static ByteBuffer readFully(FileChannel channel, long offset, int length, Path path)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, offset + buffer.position());
            if (read < 0) {
                throw new WhisperException(path + ": truncated: expected " + length
                        + " bytes at offset " + offset + ", the file ends before");
            }
        }
        return buffer.flip();
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long offset)
            throws IOException {
        long at = offset;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    private static WhisperHeader readHeader(FileChannel channel, Path path) throws IOException {
        long size = channel.size();
        if (size < WhisperFormat.METADATA_SIZE) {
            throw new WhisperException(path + ": not a whisper file: only " + size + " bytes");
        }
        ByteBuffer metadata = readFully(channel, 0, WhisperFormat.METADATA_SIZE, path);
        return WhisperHeader.decode(metadata, count -> {
            try {
                return readFully(channel, WhisperFormat.METADATA_SIZE,
                        count * WhisperFormat.ARCHIVE_INFO_SIZE, path);
            } catch (IOException e) {
                throw new WhisperException(path + ": cannot read header: " + e, e);
            }
        }, size, path.toString());
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new WhisperException(path + ": cannot close: " + e, e);
        }
    }
}
