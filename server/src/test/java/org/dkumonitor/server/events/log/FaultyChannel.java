package org.dkumonitor.server.events.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file channel that behaves like a disk with {@code room} bytes left: a write past it writes
 * what fits and then fails as ENOSPC does. Counts fsyncs.
 */
public final class FaultyChannel extends FileChannel {

    private final FileChannel real;
    private final AtomicLong room;
    private final AtomicInteger forces;

    public FaultyChannel(FileChannel real, AtomicLong room, AtomicInteger forces) {
        this.real = real;
        this.room = room;
        this.forces = forces;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        long left = room.get();
        if (src.remaining() > left) {
            if (left > 0) {
                ByteBuffer part = src.slice(src.position(), (int) left);
                real.write(part);
                src.position(src.position() + (int) left);
                room.set(0);
            }
            throw new IOException("No space left on device");
        }
        room.addAndGet(-src.remaining());
        return real.write(src);
    }

    @Override
    public void force(boolean metaData) throws IOException {
        forces.incrementAndGet();
        real.force(metaData);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        real.truncate(size);
        return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
            throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count)
            throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        long left = room.get();
        if (src.remaining() > left) {
            if (left > 0) {
                ByteBuffer part = src.slice(src.position(), (int) left);
                real.write(part, position);
                src.position(src.position() + (int) left);
                room.set(0);
            }
            throw new IOException("No space left on device");
        }
        room.addAndGet(-src.remaining());
        return real.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}
