package org.dkumonitor.server.listen;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * One accepted socket as its reader sees it: an input stream whose reads time out after the
 * idle timeout, or sooner when a frame the reader {@link #started} has not {@link #ended}
 * within the frame timeout; and when it last received bytes, which the listener uses to pick
 * the connection to close when it is full.
 */
final class Connection implements FrameTimer {

    private final Socket socket;
    private final ListenerLimits limits;
    private final InputStream raw;
    private final InputStream in = new Timed();
    private volatile long lastActivity = System.nanoTime();
    private long frameStart;
    private boolean framing;

    Connection(Socket socket, ListenerLimits limits) throws IOException {
        this.socket = socket;
        this.limits = limits;
        this.raw = socket.getInputStream();
    }

    Socket socket() {
        return socket;
    }

    InputStream input() {
        return in;
    }

    long lastActivity() {
        return lastActivity;
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
