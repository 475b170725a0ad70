package org.dkumonitor.server.whisper;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Reads whisper files for the render path, many times a second, at the cost of a {@code stat}
 * and two or three positional reads per fetch: files stay open between requests and bytes are
 * read into pooled direct buffers (a heap buffer costs the JDK a copy and a temporary buffer).
 *
 * <p>Nothing read from a file is kept: every fetch reads the header and the slots afresh, so a
 * point written by our persister or by another process (Graphite's carbon in the same tree) is
 * seen by the next fetch. An open file is used only while the path still names it: each fetch
 * stats the path and compares its file key (device and inode) with the open one, so a file
 * replaced by a rename (whisper-resize) or deleted and created again is reopened, and a deleted
 * one is closed. At most {@code maxOpen} files stay open; a file unused for
 * {@link #IDLE_NANOS} is closed on a later fetch (so a deleted file's space is not held for
 * long).
 *
 * <p>A file dropped from the open set (evicted, idle, replaced) while fetches read it stays
 * open until the last of them is done: each fetch holds a reference, and the channel is closed
 * by whoever lets go of it last. Many concurrent fetches of more files than {@code maxOpen}
 * (a render of thousands of series) therefore never see a channel closed under them.
 */
public final class WhisperReader implements Closeable {

    /** A fetch and the header it was read with. */
    public record Read(WhisperHeader header, FetchResult fetched) {
    }

    static final long IDLE_NANOS = 60_000_000_000L;
    private static final int BUFFER_SIZE = 256 * 1024;
    private static final int POOL_SIZE = 16;
    private static final int HEADER_READ = WhisperFormat.METADATA_SIZE
            + 8 * WhisperFormat.ARCHIVE_INFO_SIZE;

    private final int maxOpen;
    private final LongSupplier nanoTicks;
    private final Map<Path, OpenFile> open = new ConcurrentHashMap<>();
    private final AtomicInteger openCount = new AtomicInteger();
    private final ConcurrentLinkedQueue<ByteBuffer> buffers = new ConcurrentLinkedQueue<>();
    private volatile long nextSweep;

    /**
     * An open file, the key of the file the path named when it was opened, the size of the file
     * opened (a whisper file never changes size) and when it was last used. {@link #users}
     * counts the fetches reading it, with {@link #RETIRED} set once it left the open set; the
     * channel is closed when it is retired and unused.
     */
    private static final class OpenFile {
        private static final int RETIRED = 1 << 30;
        final FileChannel channel;
        final Object fileKey;
        final long size;
        volatile long lastUsed;
        private final AtomicInteger users = new AtomicInteger();

        OpenFile(FileChannel channel, Object fileKey, long size, long lastUsed) {
            this.channel = channel;
            this.fileKey = fileKey;
            this.size = size;
            this.lastUsed = lastUsed;
        }

        /** Takes a reference; false when the file was retired already. */
        boolean acquire() {
            while (true) {
                int now = users.get();
                if ((now & RETIRED) != 0) {
                    return false;
                }
                if (users.compareAndSet(now, now + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (users.decrementAndGet() == RETIRED) {
                closeChannel();
            }
        }

        /** Marks it out of the open set; closes it now if nobody reads it. */
        void retire() {
            int before = users.getAndUpdate(now -> now | RETIRED);
            if (before == 0) {
                closeChannel();
            }
        }

        private void closeChannel() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was written through it
            }
        }
    }

    public WhisperReader(int maxOpen) {
        this(maxOpen, System::nanoTime);
    }

    /** {@code nanoTicks} is the clock of the idle time, as {@link System#nanoTime}. */
    WhisperReader(int maxOpen, LongSupplier nanoTicks) {
        if (maxOpen < 0) {
            throw new IllegalArgumentException("maxOpen must be 0 or more, found " + maxOpen);
        }
        this.maxOpen = maxOpen;
        this.nanoTicks = nanoTicks;
    }

    /**
     * The slots of {@code path} in {@code (from, until]} as seen at {@code now}, as
     * {@link WhisperFile#fetch}; null when the path is not a regular file. {@link Read#fetched}
     * is null when the range is outside the file's retention.
     */
    public Read fetch(Path path, long from, long until, long now) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException | NotDirectoryException e) {
            forget(path);
            return null;
        } catch (IOException e) {
            throw new WhisperException(path + ": cannot stat: " + e, e);
        }
        if (!attributes.isRegularFile()) {
            forget(path);
            return null;
        }
        long tick = nanoTicks.getAsLong();
        sweep(tick);
        ByteBuffer buffer = borrow();
        try {
            for (int attempt = 0; ; attempt++) {
                OpenFile file = attributes.fileKey() == null || maxOpen == 0 ? null
                        : channel(path, attributes, tick);
                try {
                    if (file == null) {
                        try (FileChannel channel = FileChannel.open(path,
                                StandardOpenOption.READ)) {
                            return read(channel, path, channel.size(), from, until, now,
                                    buffer);
                        }
                    }
                    try {
                        return read(file.channel, path, file.size, from, until, now, buffer);
                    } finally {
                        file.release();
                    }
                } catch (ClosedChannelException e) {
                    // closed by an interrupted reader: open it again
                    if (file != null) {
                        drop(path, file);
                    }
                    if (attempt >= 2 || Thread.currentThread().isInterrupted()) {
                        throw new WhisperException(path + ": cannot read: " + e, e);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return null; // deleted between the stat and the open
        } catch (IOException e) {
            throw new WhisperException(path + ": cannot read: " + e, e);
        } finally {
            giveBack(buffer);
        }
    }

    private static Read read(FileChannel channel, Path path, long size, long from, long until,
            long now, ByteBuffer buffer) throws IOException {
        FileIo io = new ChannelIo(channel);
        WhisperHeader header = readHeader(io, path, size, buffer);
        // the header read holds the first archive's first slot too, most of the time
        return new Read(header, fetch(io, header, path, from, until, now, buffer,
                buffer.duplicate()));
    }

    /**
     * The open file for the path if it is still the file the path names (same key, same size),
     * else a new one; acquired: the caller releases it.
     */
    private OpenFile channel(Path path, BasicFileAttributes attributes, long tick)
            throws IOException {
        OpenFile file = open.get(path);
        if (file != null && file.fileKey.equals(attributes.fileKey())
                && file.size == attributes.size()) {
            if (file.acquire()) {
                file.lastUsed = tick;
                return file;
            }
            return channel(path, attributes, tick); // retired meanwhile: no longer in the map
        }
        if (file != null) {
            drop(path, file);
        }
        // replaced between the stat and the open, the file opened is the newer one, kept under
        // the older key: the next fetch sees the keys differ and opens it again
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        OpenFile opened;
        try {
            opened = new OpenFile(channel, attributes.fileKey(), channel.size(), tick);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        opened.acquire();
        while (openCount.get() >= maxOpen && evictOne()) {
            // make room
        }
        if (open.putIfAbsent(path, opened) == null) {
            openCount.incrementAndGet();
            return opened;
        }
        opened.retire();
        opened.release();
        return channel(path, attributes, tick);
    }

    private boolean evictOne() {
        Iterator<Map.Entry<Path, OpenFile>> entries = open.entrySet().iterator();
        if (!entries.hasNext()) {
            return false;
        }
        Map.Entry<Path, OpenFile> victim = entries.next();
        drop(victim.getKey(), victim.getValue());
        return true;
    }

    private void forget(Path path) {
        OpenFile file = open.get(path);
        if (file != null) {
            drop(path, file);
        }
    }

    private void drop(Path path, OpenFile file) {
        if (open.remove(path, file)) {
            openCount.decrementAndGet();
            file.retire();
        }
    }

    /** Closes the files unused for {@link #IDLE_NANOS}, at most once every tenth of that. */
    private void sweep(long tick) {
        if (tick - nextSweep < 0) {
            return;
        }
        nextSweep = tick + IDLE_NANOS / 10;
        for (Map.Entry<Path, OpenFile> entry : open.entrySet()) {
            if (tick - entry.getValue().lastUsed > IDLE_NANOS) {
                drop(entry.getKey(), entry.getValue());
            }
        }
    }

    /** Files held open now. */
    int openFiles() {
        return openCount.get();
    }

    private ByteBuffer borrow() {
        ByteBuffer buffer = buffers.poll();
        return buffer != null ? buffer : ByteBuffer.allocateDirect(BUFFER_SIZE);
    }

    private void giveBack(ByteBuffer buffer) {
        if (buffers.size() < POOL_SIZE) {
            buffers.offer(buffer.clear());
        }
    }

    /**
     * Reads the header with one read in the common case (up to eight archives). {@code buffer}
     * may be null (a heap buffer is allocated).
     */
    private static WhisperHeader readHeader(FileIo channel, Path path, long size,
            ByteBuffer buffer)
            throws IOException {
        if (size < WhisperFormat.METADATA_SIZE) {
            throw new WhisperException(path + ": not a whisper file: only " + size + " bytes");
        }
        ByteBuffer head = read(channel, path, 0, (int) Math.min(size, HEADER_READ), buffer);
        ByteBuffer metadata = head.duplicate().limit(WhisperFormat.METADATA_SIZE);
        return WhisperHeader.decode(metadata, count -> {
            int bytes = count * WhisperFormat.ARCHIVE_INFO_SIZE;
            if (WhisperFormat.METADATA_SIZE + bytes <= head.limit()) {
                return head.duplicate().position(WhisperFormat.METADATA_SIZE);
            }
            try {
                return read(channel, path, WhisperFormat.METADATA_SIZE, bytes, null);
            } catch (IOException e) {
                throw new WhisperException(path + ": cannot read header: " + e, e);
            }
        }, size, path.toString());
    }

    /**
     * whisper's fetch on an open file: the archive is chosen from {@code now - from} alone; the
     * slots returned are those starting in {@code (from, until]}; a slot whose stored interval
     * is not the one expected reads as NaN. Null when the range is outside the retention.
     * {@code buffer} may be null (heap buffers are allocated); {@code head}, when not null,
     * holds the file's first bytes up to its limit.
     */
    static FetchResult fetch(FileIo channel, WhisperHeader header, Path path, long from,
            long until, long now, ByteBuffer buffer, ByteBuffer head) throws IOException {
        if (from > until) {
            throw new WhisperException(path + ": invalid time interval: from " + from
                    + " is after until " + until);
        }
        long oldest = now - header.maxRetention();
        if (from > now || until < oldest) {
            return null;
        }
        from = Math.max(from, oldest);
        until = Math.min(until, now);
        long age = now - from;
        ArchiveInfo archive = header.archives().get(header.archives().size() - 1);
        for (ArchiveInfo candidate : header.archives()) {
            if (candidate.retention() >= age) {
                archive = candidate;
                break;
            }
        }
        int step = archive.secondsPerPoint();
        long fromInterval = from - Math.floorMod(from, step) + step;
        long untilInterval = until - Math.floorMod(until, step) + step;
        if (fromInterval == untilInterval) {
            untilInterval += step;
        }
        long base = Integer.toUnsignedLong(head != null && archive.offset() + 4 <= head.limit()
                ? head.getInt((int) archive.offset())
                : read(channel, path, archive.offset(), 4, buffer).getInt());
        if (base == 0) {
            double[] empty = new double[(int) ((untilInterval - fromInterval) / step)];
            Arrays.fill(empty, Double.NaN);
            return new FetchResult(fromInterval, untilInterval, step, empty);
        }
        long fromOffset = archive.slotOffset(fromInterval, base);
        long untilOffset = archive.slotOffset(untilInterval, base);
        ByteBuffer slots;
        if (fromOffset < untilOffset) {
            slots = read(channel, path, fromOffset, (int) (untilOffset - fromOffset), buffer);
        } else {
            // the range wraps around the end of the ring: its end, then its start
            int headLength = (int) (archive.end() - fromOffset);
            int tailLength = (int) (untilOffset - archive.offset());
            slots = target(buffer, headLength + tailLength);
            readInto(channel, path, fromOffset, slots.limit(headLength));
            readInto(channel, path, archive.offset(), slots.limit(headLength + tailLength));
            slots.flip();
        }
        int count = slots.remaining() / WhisperFormat.POINT_SIZE;
        double[] values = new double[count];
        int at = slots.position();
        long expected = fromInterval;
        for (int i = 0; i < count; i++, at += WhisperFormat.POINT_SIZE) {
            // absolute reads: a fifth faster than relative ones, which move the position
            long interval = Integer.toUnsignedLong(slots.getInt(at));
            values[i] = interval == expected ? slots.getDouble(at + 4) : Double.NaN;
            expected += step;
        }
        return new FetchResult(fromInterval, untilInterval, step, values);
    }

    /** {@code length} bytes at {@code offset}, in {@code buffer} if it is large enough. */
    private static ByteBuffer read(FileIo channel, Path path, long offset, int length,
            ByteBuffer buffer) throws IOException {
        ByteBuffer target = target(buffer, length);
        readInto(channel, path, offset, target.limit(length));
        return target.flip();
    }

    private static ByteBuffer target(ByteBuffer buffer, int length) {
        return buffer != null && buffer.capacity() >= length ? buffer.clear()
                : ByteBuffer.allocate(length);
    }

    /** Fills {@code target} from its position to its limit with the bytes at {@code offset}. */
    private static void readInto(FileIo channel, Path path, long offset, ByteBuffer target)
            throws IOException {
        int start = target.position();
        while (target.hasRemaining()) {
            if (channel.read(target, offset + target.position() - start) < 0) {
                throw new WhisperException(path + ": truncated: expected "
                        + (target.limit() - start) + " bytes at offset " + offset
                        + ", the file ends before");
            }
        }
    }

    @Override
    public void close() {
        for (Map.Entry<Path, OpenFile> entry : open.entrySet()) {
            drop(entry.getKey(), entry.getValue());
        }
    }
}
