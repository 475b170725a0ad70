package org.dkumonitor.server.whisper;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A file open as a bare Linux descriptor, read and written with {@code pread}/{@code pwrite}
 * through the Foreign Function &amp; Memory API. What it saves a writer of a known file: the
 * {@code stat} of the path before each open (its identity is asked of the descriptor, without
 * looking up the path again), the access time recorded at the read after each write (opened
 * to write with {@code O_NOATIME}: a writer's own reads are not accesses), and the JDK
 * channel's bookkeeping; a new file made without a name
 * is written through the descriptor that made it, without opening it again by
 * {@code /proc/self/fd}.
 *
 * <p>Bytes pass through a small native buffer per thread (as the JDK's channels copy a heap
 * buffer), not pinned heap memory: a write to a disk that stalls must not hold off the garbage
 * collector. Used by one thread at a time, as a {@link WhisperFile} is, and closed once: a
 * descriptor number closed twice may by then be another file's.
 */
final class DescriptorIo implements FileIo {

    /** The most one call moves: callers loop, and no thread keeps a larger buffer. */
    static final int MAX_TRANSFER = 256 * 1024;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final int fd;
    private boolean closed;

    DescriptorIo(int fd) {
        this.fd = fd;
    }

    /**
     * The existing file {@code path}, opened as a descriptor; null where bare descriptors
     * cannot be had (not Linux, a C library without these calls, native access denied, a path
     * outside the default file system): the caller opens a channel.
     */
    static DescriptorIo open(Path path, boolean writable) throws IOException {
        int fd = NativeFiles.openExisting(path, writable);
        return fd < 0 ? null : new DescriptorIo(fd);
    }

    int fd() {
        return fd;
    }

    @Override
    public int read(ByteBuffer target, long position) throws IOException {
        int length = Math.min(target.remaining(), MAX_TRANSFER);
        if (length == 0) {
            return 0;
        }
        Scratch scratch = SCRATCH.get();
        MemorySegment buffer = scratch.buffer(length);
        int count = (int) NativeFiles.pread(fd, buffer, length, position, scratch.state);
        if (count == 0) {
            return -1;
        }
        MemorySegment.ofBuffer(target).copyFrom(buffer.asSlice(0, count));
        target.position(target.position() + count);
        return count;
    }

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
        int length = Math.min(source.remaining(), MAX_TRANSFER);
        if (length == 0) {
            return 0;
        }
        Scratch scratch = SCRATCH.get();
        MemorySegment buffer = scratch.buffer(length);
        MemorySegment.copy(MemorySegment.ofBuffer(source), 0, buffer, 0, length);
        int count = (int) NativeFiles.pwrite(fd, buffer, length, position, scratch.state);
        source.position(source.position() + count);
        return count;
    }

    @Override
    public long size() throws IOException {
        return identity(null).size();
    }

    /** Asked of the descriptor: the file it has open, whatever its path names now. */
    @Override
    public Identity identity(Path path) throws IOException {
        Scratch scratch = SCRATCH.get();
        return NativeFiles.identity(fd, scratch.stat, scratch.state);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            NativeFiles.close(fd);
        }
    }

    /** A thread's native memory for the calls: errno, statx's answer and the bytes moved. */
    private static final class Scratch {
        private final MemorySegment state;
        private final MemorySegment stat;
        private MemorySegment buffer;

        Scratch() {
            Arena arena = Arena.ofAuto();
            state = NativeFiles.callState(arena);
            stat = arena.allocate(NativeFiles.STATX_BYTES, 8);
            buffer = arena.allocate(4096, 8);
        }

        MemorySegment buffer(int length) {
            if (length > buffer.byteSize()) {
                // freed with the smaller one once unreachable
                buffer = Arena.ofAuto().allocate(Integer.highestOneBit(length - 1) << 1, 8);
            }
            return buffer;
        }
    }
}
