package org.dkumonitor.server.whisper;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A whisper file opened with {@code open(2)} and read and written with {@code pread(2)} and
 * {@code pwrite(2)} through the Foreign Function &amp; Memory API: what the persister uses for
 * its one update of a file it does not keep open (a fleet of 100,000 metrics is written every
 * 10 s through a few thousand handles, so nearly every update opens its file).
 *
 * <p>Why: a {@link FileChannel} costs, per update, an {@code access(2)} to learn whether the
 * file exists (asking by opening would cost an exception per new metric), a channel, a file
 * descriptor object and a cleaner that the collector must process, and per call the JDK's
 * interruptible-I/O bookkeeping and a copy through a thread's temporary direct buffer. Here a
 * missing file is the answer {@code ENOENT}, and the bytes go through one native scratch buffer
 * of the calling thread. Files on another file system (jimfs in tests) or off Linux use a
 * channel ({@link #open} answers {@link #UNAVAILABLE}).
 *
 * <p>Not thread-safe: one thread uses a handle (the persister's worker that owns the metric).
 */
final class NativeFile implements FileIo {

    /** What {@link #open} answers where native calls cannot be used: use a channel. */
    static final NativeFile UNAVAILABLE = new NativeFile(-1, null);

    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final int SEEK_END = 2;
    private static final int EINTR = 4;
    private static final int ENOENT = 2;
    /** Bytes a thread's scratch buffer holds: larger reads and writes go in slices. */
    private static final int SCRATCH_BYTES = 64 * 1024;

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(
            MemoryLayout.PathElement.groupElement("errno"));
    private static final Charset NAMES = Charset.forName(
            System.getProperty("sun.jnu.encoding", "UTF-8"), StandardCharsets.UTF_8);
    private static final MethodHandle OPEN;
    private static final MethodHandle CLOSE;
    private static final MethodHandle PREAD;
    private static final MethodHandle PWRITE;
    private static final MethodHandle LSEEK;
    /** Per thread: the errno of the last call, then the scratch bytes. */
    private static final ThreadLocal<MemorySegment> SCRATCH = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(CALL_STATE.byteSize() + SCRATCH_BYTES, 16));

    static {
        MethodHandle[] handles = linuxCalls();
        boolean all = true;
        for (MethodHandle handle : handles) {
            all &= handle != null;
        }
        OPEN = all ? handles[0] : null;
        CLOSE = handles[1];
        PREAD = handles[2];
        PWRITE = handles[3];
        LSEEK = handles[4];
    }

    private final Path path;
    private int fd;

    private NativeFile(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    @SuppressWarnings("restricted")
    private static MethodHandle[] linuxCalls() {
        MethodHandle[] handles = new MethodHandle[5];
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return handles;
        }
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            Linker.Option errno = Linker.Option.captureCallState("errno");
            handles[0] = libc.find("open").map(symbol -> linker.downcallHandle(symbol,
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                    Linker.Option.firstVariadicArg(2), errno)).orElse(null);
            handles[1] = libc.find("close").map(symbol -> linker.downcallHandle(symbol,
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT))).orElse(null);
            FunctionDescriptor io = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS,
                    JAVA_LONG, JAVA_LONG);
            handles[2] = libc.find("pread").map(symbol -> linker.downcallHandle(symbol, io,
                    errno)).orElse(null);
            handles[3] = libc.find("pwrite").map(symbol -> linker.downcallHandle(symbol, io,
                    errno)).orElse(null);
            handles[4] = libc.find("lseek").map(symbol -> linker.downcallHandle(symbol,
                    FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), errno))
                    .orElse(null);
        } catch (IllegalCallerException | UnsupportedOperationException e) {
            return new MethodHandle[5]; // native access not granted: channels it is
        }
        return handles;
    }

    /**
     * Opens the file for reading and writing: null when it does not exist,
     * {@link #UNAVAILABLE} when native calls cannot be used for it.
     */
    static NativeFile open(Path path) throws IOException {
        if (OPEN == null || path.getFileSystem() != FileSystems.getDefault()) {
            return UNAVAILABLE;
        }
        byte[] name = path.toAbsolutePath().toString().getBytes(NAMES);
        MemorySegment scratch = SCRATCH.get();
        if (name.length + 1 > SCRATCH_BYTES) {
            return UNAVAILABLE; // longer than any path Linux takes: let the JDK say why
        }
        MemorySegment state = scratch.asSlice(0, CALL_STATE.byteSize());
        MemorySegment cName = scratch.asSlice(CALL_STATE.byteSize(), name.length + 1L);
        MemorySegment.copy(name, 0, cName, JAVA_BYTE, 0, name.length);
        cName.set(JAVA_BYTE, name.length, (byte) 0);
        int fd;
        try {
            do {
                fd = (int) OPEN.invokeExact(state, cName, O_RDWR | O_CLOEXEC, 0);
            } while (fd < 0 && errno(state) == EINTR);
        } catch (Throwable e) {
            throw rethrown(e);
        }
        if (fd >= 0) {
            return new NativeFile(fd, path);
        }
        int error = errno(state);
        if (error == ENOENT) {
            return null;
        }
        throw failure(path, "open", error);
    }

    @Override
    public int read(ByteBuffer into, long position) throws IOException {
        int wanted = Math.min(into.remaining(), SCRATCH_BYTES);
        if (wanted == 0) {
            return 0;
        }
        MemorySegment scratch = SCRATCH.get();
        MemorySegment state = scratch.asSlice(0, CALL_STATE.byteSize());
        MemorySegment bytes = scratch.asSlice(CALL_STATE.byteSize(), wanted);
        long read;
        try {
            do {
                read = (long) PREAD.invokeExact(state, checkedFd(), bytes, (long) wanted,
                        position);
            } while (read < 0 && errno(state) == EINTR);
        } catch (Throwable e) {
            throw rethrown(e);
        }
        if (read < 0) {
            throw failure(path, "read", errno(state));
        }
        if (read == 0) {
            return -1;
        }
        int count = (int) read;
        MemorySegment.copy(bytes, 0, MemorySegment.ofBuffer(into), 0, count);
        into.position(into.position() + count);
        return count;
    }

    @Override
    public int write(ByteBuffer from, long position) throws IOException {
        int length = Math.min(from.remaining(), SCRATCH_BYTES);
        if (length == 0) {
            return 0;
        }
        MemorySegment scratch = SCRATCH.get();
        MemorySegment state = scratch.asSlice(0, CALL_STATE.byteSize());
        MemorySegment bytes = scratch.asSlice(CALL_STATE.byteSize(), length);
        MemorySegment.copy(MemorySegment.ofBuffer(from), 0, bytes, 0, length);
        long written;
        try {
            do {
                written = (long) PWRITE.invokeExact(state, checkedFd(), bytes, (long) length,
                        position);
            } while (written < 0 && errno(state) == EINTR);
        } catch (Throwable e) {
            throw rethrown(e);
        }
        if (written < 0) {
            throw failure(path, "write", errno(state));
        }
        from.position(from.position() + (int) written);
        return (int) written;
    }

    @Override
    public long size() throws IOException {
        MemorySegment state = SCRATCH.get().asSlice(0, CALL_STATE.byteSize());
        long size;
        try {
            size = (long) LSEEK.invokeExact(state, checkedFd(), 0L, SEEK_END);
        } catch (Throwable e) {
            throw rethrown(e);
        }
        if (size < 0) {
            throw failure(path, "lseek", errno(state));
        }
        return size;
    }

    @Override
    public FileChannel channel() {
        return null;
    }

    @Override
    public void close() throws IOException {
        if (fd < 0) {
            return;
        }
        int closing = fd;
        fd = -1;
        int result;
        try {
            result = (int) CLOSE.invokeExact(closing);
        } catch (Throwable e) {
            throw rethrown(e);
        }
        if (result != 0) {
            // the descriptor is gone either way (Linux); a delayed write error shows here
            throw new FileSystemException(path.toString(), null, "close failed");
        }
    }

    private int checkedFd() throws IOException {
        if (fd < 0) {
            throw new java.nio.channels.ClosedChannelException();
        }
        return fd;
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static RuntimeException rethrown(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("calling the C library: " + e, e);
    }

    /** A failed call as the JDK reports one: the reason a user can act on. */
    private static IOException failure(Path path, String call, int errno) {
        return new FileSystemException(path.toString(), null, NativeFiles.reason(errno, call));
    }
}
