package org.dkumonitor.server.wal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Logger;
import java.util.zip.CRC32C;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.lifecycle.NeededThreads;
import org.dkumonitor.server.carbon.PointBatch;
import org.dkumonitor.server.carbon.PointStore;

/**
 * A write-ahead log in front of the cache, so that a crash (kill -9, power loss) loses at most
 * the points of the last commit interval instead of the whole cache.
 *
 * <p>What: every batch a receiver stores is encoded and appended to an in-memory buffer, then
 * added to the cache. A committer thread writes the buffer to the current segment file every
 * {@code commitInterval} (group commit: one write and one fsync for all connections) or sooner
 * when it grows large; a segment that reaches {@code maxSegmentBytes} is closed and the next
 * one begun. On start {@link #replay} streams every segment back into the cache, a block at a
 * time ({@link SegmentReader}), waiting while the cache is full: with the persister running,
 * a log of any size replays in the cache's bounded memory.
 * {@link #checkpoint} starts a new segment, waits until the persister has written every point
 * that was in the cache at that moment, then deletes the older segments; a clean stop deletes
 * them all once the cache is on disk.
 *
 * <p>Why the lock: a batch is appended to the log and added to the cache under the read lock,
 * and a new segment is started under the write lock, so every point of a closed segment is in
 * the cache before the checkpoint asks the persister to write the cache out.
 *
 * <p>Format of a segment {@code wal-<16 digits>.log}: blocks of {@code int length, int crc32c,
 * payload}; the payload is records of {@code ushort nameLength, name (UTF-8), uint32
 * timestamp, float64 value}, all big-endian. Replay stops at the first torn or corrupt block
 * of a segment (the tail a crash cut short) and says how many bytes it ignored.
 *
 * <p>Trade-offs: the log costs a sequential write of about 34 bytes per point and one fsync per
 * interval; points are kept twice in memory for at most one interval.
 */
public final class WriteAheadLog implements PointStore, Closeable {

    private static final Logger LOG = Logger.getLogger(WriteAheadLog.class.getName());
    private static final int BUFFER_BYTES = 1024 * 1024;
    private static final int EARLY_COMMIT_BYTES = BUFFER_BYTES / 2;
    private static final int BLOCK_HEADER = SegmentReader.BLOCK_HEADER;
    /** The default size at which a segment is closed and the next one begun. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final int WRITE_SLICE = 128 * 1024;
    private static final String PREFIX = "wal-";
    private static final String SUFFIX = ".log";

    private final Path directory;
    private final MetricCache cache;
    private final Duration commitInterval;
    private final long maxSegmentBytes;
    private final ReentrantReadWriteLock rotation = new ReentrantReadWriteLock();
    private final Object bufferLock = new Object();
    private final Object commitLock = new Object();
    private ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private ByteBuffer spare = ByteBuffer.allocate(BUFFER_BYTES);
    private FileChannel segment;
    private long segmentNumber;
    private volatile boolean running;
    private Thread committer;
    private volatile long committedBytes;
    private volatile long appendedBytes;
    private IOException failure;
    private boolean commitWanted;

    public WriteAheadLog(Path directory, MetricCache cache, Duration commitInterval) {
        this(directory, cache, commitInterval, DEFAULT_SEGMENT_BYTES);
    }

    public WriteAheadLog(Path directory, MetricCache cache, Duration commitInterval,
            long maxSegmentBytes) {
        this.directory = directory;
        this.cache = cache;
        this.commitInterval = commitInterval;
        this.maxSegmentBytes = maxSegmentBytes;
    }

    /**
     * Streams every segment into the cache, oldest first, and returns how many points it
     * found. Adding waits while the cache is full, so the persister must run (or the cache be
     * unbounded). Call before {@link #start}.
     */
    public long replay() throws IOException {
        Files.createDirectories(directory);
        List<Path> files = segments();
        long points = 0;
        long started = System.nanoTime();
        SegmentReader reader = new SegmentReader();
        for (Path file : files) {
            SegmentReader.Result read = reader.read(file, cache::addAll);
            if (read.ignoredBytes() > 0) {
                LOG.warning("write-ahead log " + file.getFileName() + ": ignored the last "
                        + read.ignoredBytes() + " bytes, a block cut short by a crash");
            }
            points += read.points();
            segmentNumber = Math.max(segmentNumber, number(file));
        }
        if (points > 0) {
            LOG.info("write-ahead log: replayed " + points + " points from " + files.size()
                    + " segments in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        }
        return points;
    }

    /**
     * Takes over the segments left by an earlier run without reading them (their points stay
     * on disk for whoever uploads them) and returns how many there are. Call instead of
     * {@link #replay}, before {@link #start}.
     */
    public int adoptSegments() throws IOException {
        Files.createDirectories(directory);
        List<Path> files = segments();
        for (Path file : files) {
            segmentNumber = Math.max(segmentNumber, number(file));
        }
        return files.size();
    }

    /** Opens a new segment and starts the committer thread. */
    public void start() throws IOException {
        Files.createDirectories(directory);
        openNextSegment();
        running = true;
        committer = NeededThreads.start("wal-commit", this::commitLoop, () -> !running);
    }

    @Override
    public void store(PointBatch batch) {
        int length = encodedLength(batch);
        rotation.readLock().lock();
        try {
            synchronized (bufferLock) {
                // memory stays bounded: a full buffer waits for the committer to swap it
                while (buffer.remaining() < length + BLOCK_HEADER) {
                    if (buffer.position() == 0 || !running) {
                        ByteBuffer bigger = ByteBuffer.allocate(buffer.position()
                                + length + BLOCK_HEADER);
                        buffer.flip();
                        buffer = bigger.put(buffer);
                        break;
                    }
                    commitWanted = true;
                    bufferLock.notifyAll();
                    try {
                        bufferLock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while the log was full", e);
                    }
                }
                // encoded straight into the buffer: no array per batch to collect
                int header = buffer.position();
                buffer.position(header + BLOCK_HEADER);
                for (int i = 0; i < batch.size(); i++) {
                    byte[] name = batch.utf8Name(i);
                    buffer.putShort((short) name.length).put(name);
                    buffer.putInt((int) batch.timestamp(i)).putDouble(batch.value(i));
                }
                CRC32C crc = new CRC32C();
                crc.update(buffer.array(), buffer.arrayOffset() + header + BLOCK_HEADER,
                        length);
                buffer.putInt(header, length).putInt(header + 4, (int) crc.getValue());
                appendedBytes += length + BLOCK_HEADER;
                if (buffer.position() >= EARLY_COMMIT_BYTES) {
                    bufferLock.notifyAll();
                }
            }
            cache.addAll(batch);
        } finally {
            rotation.readLock().unlock();
        }
    }

    /** The payload's length; makes sure every name's UTF-8 form is in the batch. */
    private static int encodedLength(PointBatch batch) {
        int size = 0;
        for (int i = 0; i < batch.size(); i++) {
            byte[] name = batch.utf8Name(i);
            if (name == null) {
                name = batch.name(i).getBytes(StandardCharsets.UTF_8);
                batch.utf8Name(i, name);
            }
            size += 2 + name.length + 12;
        }
        return size;
    }

    private void commitLoop() {
        long lastSync = System.nanoTime();
        while (running) {
            synchronized (bufferLock) {
                if (buffer.position() < EARLY_COMMIT_BYTES && !commitWanted && running) {
                    try {
                        bufferLock.wait(Math.max(1, commitInterval.toMillis()));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            boolean sync = System.nanoTime() - lastSync >= commitInterval.toNanos();
            try {
                commit(sync);
                if (sync) {
                    lastSync = System.nanoTime();
                }
            } catch (IOException e) {
                synchronized (commitLock) {
                    if (failure == null) {
                        LOG.warning("write-ahead log: cannot write " + directory + ": " + e
                                + "; kept in memory and retried; points are still cached and"
                                + " written to whisper, but a crash now would lose them");
                    }
                    failure = e;
                }
                try {
                    Thread.sleep(Math.max(100, commitInterval.toMillis()));
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Writes the buffer to the current segment, with an fsync when {@code sync}. When the write
     * fails (a full disk) the segment is cut back to its last whole block and the bytes go back
     * to the front of the buffer for the next try, so a torn block never sits before good ones.
     */
    private void commit(boolean sync) throws IOException {
        synchronized (commitLock) {
            ByteBuffer pending;
            synchronized (bufferLock) {
                if (buffer.position() == 0 && !sync) {
                    return;
                }
                pending = buffer.flip();
                ByteBuffer next = spare != null ? spare : ByteBuffer.allocate(BUFFER_BYTES);
                buffer = next.clear();
                spare = null;
                commitWanted = false;
                bufferLock.notifyAll();
            }
            long goodSize = segment.size();
            try {
                // in slices: the JDK copies a heap buffer into a temporary direct buffer as big
                // as the write and keeps it cached per thread, which would hold megabytes of RSS
                while (pending.hasRemaining()) {
                    ByteBuffer slice = pending.slice(pending.position(),
                            Math.min(WRITE_SLICE, pending.remaining()));
                    int written = segment.write(slice);
                    pending.position(pending.position() + written);
                }
                if (sync) {
                    segment.force(false);
                }
            } catch (IOException e) {
                try {
                    segment.truncate(goodSize);
                    segment.position(goodSize);
                } finally {
                    pending.rewind();
                    synchronized (bufferLock) {
                        buffer.flip();
                        ByteBuffer joined = ByteBuffer.allocate(Math.max(BUFFER_BYTES,
                                pending.remaining() + buffer.remaining()));
                        joined.put(pending).put(buffer);
                        buffer = joined;
                        spare = ByteBuffer.allocate(BUFFER_BYTES);
                    }
                }
                throw e;
            }
            committedBytes += pending.limit();
            if (segment.size() >= maxSegmentBytes) {
                openNextSegment();
            }
            synchronized (bufferLock) {
                spare = pending.capacity() == BUFFER_BYTES ? pending
                        : ByteBuffer.allocate(BUFFER_BYTES);
            }
            if (failure != null) {
                LOG.info("write-ahead log: writing to " + directory + " works again");
                failure = null;
            }
        }
    }

    /** Writes and syncs everything buffered now (tests; shutdown). */
    public void commitNow() throws IOException {
        commit(true);
    }

    /**
     * Starts a new segment, waits until the persister has written what the older segments
     * hold, then deletes them. {@code persisted} runs that wait and says whether every point
     * made it to disk; when it did not (a full disk), the segments are kept.
     */
    public void checkpoint(java.util.function.BooleanSupplier persisted) throws IOException {
        long closed = rotate(number -> { });
        if (persisted.getAsBoolean()) {
            deleteSegmentsUpTo(closed);
        }
    }

    /** Deletes the segments up to {@code closed}, whose points are on disk now. */
    public void deleteSegmentsUpTo(long closed) throws IOException {
        for (Path file : segmentsUpTo(closed)) {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Commits and closes the current segment, starts a new one and returns the closed one's
     * number. {@code whileClosed} gets that number before the new segment opens, while no
     * batch is being stored: every point of the closed segments is in the cache then, and none
     * of the next.
     */
    public long rotate(java.util.function.LongConsumer whileClosed) throws IOException {
        rotation.writeLock().lock();
        try {
            commit(true);
            long closed = segmentNumber;
            whileClosed.accept(closed);
            openNextSegment();
            return closed;
        } finally {
            rotation.writeLock().unlock();
        }
    }

    /** The segment files numbered up to {@code number}, oldest first. */
    public List<Path> segmentsUpTo(long number) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path file : segments()) {
            if (number(file) <= number) {
                files.add(file);
            }
        }
        return files;
    }

    private void openNextSegment() throws IOException {
        synchronized (commitLock) {
            if (segment != null) {
                segment.close();
            }
            segmentNumber++;
            segment = FileChannel.open(directory.resolve(String.format("%s%016d%s", PREFIX,
                    segmentNumber, SUFFIX)), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        }
    }

    /** Segment files, oldest first. */
    List<Path> segments() throws IOException {
        return segmentsIn(directory);
    }

    /** The segment files in a log directory, oldest first; none when it does not exist. */
    public static List<Path> segmentsIn(Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                PREFIX + "*" + SUFFIX)) {
            entries.forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    /** The number in a segment file's name. */
    public static long number(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    public long committedBytes() {
        return committedBytes;
    }

    /** Bytes of blocks stored since start, committed or still buffered. */
    public long appendedBytes() {
        return appendedBytes;
    }

    /** The error of the last commit when writing the log fails now, else null. */
    public String failure() {
        synchronized (commitLock) {
            return failure == null ? null : failure.toString();
        }
    }

    /**
     * Stops the committer after a last commit. With {@code everythingPersisted} (the cache was
     * written out completely) every segment is deleted; otherwise they stay for the next start.
     */
    public void stop(boolean everythingPersisted) throws IOException {
        running = false;
        synchronized (bufferLock) {
            bufferLock.notifyAll();
        }
        if (committer != null) {
            try {
                committer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        commit(true);
        synchronized (commitLock) {
            segment.close();
        }
        if (everythingPersisted) {
            for (Path file : segments()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Override
    public void close() throws IOException {
        stop(false);
    }
}
