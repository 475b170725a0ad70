package org.dkumonitor.server.whisper;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A whisper file being made: written whole before anyone can open it by its name, then named
 * in one step that never replaces a file, so a reader or a crash never meets half a file.
 *
 * <p>Where the file system allows, the file has no name until then ({@link Unnamed}:
 * {@code O_TMPFILE}, then {@code linkat}): one change to its directory per file, where a
 * temporary name costs two (its creation and its rename, each holding the directory's lock
 * against the other writer) and a crash leaves nothing behind. Elsewhere it is made under a
 * hidden temporary name beside its final one ({@link Temporary}).
 */
sealed interface NewFile permits NewFile.Unnamed, NewFile.Temporary {

    /** The new file, open for reading and writing; stays open once the file is named. */
    FileIo io();

    /** Gives bytes {@code [from, size)} their disk space as {@code allocation} says. */
    void makeDataArea(long from, long size, Allocation allocation) throws IOException;

    /** Names the complete file {@code target}; FileAlreadyExistsException when it exists. */
    void publish() throws IOException;

    /** Closes and removes the file (after a failure). */
    void discard();

    /** A new file in {@code target}'s directory (made when missing), to be named target. */
    static NewFile make(Path target) throws IOException {
        NewFile unnamed = Unnamed.open(target);
        return unnamed != null ? unnamed : Temporary.open(target);
    }

    /** A file without a name until {@link #publish}: the descriptor names it meanwhile. */
    record Unnamed(Path target, DescriptorIo io) implements NewFile {

        /** linkat names an unnamed file by the kernel's link to it, under /proc. */
        private static final boolean PROC = Files.isDirectory(NativeFiles.descriptorPath(0)
                .getParent());

        /** Null where unnamed files are refused (file system, kernel, no /proc). */
        static Unnamed open(Path target) throws IOException {
            if (!PROC) {
                return null;
            }
            Path directory = target.toAbsolutePath().getParent();
            int fd;
            try {
                fd = NativeFiles.openUnnamed(directory);
            } catch (NoSuchFileException e) {
                Files.createDirectories(directory);
                fd = NativeFiles.openUnnamed(directory);
            }
            return fd < 0 ? null : new Unnamed(target, new DescriptorIo(fd));
        }

        @Override
        public void makeDataArea(long from, long size, Allocation allocation)
                throws IOException {
            DataArea.make(io, target, from, size, allocation);
        }

        /** Named; its descriptor stays open as the file's. */
        @Override
        public void publish() throws IOException {
            NativeFiles.linkUnnamed(io.fd(), target);
        }

        @Override
        public void discard() {
            io.close(); // the file had no name: it is gone
        }
    }

    /** A file under a hidden temporary name beside its final one. */
    record Temporary(Path target, Path path, FileIo io) implements NewFile {

        private static final String PROCESS = Long.toString(ProcessHandle.current().pid());
        private static final AtomicLong NAMES = new AtomicLong(System.nanoTime() & 0xFFFF_FFFFL);

        static Temporary open(Path target) throws IOException {
            Path directory = target.toAbsolutePath().getParent();
            for (int attempt = 0; ; attempt++) {
                Path temporary = directory.resolve(name(target));
                try {
                    return new Temporary(target, temporary, openNew(temporary));
                } catch (NoSuchFileException e) {
                    Files.createDirectories(directory);
                    return new Temporary(target, temporary, openNew(temporary));
                } catch (FileAlreadyExistsException e) {
                    // a leftover of a crash with this very name: not ours
                    if (attempt == 10) {
                        throw new IOException("no free temporary name in " + directory, e);
                    }
                }
            }
        }

        /**
         * A hidden name, unique within this process (a crash's leftover is skipped), never
         * longer than {@value WhisperFile#MAX_FILE_NAME_BYTES} bytes: the file's name is cut
         * short in it when needed, so that a metric node of the longest length allowed can
         * still be created.
         */
        static String name(Path target) {
            String suffix = "." + PROCESS + "-" + (NAMES.incrementAndGet() & 0xFFFF_FFFFL)
                    + ".tmp";
            return utf8Prefix("." + target.getFileName(),
                    WhisperFile.MAX_FILE_NAME_BYTES - suffix.length()) + suffix;
        }

        @Override
        public void makeDataArea(long from, long size, Allocation allocation)
                throws IOException {
            DataArea.make(io, path, from, size, allocation);
        }

        /**
         * Renamed in one step that fails if the name exists ({@code renameat2} with
         * {@code RENAME_NOREPLACE}); where that call is missing, hard-linked to its name and
         * the temporary name removed; where the file system has no hard links either, renamed
         * after a check that the name is free.
         */
        @Override
        public void publish() throws IOException {
            if (NativeFiles.renameNoReplace(path, target)) {
                return;
            }
            try {
                Files.createLink(target, path);
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (UnsupportedOperationException | FileSystemException e) {
                // the JDK's answer where the file system has no hard links (or refuses them)
                if (Files.exists(target)) {
                    throw new FileAlreadyExistsException(target.toString());
                }
                moveIntoPlace(target);
                return;
            }
            Files.delete(path);
        }

        /** Renames the complete file over {@code target}, which may exist, in one step. */
        void replace() throws IOException {
            Files.move(path, target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }

        @Override
        public void discard() {
            WhisperFile.closeQuietly(io);
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // the original failure is what the caller needs to see
            }
        }

        private void moveIntoPlace(Path to) throws IOException {
            try {
                Files.move(path, to, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(path, to);
            }
        }

        private static FileIo openNew(Path temporary) throws IOException {
            return new ChannelIo(FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ, StandardOpenOption.WRITE));
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
    }
}
