package org.dkumonitor.server.whisper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** A file read and written through the JDK: wherever a bare descriptor cannot be had. */
record ChannelIo(FileChannel channel) implements FileIo {

    @Override
    public int read(ByteBuffer target, long position) throws IOException {
        return channel.read(target, position);
    }

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
        return channel.write(source, position);
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    /** Asked of the path: the JDK tells no key of an open channel. */
    @Override
    public Identity identity(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return attributes.fileKey() == null ? null
                : new Identity(attributes.fileKey(), attributes.size());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
