package org.dkumonitor.server.whisper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * An open whisper file's positional reads and writes: the JDK's {@link ChannelIo}, or, on
 * Linux, the file's bare descriptor ({@link DescriptorIo}), which saves what a steady update
 * pays besides its writes: the {@code stat} of the path that tells a kept layout is still the
 * file's, and the access time the kernel would record at each read.
 */
sealed interface FileIo extends AutoCloseable permits ChannelIo, DescriptorIo {

    /** Reads into {@code target} from {@code position}: the bytes read, -1 at the end. */
    int read(ByteBuffer target, long position) throws IOException;

    /** Writes from {@code source} at {@code position}: the bytes written (maybe fewer). */
    int write(ByteBuffer source, long position) throws IOException;

    long size() throws IOException;

    /**
     * Which file this is and its size, as a kept layout remembers it; null when the file
     * system gives files no key. {@code path} is the name it was opened by.
     */
    Identity identity(Path path) throws IOException;

    @Override
    void close() throws IOException;

    /** A file's key in its file system (device and inode on Linux) and its size. */
    record Identity(Object key, long size) {
    }
}
