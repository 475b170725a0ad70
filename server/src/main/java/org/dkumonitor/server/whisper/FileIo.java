package org.dkumonitor.server.whisper;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Positional reads and writes of one open file: what a {@link WhisperFile} needs of it. A
 * {@link FileChannel} for every file system, or a {@link NativeFile} (a bare descriptor) where
 * the persister opens a file for one update on Linux.
 */
interface FileIo extends Closeable {

    /** As {@link FileChannel#read(ByteBuffer, long)}: -1 at the end of the file. */
    int read(ByteBuffer into, long position) throws IOException;

    /** As {@link FileChannel#write(ByteBuffer, long)}. */
    int write(ByteBuffer from, long position) throws IOException;

    long size() throws IOException;

    /** The file as a channel, for code that reads through one (fetch); null for a descriptor. */
    FileChannel channel();

    static FileIo of(FileChannel channel) {
        return new ChannelIo(channel);
    }

    /** A channel's own calls. */
    record ChannelIo(FileChannel channel) implements FileIo {
        @Override
        public int read(ByteBuffer into, long position) throws IOException {
            return channel.read(into, position);
        }

        @Override
        public int write(ByteBuffer from, long position) throws IOException {
            return channel.write(from, position);
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
