package org.dkumonitor.server.events.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * A durable, append-only log of records in segment files under one directory (format in
 * {@link RecordFormat}), with group commit: {@link #append} returns only once its records are
 * written and fsynced, and every request appending meanwhile shares that fsync.
 *
 * <p>How: appenders copy their encoded records into the batch being gathered and wait on it;
 * one committer thread takes the batch, writes it to the current segment, calls fdatasync and
 * wakes its appenders, while the next batch gathers. The cost of an fsync is thus paid once per
 * batch, not per request; a lone request waits for one fsync. When a write or an fsync fails
 * (a full disk), the segment is cut back to its last synced size and every appender of the
 * batch gets an {@link EventLogException}: nothing it was not told about is kept.
 *
 * <p>The segment being written is filled with zeros {@value #PREALLOCATE_BYTES} bytes ahead of
 * the records (and that synced), so that a batch's fdatasync writes data blocks only: an
 * append that grows the file also waits for a journal commit, which on a busy file system
 * carries every other process's metadata. A closed segment is cut to its records.
 *
 * <p>On {@link #open} the last segment is cut after its last whole record (what a kill -9 in
 * the middle of a write leaves, or the zeros ahead of it), so that appends continue after good
 * data. Retention deletes whole segments, oldest first, by total size and by age.
 *
 * <p>Trade-offs: 20 bytes of framing per record; a batch is held in memory until synced
 * (bounded: appenders wait while one is over {@value #MAX_BATCH_BYTES} bytes).
 */
public final class EventLog implements Closeable {

    private static final Logger LOG = Logger.getLogger(EventLog.class.getName());
    static final int MAX_BATCH_BYTES = 32 * 1024 * 1024;
    private static final long SPIN_NANOS = 50_000;
    static final int PREALLOCATE_BYTES = 4 * 1024 * 1024;
    private static final java.nio.ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024);

    /** Opens a segment file for writing; tests substitute failing channels. */
    @FunctionalInterface
    public interface ChannelOpener {
        FileChannel open(Path file) throws IOException;
    }

    private final Path directory;
    private final LogOptions options;
    private final InstantSource clock;
    private final ChannelOpener opener;
    private final List<Segment> segments = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition done = lock.newCondition();
    private Batch gathering = new Batch();
    private volatile long lastTime;
    private volatile boolean running;
    private Thread committer;
    private FileChannel channel;
    private Segment current;
    private long currentSize;
    /** How far the current segment's file is filled (records, then zeros). */
    private long allocatedEnd;
    private volatile String failure;
    /** The gathering batch's size, read without the lock by the spinning committer. */
    private volatile int gatheringBytes;

    private EventLog(Path directory, LogOptions options, InstantSource clock,
            ChannelOpener opener) {
        this.directory = directory;
        this.options = options;
        this.clock = clock;
        this.opener = opener;
    }

    /** Opens the log in {@code directory}, creating it, cutting a torn tail, and starts it. */
    public static EventLog open(Path directory, LogOptions options, InstantSource clock)
            throws IOException {
        return open(directory, options, clock, file -> FileChannel.open(file,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE));
    }

    public static EventLog open(Path directory, LogOptions options, InstantSource clock,
            ChannelOpener opener) throws IOException {
        EventLog log = new EventLog(directory, options, clock, opener);
        log.recover();
        log.running = true;
        log.committer = Thread.ofPlatform().name("events-commit").daemon()
                .start(log::commitLoop);
        return log;
    }

    private void recover() throws IOException {
        Files.createDirectories(directory);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                "*" + Segment.SUFFIX)) {
            entries.forEach(files::add);
        }
        files.sort(null);
        for (Path file : files) {
            String name = file.getFileName().toString();
            long number;
            try {
                number = Long.parseLong(name.substring(0, name.length() - Segment.SUFFIX.length()));
            } catch (NumberFormatException e) {
                LOG.warning("event log: ignoring " + file + ", not a segment's name");
                continue;
            }
            segments.add(new Segment(file, number, Files.size(file), false));
        }
        if (segments.isEmpty()) {
            startSegment(1);
            return;
        }
        Segment last = segments.getLast();
        long fileSize = Files.size(last.file);
        long valid = last.size();
        channel = opener.open(last.file);
        if (valid < fileSize) {
            channel.truncate(valid);
            channel.force(true);
            LOG.warning("event log: cut " + (fileSize - valid) + " bytes after the last whole"
                    + " record of " + last.file + " (a write cut short by a crash)");
        }
        channel.position(valid);
        current = last;
        currentSize = valid;
        allocatedEnd = valid;
        lastTime = Math.max(0, last.lastTime());
        LOG.info("event log: " + segments.size() + " segments in " + directory
                + ", appending to " + last.file.getFileName() + " at byte " + valid);
    }

    private void startSegment(long number) throws IOException {
        Path file = directory.resolve(Segment.fileName(number));
        FileChannel opened = opener.open(file);
        if (channel != null) {
            try {
                channel.truncate(currentSize);
                channel.force(true);
            } catch (IOException e) {
                LOG.warning("event log: cannot cut " + current.file + " to its records: " + e);
            }
            channel.close();
        }
        channel = opened;
        current = new Segment(file, number, 0, true);
        currentSize = 0;
        allocatedEnd = 0;
        segments.add(current);
        forceDirectory();
    }

    /** The time the next record gets: the clock, never before the last record's. */
    public long now() {
        return Math.max(nowNanos(), lastTime);
    }

    /**
     * Appends the payloads as records of time {@code timeNanos} (raised to the last record's
     * time if the clock went back) and returns once they are synced to disk.
     *
     * @throws EventLogException when they could not be made durable; none of them is kept
     */
    public void append(long timeNanos, List<byte[]> payloads) {
        int bytes = 0;
        for (byte[] payload : payloads) {
            if (payload.length == 0 || payload.length > RecordFormat.MAX_PAYLOAD) {
                throw new IllegalArgumentException("a record payload is 1.."
                        + RecordFormat.MAX_PAYLOAD + " bytes, found " + payload.length);
            }
            bytes += RecordFormat.OVERHEAD + payload.length;
        }
        Batch batch;
        lock.lock();
        try {
            while (running && gathering.size > MAX_BATCH_BYTES) {
                done.awaitUninterruptibly();
            }
            if (!running) {
                throw new EventLogException("the event log is closed (the server is stopping)");
            }
            batch = gathering;
            lastTime = Math.max(lastTime, timeNanos);
            batch.add(lastTime, payloads, bytes);
            gatheringBytes = batch.size;
            work.signal();
            while (batch.state == Batch.GATHERING || batch.state == Batch.WRITING) {
                done.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        if (batch.state == Batch.FAILED) {
            throw new EventLogException(batch.error);
        }
    }

    private void commitLoop() {
        while (true) {
            Batch batch;
            spinForWork();
            lock.lock();
            try {
                while (running && gathering.size == 0) {
                    work.awaitUninterruptibly();
                }
                if (gathering.size == 0) {
                    return;
                }
                batch = gathering;
                batch.state = Batch.WRITING;
                gathering = new Batch();
                gatheringBytes = 0;
                done.signalAll();
            } finally {
                lock.unlock();
            }
            String error = write(batch);
            lock.lock();
            try {
                batch.state = error == null ? Batch.SYNCED : Batch.FAILED;
                batch.error = error;
                done.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits a little for the next batch without sleeping: the clients of a batch just answered
     * send their next requests within a few tens of microseconds, and waking a parked thread
     * costs about as much again on every batch.
     */
    private void spinForWork() {
        long until = System.nanoTime() + SPIN_NANOS;
        while (gatheringBytes == 0 && running && System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
    }

    /** Writes and syncs a batch; null when it is durable, else why not. */
    private String write(Batch batch) {
        long goodSize = currentSize;
        try {
            if (currentSize + batch.size > allocatedEnd) {
                preallocate(currentSize + batch.size);
            }
            ByteBuffer buffer = ByteBuffer.wrap(batch.bytes, 0, batch.size);
            long at = currentSize;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            channel.force(false);
            currentSize += batch.size;
            current.synced(currentSize, batch.lastTime);
            if (failure != null) {
                LOG.info("event log: writing to " + directory + " works again");
                failure = null;
            }
            if (currentSize >= options.segmentBytes() || tooOld(current)) {
                startSegment(current.number + 1);
            }
            return null;
        } catch (IOException e) {
            String why = "the event log cannot write " + current.file + ": " + e.getMessage()
                    + "; nothing of this request was kept (free space on the disk, then retry)";
            if (failure == null) {
                LOG.warning(why);
            }
            failure = why;
            cutBack(goodSize);
            return why;
        }
    }

    /** Fills the file with zeros to past {@code end}, and syncs its new size. */
    private void preallocate(long end) throws IOException {
        // the segment rolls at segmentBytes: zeros past that would only be cut again
        long target = Math.max(end, Math.min((end / PREALLOCATE_BYTES + 1) * PREALLOCATE_BYTES,
                options.segmentBytes() + PREALLOCATE_BYTES / 16));
        long at = allocatedEnd;
        while (at < target) {
            ByteBuffer zeros = ZEROS.duplicate().clear();
            zeros.limit((int) Math.min(zeros.capacity(), target - at));
            at += channel.write(zeros, at);
        }
        channel.force(true);
        allocatedEnd = target;
    }

    private boolean tooOld(Segment segment) throws IOException {
        long first = segment.firstTime();
        long quarterAge = options.maxAge().toNanos() / 4;
        return first != Long.MIN_VALUE && nowNanos() - first > Math.min(quarterAge,
                TimeUnit.DAYS.toNanos(1));
    }

    private void cutBack(long goodSize) {
        try {
            channel.truncate(goodSize);
            channel.position(goodSize);
            channel.force(true);
            currentSize = goodSize;
            allocatedEnd = goodSize;
        } catch (IOException e) {
            // the tail is not whole records: readers stop before it; continue in a new file
            LOG.warning("event log: cannot cut " + current.file + " back to " + goodSize
                    + " bytes (" + e.getMessage() + "); continuing in a new segment");
            try {
                startSegment(current.number + 1);
            } catch (IOException again) {
                LOG.warning("event log: cannot start a new segment: " + again.getMessage());
            }
        }
    }

    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.fine(() -> "event log: cannot sync directory " + directory + ": " + e);
        }
    }

    private long nowNanos() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** The segments, oldest first (the last is being written). */
    List<Segment> segments() {
        return List.copyOf(segments);
    }

    /**
     * Visits the records whose time is in {@code [fromNanos, untilNanos]}, newest first or
     * oldest first, until the visitor says stop.
     */
    public void scan(long fromNanos, long untilNanos, boolean newestFirst,
            RecordVisitor visitor) throws IOException {
        List<Segment> all = segments();
        for (int n = 0; n < all.size(); n++) {
            int i = newestFirst ? all.size() - 1 - n : n;
            Segment segment = all.get(i);
            long first = segment.firstTime();
            if (first == Long.MIN_VALUE || first > untilNanos) {
                continue;
            }
            if (i + 1 < all.size()) {
                long next = all.get(i + 1).firstTime();
                if (next != Long.MIN_VALUE && next < fromNanos) {
                    continue;
                }
            }
            // false from a segment: the visitor said stop, or the range ended in it
            boolean more = segment.scan(newestFirst, (time, payload) -> {
                if (time < fromNanos) {
                    return !newestFirst;
                }
                if (time > untilNanos) {
                    return newestFirst;
                }
                return visitor.visit(time, payload);
            });
            if (!more) {
                return;
            }
        }
    }

    /** Bytes of records in all segments (the zeros ahead of the current one not counted). */
    public long totalBytes() throws IOException {
        long total = 0;
        List<Segment> all = segments();
        for (int i = 0; i < all.size(); i++) {
            Segment segment = all.get(i);
            total += i == all.size() - 1 ? segment.size() : Files.size(segment.file);
        }
        return total;
    }

    /**
     * Deletes the oldest segments while the log is over {@code maxBytes} and those whose
     * newest record is older than {@code maxAge}; the segment being written stays. Returns how
     * many were deleted.
     */
    public int enforceRetention() throws IOException {
        int deleted = 0;
        long oldest = nowNanos() - options.maxAge().toNanos();
        while (segments.size() > 1) {
            Segment first = segments.getFirst();
            boolean tooBig = totalBytes() > options.maxBytes();
            long lastTime = first.lastTime();
            boolean tooOld = lastTime != Long.MIN_VALUE && lastTime < oldest
                    || lastTime == Long.MIN_VALUE;
            if (!tooBig && !tooOld) {
                break;
            }
            segments.remove(first);
            Files.deleteIfExists(first.file);
            deleted++;
            LOG.info("event log: deleted " + first.file.getFileName() + " ("
                    + (tooBig ? "the log is over " + options.maxBytes() + " bytes"
                    : "its events are older than " + options.maxAge()) + ")");
        }
        return deleted;
    }

    /** Writes what was appended, then stops; appends after this fail. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            running = false;
            work.signalAll();
            done.signalAll();
        } finally {
            lock.unlock();
        }
        if (committer != null) {
            try {
                committer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (channel != null) {
            try {
                channel.truncate(currentSize);
            } finally {
                channel.close();
            }
        }
    }

    /** Records gathered for one write and fsync. */
    private static final class Batch {
        static final int GATHERING = 0;
        static final int WRITING = 1;
        static final int SYNCED = 2;
        static final int FAILED = 3;

        byte[] bytes = new byte[16 * 1024];
        int size;
        long lastTime;
        int state = GATHERING;
        String error;

        void add(long time, List<byte[]> payloads, int total) {
            if (size + total > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + total));
            }
            for (byte[] payload : payloads) {
                size = RecordFormat.encode(bytes, size, time, payload);
            }
            lastTime = time;
        }
    }
}
