package org.dkumonitor.server.listen;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * One accepted socket as its reader sees it: an input stream whose reads time out after the
 * idle timeout, or sooner when a frame the reader {@link #started} has not {@link #ended}
 * within the frame timeout; an output whose writes the listener watches (one the peer does not
 * take within the frame timeout closes the connection); and when it last received bytes, which
 * the listener uses to pick the connection to close when it is full.
 */
final class Connection implements FrameTimer {

    private final Socket socket;
    private final ListenerLimits limits;
    private final InputStream raw;
    private final InputStream in = new Timed();
    private final OutputStream out;
    private volatile long lastActivity = System.nanoTime();
    private volatile long writingSince;
    private long frameStart;
    private boolean framing;

    Connection(Socket socket, ListenerLimits limits) throws IOException {
        this.socket = socket;
        this.limits = limits;
        this.raw = socket.getInputStream();
        this.out = new Watched(socket.getOutputStream());
    }

    Socket socket() {
        return socket;
    }

    InputStream input() {
        return in;
    }

    OutputStream output() {
        return out;
    }

    long lastActivity() {
        return lastActivity;
    }

    /** Whether a write has waited for the peer longer than the frame timeout. */
    boolean writeOverdue(long now) {
        long since = writingSince;
        return since != 0 && now - since > limits.frameTimeout().toNanos();
    }

    @Override
    public void started() {
        if (!framing) {
            framing = true;
            frameStart = System.nanoTime();
        }
    }

    @Override
    public void ended() {
        framing = false;
    }

    /** The socket's stream, read with the timeouts. */
    private final class Timed extends InputStream {

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            long now = System.nanoTime();
            long timeout = limits.idleTimeout().toNanos();
            boolean frameLimited = false;
            if (framing) {
                long left = frameStart + limits.frameTimeout().toNanos() - now;
                if (left <= 0) {
                    throw frameTimeout();
                }
                if (left < timeout) {
                    timeout = left;
                    frameLimited = true;
                }
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE,
                    TimeUnit.NANOSECONDS.toMillis(timeout))));
            int n;
            try {
                n = raw.read(bytes, offset, length);
            } catch (SocketTimeoutException e) {
                throw frameLimited ? frameTimeout() : new TimeoutException("no data for "
                        + limits.idleTimeout().toSeconds() + " s (idle timeout)", false);
            }
            if (n > 0) {
                lastActivity = System.nanoTime();
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return raw.available();
        }

        private TimeoutException frameTimeout() {
            return new TimeoutException("a line or frame begun was not finished within "
                    + limits.frameTimeout().toSeconds() + " s", true);
        }
    }

    /** The socket's output; each write marks when it began until it returns. */
    private final class Watched extends OutputStream {
        private final OutputStream raw;

        Watched(OutputStream raw) {
            this.raw = raw;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            long now = System.nanoTime();
            writingSince = now == 0 ? 1 : now;
            try {
                raw.write(bytes, offset, length);
            } finally {
                writingSince = 0;
            }
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }

    /** A read timed out; {@link #frame} when an unfinished frame did. */
    static final class TimeoutException extends IOException {
        private final boolean frame;

        TimeoutException(String message, boolean frame) {
            super(message);
            this.frame = frame;
        }

        boolean frame() {
            return frame;
        }
    }
}
