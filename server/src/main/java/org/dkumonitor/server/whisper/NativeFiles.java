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
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Linux system calls the JDK does not offer, called through the Foreign Function &amp; Memory
 * API: {@code fallocate(2)}, which gives a new whisper file its blocks without writing them (a
 * 916 KiB file costs an extent record instead of 916 KiB of zeros); {@code open(2)} with
 * {@code O_TMPFILE} and {@code linkat(2)}, which make a file without a name and give it one
 * once complete, never replacing a file already there; {@code renameat2(2)} with
 * {@code RENAME_NOREPLACE}, which does the same for a finished temporary file where unnamed
 * files are refused; and {@code open(2)} of an existing file (with {@code O_NOATIME} to write),
 * {@code pread(2)}, {@code pwrite(2)} and {@code statx(2)} of its descriptor, for
 * {@link DescriptorIo}.
 *
 * <p>Each answers "refused" (false, or -1) rather than failing where the call does not exist
 * (not Linux, an old C library, a path outside the default file system such as jimfs in tests)
 * or the file system refuses the operation ({@code EOPNOTSUPP}, {@code ENOSYS},
 * {@code EINVAL}): the caller then does it the portable way. A real failure ({@code ENOSPC},
 * {@code EEXIST}) is an {@link IOException} with the reason.
 *
 * <p>Path bytes are encoded as the JDK encodes file names ({@code sun.jnu.encoding}), so the
 * native call names the file Java created even where that is not UTF-8.
 */
final class NativeFiles {

    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    /** The same on every Linux architecture the JDK runs on. */
    private static final int O_NOATIME = 0x40000;
    /** O_TMPFILE includes O_DIRECTORY, whose value depends on the architecture; 0: unknown. */
    private static final int O_TMPFILE = switch (System.getProperty("os.arch", "")) {
        case "amd64", "x86_64" -> 0x400000 | 0x10000;
        case "aarch64" -> 0x400000 | 0x4000;
        default -> 0;
    };
    private static final int NEW_FILE_MODE = 0666; // as the JDK creates files: less the umask
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_FOLLOW = 0x400;
    private static final int RENAME_NOREPLACE = 1;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_INO = 0x100;
    private static final int STATX_SIZE = 0x200;
    /** struct statx: the same layout on every architecture. */
    static final long STATX_BYTES = 256;
    private static final long STATX_INO_AT = 32;
    private static final long STATX_SIZE_AT = 40;
    private static final long STATX_DEV_MAJOR_AT = 136;
    private static final long STATX_DEV_MINOR_AT = 140;
    /** fallocate mode that punches a hole without keeping the size: always EOPNOTSUPP (tests). */
    static final int MODE_UNSUPPORTED = 0x02;

    private static final int EPERM = 1;
    private static final int ENOENT = 2;
    private static final int EINTR = 4;
    private static final int EIO = 5;
    private static final int EACCES = 13;
    private static final int EEXIST = 17;
    private static final int ENOTDIR = 20;
    private static final int EISDIR = 21;
    private static final int EINVAL = 22;
    private static final int ENFILE = 23;
    private static final int EMFILE = 24;
    private static final int EFBIG = 27;
    private static final int ENOSPC = 28;
    private static final int EROFS = 30;
    private static final int ENOSYS = 38;
    private static final int ELOOP = 40;
    private static final int EOPNOTSUPP = 95;
    private static final int EDQUOT = 122;

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(
            MemoryLayout.PathElement.groupElement("errno"));
    private static final Charset NAMES = Charset.forName(
            System.getProperty("sun.jnu.encoding", "UTF-8"), StandardCharsets.UTF_8);

    private static final MethodHandle OPEN;
    private static final MethodHandle CLOSE;
    private static final MethodHandle FALLOCATE;
    private static final MethodHandle RENAMEAT2;
    private static final MethodHandle LINKAT;
    private static final MethodHandle PREAD;
    private static final MethodHandle PWRITE;
    private static final MethodHandle STATX;
    /** The empty path statx takes with AT_EMPTY_PATH to describe the descriptor itself. */
    private static final MemorySegment EMPTY_PATH = Arena.global().allocate(1);

    static {
        MethodHandle[] handles = linuxCalls();
        OPEN = handles[0];
        CLOSE = handles[1];
        FALLOCATE = handles[0] != null && handles[1] != null ? handles[2] : null;
        RENAMEAT2 = handles[3];
        LINKAT = handles[4];
        boolean descriptors = OPEN != null && CLOSE != null && handles[5] != null
                && handles[6] != null && handles[7] != null;
        PREAD = descriptors ? handles[5] : null;
        PWRITE = descriptors ? handles[6] : null;
        STATX = descriptors ? handles[7] : null;
    }

    /**
     * open, close, fallocate, renameat2, linkat, pread, pwrite and statx of the C library,
     * each null where missing; all null off Linux. Linking native functions is a restricted
     * operation: the launcher grants it ({@code --enable-native-access=ALL-UNNAMED}).
     */
    private static MethodHandle[] linuxCalls() {
        MethodHandle[] handles = new MethodHandle[8];
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return handles;
        }
        try {
            link(handles);
        } catch (IllegalCallerException | UnsupportedOperationException e) {
            // native access denied (--illegal-native-access=deny), or no linker: the JDK's way
            java.util.Arrays.fill(handles, null);
        }
        return handles;
    }

    @SuppressWarnings("restricted")
    private static void link(MethodHandle[] handles) {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        handles[0] = libc.find("open").map(symbol -> linker.downcallHandle(symbol,
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2), errno)).orElse(null);
        handles[1] = libc.find("close").map(symbol -> linker.downcallHandle(symbol,
                FunctionDescriptor.of(JAVA_INT, JAVA_INT))).orElse(null);
        handles[2] = libc.find("fallocate").map(symbol -> linker.downcallHandle(symbol,
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG),
                errno)).orElse(null);
        handles[3] = libc.find("renameat2").map(symbol -> linker.downcallHandle(symbol,
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT),
                errno)).orElse(null);
        handles[4] = libc.find("linkat").map(symbol -> linker.downcallHandle(symbol,
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT),
                errno)).orElse(null);
        FunctionDescriptor transfer = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS,
                JAVA_LONG, JAVA_LONG);
        handles[5] = libc.find("pread").map(symbol -> linker.downcallHandle(symbol, transfer,
                errno)).orElse(null);
        handles[6] = libc.find("pwrite").map(symbol -> linker.downcallHandle(symbol, transfer,
                errno)).orElse(null);
        handles[7] = libc.find("statx").map(symbol -> linker.downcallHandle(symbol,
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS),
                errno)).orElse(null);
    }

    private NativeFiles() {
    }

    /** Whether fallocate can be tried at all here. */
    static boolean canAllocate() {
        return FALLOCATE != null;
    }

    /**
     * Gives the existing file {@code path} blocks for its first {@code length} bytes (and that
     * size), without writing them: they read as zeros. False when the call or the file system
     * refuses; an IOException when it fails (the disk is full).
     */
    static boolean allocate(Path path, long length) throws IOException {
        return allocate(path, length, 0);
    }

    static boolean allocate(Path path, long length, int mode) throws IOException {
        if (FALLOCATE == null || !onDefaultFileSystem(path)) {
            return false;
        }
        return calling("fallocate", (arena, state) -> {
            int fd = (int) OPEN.invokeExact(state, name(arena, path), O_WRONLY | O_CLOEXEC, 0);
            if (fd < 0) {
                throw failure(path, "open", errno(state));
            }
            try {
                return allocate(state, fd, length, mode, path);
            } finally {
                close(fd);
            }
        });
    }

    /** As {@link #allocate(Path, long)}, for the file open as {@code fd}, named {@code path}. */
    static boolean allocate(int fd, long length, Path path) throws IOException {
        if (FALLOCATE == null) {
            return false;
        }
        return calling("fallocate", (arena, state) -> allocate(state, fd, length, 0, path));
    }

    private static boolean allocate(MemorySegment state, int fd, long length, int mode,
            Path path) throws Throwable {
        int result;
        do {
            result = (int) FALLOCATE.invokeExact(state, fd, mode, 0L, length);
        } while (result != 0 && errno(state) == EINTR);
        if (result == 0) {
            return true;
        }
        int error = errno(state);
        if (error == EOPNOTSUPP || error == ENOSYS || error == EINVAL || error == EPERM) {
            return false;
        }
        throw failure(path, "fallocate", error);
    }

    /**
     * Opens a new file without a name in {@code directory}, for reading and writing: its
     * descriptor, or -1 when the call or the file system refuses unnamed files. Nobody can open
     * it until {@link #linkUnnamed} names it; closed without a name, it is gone. Written as a
     * {@link DescriptorIo}: -1 where those calls are missing.
     * NoSuchFileException when the directory does not exist.
     */
    static int openUnnamed(Path directory) throws IOException {
        if (O_TMPFILE == 0 || PREAD == null || LINKAT == null
                || !onDefaultFileSystem(directory)) {
            return -1;
        }
        return calling("open", (arena, state) -> {
            int fd = (int) OPEN.invokeExact(state, name(arena, directory),
                    O_TMPFILE | O_RDWR | O_CLOEXEC, NEW_FILE_MODE);
            if (fd >= 0) {
                return fd;
            }
            int error = errno(state);
            if (error == ENOENT) {
                throw new NoSuchFileException(directory.toString());
            }
            // EISDIR: a kernel older than 3.11 took the flag for O_DIRECTORY
            if (error == EOPNOTSUPP || error == EISDIR || error == EINVAL || error == ENOSYS) {
                return -1;
            }
            throw failure(directory, "open of an unnamed file", error);
        });
    }

    /**
     * The name through which another open reaches the unnamed file {@code fd}: the kernel's
     * link to the open file (missing where /proc is not mounted).
     */
    static Path descriptorPath(int fd) {
        return Path.of("/proc/self/fd", Integer.toString(fd));
    }

    /**
     * Gives the unnamed file {@code fd} the name {@code target}, never replacing a file:
     * FileAlreadyExistsException when {@code target} exists.
     */
    static void linkUnnamed(int fd, Path target) throws IOException {
        calling("linkat", (arena, state) -> {
            int result = (int) LINKAT.invokeExact(state, AT_FDCWD,
                    name(arena, descriptorPath(fd)),
                    AT_FDCWD, name(arena, target), AT_SYMLINK_FOLLOW);
            if (result == 0) {
                return null;
            }
            int error = errno(state);
            if (error == EEXIST) {
                throw new FileAlreadyExistsException(target.toString());
            }
            throw failure(target, "linkat", error);
        });
    }

    /** Closes a descriptor opened here; its errors are of no use to anyone. */
    static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            throw new IllegalStateException("calling close: " + e, e);
        }
    }

    /**
     * Opens the existing file {@code path}, for reading and writing or for reading only: its
     * descriptor, or -1 where bare descriptors cannot be had (see {@link DescriptorIo}).
     * NoSuchFileException when missing. A writer's own reads are not accesses: opened for
     * writing, the file's access time is left alone where its owner may ask that
     * ({@code O_NOATIME}; a process that does not own the file opens it without); a reader's
     * open records access as any reader's does (tools find the metrics nobody reads by it).
     */
    static int openExisting(Path path, boolean writable) throws IOException {
        if (PREAD == null || !onDefaultFileSystem(path)) {
            return -1;
        }
        int mode = (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC;
        return calling("open", (arena, state) -> {
            MemorySegment name = name(arena, path);
            int fd = (int) OPEN.invokeExact(state, name, writable ? mode | O_NOATIME : mode, 0);
            if (fd < 0 && writable && errno(state) == EPERM) {
                fd = (int) OPEN.invokeExact(state, name, mode, 0);
            }
            if (fd >= 0) {
                return fd;
            }
            int error = errno(state);
            if (error == ENOENT) {
                throw new NoSuchFileException(path.toString());
            }
            if (error == EACCES) {
                throw new AccessDeniedException(path.toString());
            }
            throw failure(path, "open", error);
        });
    }

    /** The memory a descriptor's calls take for errno, in {@code arena}. */
    static MemorySegment callState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /**
     * Reads up to {@code length} bytes at {@code position} of {@code fd} into {@code buffer}:
     * the count read, 0 at the end of the file. {@code state} from {@link #callState}.
     */
    static long pread(int fd, MemorySegment buffer, long length, long position,
            MemorySegment state) throws IOException {
        return transfer(PREAD, "pread", fd, buffer, length, position, state);
    }

    /** As {@link #pread}, writing: the count written. */
    static long pwrite(int fd, MemorySegment buffer, long length, long position,
            MemorySegment state) throws IOException {
        return transfer(PWRITE, "pwrite", fd, buffer, length, position, state);
    }

    /** pread or pwrite, tried again when a signal interrupts it. */
    private static long transfer(MethodHandle call, String name, int fd, MemorySegment buffer,
            long length, long position, MemorySegment state) throws IOException {
        try {
            long count;
            do {
                count = (long) call.invokeExact(state, fd, buffer, length, position);
            } while (count < 0 && errno(state) == EINTR);
            if (count < 0) {
                throw failure(name, errno(state));
            }
            return count;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("calling " + name + ": " + e, e);
        }
    }

    /**
     * The device, inode and size of the file open as {@code fd}, read into {@code stat}
     * ({@link #STATX_BYTES} long): no path is looked up.
     */
    static FileIo.Identity identity(int fd, MemorySegment stat, MemorySegment state)
            throws IOException {
        try {
            int result = (int) STATX.invokeExact(state, fd, EMPTY_PATH, AT_EMPTY_PATH,
                    STATX_INO | STATX_SIZE, stat);
            if (result != 0) {
                throw failure("statx", errno(state));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("calling statx: " + e, e);
        }
        long device = (Integer.toUnsignedLong(stat.get(JAVA_INT, STATX_DEV_MAJOR_AT)) << 32)
                | Integer.toUnsignedLong(stat.get(JAVA_INT, STATX_DEV_MINOR_AT));
        return new FileIo.Identity(new DeviceInode(device, stat.get(JAVA_LONG, STATX_INO_AT)),
                stat.get(JAVA_LONG, STATX_SIZE_AT));
    }

    /** A file's key as {@link #identity} tells it. */
    record DeviceInode(long device, long inode) {
    }

    /**
     * Renames {@code from} to {@code to} unless {@code to} exists, in one step. False when the
     * call or the file system does not offer that; FileAlreadyExistsException when {@code to}
     * exists.
     */
    static boolean renameNoReplace(Path from, Path to) throws IOException {
        if (RENAMEAT2 == null || !onDefaultFileSystem(from) || !onDefaultFileSystem(to)) {
            return false;
        }
        return calling("renameat2", (arena, state) -> {
            int result = (int) RENAMEAT2.invokeExact(state, AT_FDCWD, name(arena, from),
                    AT_FDCWD, name(arena, to), RENAME_NOREPLACE);
            if (result == 0) {
                return true;
            }
            int error = errno(state);
            if (error == EEXIST) {
                throw new FileAlreadyExistsException(to.toString());
            }
            if (error == EINVAL || error == ENOSYS || error == EOPNOTSUPP) {
                return false;
            }
            throw failure(from, "renameat2 to " + to, error);
        });
    }

    /** A native call's body, given a confined arena and the memory for errno. */
    @FunctionalInterface
    private interface NativeCall<T> {
        T call(Arena arena, MemorySegment state) throws Throwable;
    }

    /**
     * Runs {@code body}: its IOException (the reason a user can act on) as is; anything a
     * method handle may throw besides is a broken link to the C library.
     */
    private static <T> T calling(String function, NativeCall<T> body) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            return body.call(arena, arena.allocate(CALL_STATE));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("calling " + function + ": " + e, e);
        }
    }

    private static boolean onDefaultFileSystem(Path path) {
        return path.getFileSystem() == FileSystems.getDefault();
    }

    /** The path as a C string (the arena's memory is zeroed: the terminator is there). */
    private static MemorySegment name(Arena arena, Path path) {
        byte[] bytes = path.toAbsolutePath().toString().getBytes(NAMES);
        MemorySegment name = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, name, JAVA_BYTE, 0, bytes.length);
        return name;
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** A failed call as the JDK reports one: the reason a user can act on. */
    private static IOException failure(Path path, String call, int errno) {
        return new FileSystemException(path.toString(), null, reason(call, errno));
    }

    /** A failed call on a descriptor, as the JDK reports one of a channel. */
    private static IOException failure(String call, int errno) {
        return new IOException(reason(call, errno));
    }

    private static String reason(String call, int errno) {
        return switch (errno) {
            case EIO -> "Input/output error";
            case ENOSPC -> "No space left on device";
            case EDQUOT -> "Disk quota exceeded";
            case EFBIG -> "File too large";
            case EACCES -> "Permission denied";
            case EROFS -> "Read-only file system";
            case EMFILE -> "Too many open files";
            case ENFILE -> "Too many open files in system";
            case ENOTDIR -> "Not a directory";
            case EISDIR -> "Is a directory";
            case ELOOP -> "Too many levels of symbolic links";
            default -> call + " failed with errno " + errno;
        };
    }
}
