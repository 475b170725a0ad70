package org.dkumonitor.server.carbon;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.logging.Logger;
import org.dkumonitor.server.listen.BufferBudget;
import org.dkumonitor.server.listen.FrameTimer;
import org.dkumonitor.server.listen.ListenerLimits;
import org.dkumonitor.server.listen.TcpListener;

/**
 * Carbon plaintext over TCP: frames lines on {@code \n} and hands them to the {@link LineSink}
 * one read at a time; one virtual thread per connection, so a slow or broken sender never
 * holds up another. While the cache is full the connection's thread waits in
 * {@link LineSink#flush} and stops reading, which slows the sender down through TCP. A line
 * longer than {@value #MAX_LINE_BYTES} bytes is skipped up to its end (carbon would drop the
 * connection); an unterminated last line at end of stream is discarded, as carbon does.
 *
 * <p>Buffers follow what arrives: a connection starts with {@value #FIRST_BUFFER_BYTES} bytes,
 * grows (from the shared {@link BufferBudget}) while its reads fill the buffer or a line needs
 * more, and goes back to the first size once it has nothing pending and nothing waits in the
 * socket; when the budget is spent, a line that does not fit is skipped as overlong. An idle
 * connection holds a few kilobytes, and its batch is made only when bytes arrive.
 */
public final class PlaintextTcpReceiver implements Closeable {

    static final int MAX_LINE_BYTES = 64 * 1024;
    static final int FIRST_BUFFER_BYTES = 4 * 1024;
    private static final int MAX_BUFFER_BYTES = MAX_LINE_BYTES + 64 * 1024;
    private static final Logger LOG = Logger.getLogger(PlaintextTcpReceiver.class.getName());

    private final TcpListener listener;

    /** With lenient limits and no buffer budget (tests, tools). */
    public PlaintextTcpReceiver(InetSocketAddress address, LineSink sink) throws IOException {
        this(address, sink, ListenerLimits.lenient(), BufferBudget.unlimited());
    }

    public PlaintextTcpReceiver(InetSocketAddress address, LineSink sink, ListenerLimits limits,
            BufferBudget budget) throws IOException {
        this.listener = new TcpListener("carbon-tcp", address, limits,
                (in, timer) -> frame(in, sink, timer, budget));
    }

    public int port() {
        return listener.port();
    }

    public TcpListener listener() {
        return listener;
    }

    public void start() {
        listener.start();
        LOG.info("carbon plaintext listening on TCP " + listener.address());
    }

    /** Splits a stream into lines and hands every complete one to the sink. */
    static void frame(InputStream in, LineSink sink) throws IOException {
        frame(in, sink, FrameTimer.NONE, BufferBudget.unlimited());
    }

    /**
     * As {@link #frame(InputStream, LineSink)}, telling {@code timer} while a line is
     * unfinished and growing the buffer only as far as {@code budget} allows.
     */
    static void frame(InputStream in, LineSink sink, FrameTimer timer, BufferBudget budget)
            throws IOException {
        byte[] buffer = new byte[FIRST_BUFFER_BYTES];
        PointBatch batch = null;
        int end = 0;
        boolean skipping = false;
        int read;
        try {
            while ((read = in.read(buffer, end, buffer.length - end)) > 0) {
                if (batch == null) {
                    batch = sink.newBatch();
                }
                boolean filled = read == buffer.length - end;
                int scan = end;
                end += read;
                int start = 0;
                // one turn per line, not per byte: this method runs once per connection, so it
                // is interpreted until an on-stack replacement compiles it, while the small
                // newline search below is compiled after a few hundred calls
                for (int i = newline(buffer, scan, end); i < end;
                        i = newline(buffer, i + 1, end)) {
                    if (skipping) {
                        skipping = false;
                    } else {
                        sink.line(buffer, start, i, batch);
                    }
                    start = i + 1;
                }
                sink.flush(batch);
                if (start > 0) {
                    timer.ended();
                }
                int left = end - start;
                if (skipping) {
                    left = 0;
                } else if (left >= MAX_LINE_BYTES
                        || left == buffer.length && !grows(buffer, budget)) {
                    sink.overlong(left);
                    skipping = true;
                    left = 0;
                }
                System.arraycopy(buffer, end - left, buffer, 0, left);
                end = left;
                if (left > 0 || skipping) {
                    timer.started();
                }
                buffer = resize(buffer, end, filled, in, budget);
            }
        } finally {
            budget.give(buffer.length - FIRST_BUFFER_BYTES);
        }
    }

    /** Whether the buffer may double (the budget gives the bytes; they are taken). */
    private static boolean grows(byte[] buffer, BufferBudget budget) {
        return buffer.length < MAX_BUFFER_BYTES && budget.take(nextSize(buffer) - buffer.length);
    }

    private static int nextSize(byte[] buffer) {
        return Math.min(MAX_BUFFER_BYTES, buffer.length * 2);
    }

    /**
     * The buffer for the next read: doubled when the last read filled it or it is full, back
     * to the first size when nothing is pending and nothing waits in the socket.
     */
    private static byte[] resize(byte[] buffer, int end, boolean filled, InputStream in,
            BufferBudget budget) throws IOException {
        if (end == buffer.length) {
            // grows() already took the bytes when the pending line filled the buffer
            return Arrays.copyOf(buffer, nextSize(buffer));
        }
        if (filled && buffer.length < MAX_BUFFER_BYTES && grows(buffer, budget)) {
            return Arrays.copyOf(buffer, nextSize(buffer));
        }
        if (end == 0 && buffer.length > FIRST_BUFFER_BYTES && in.available() == 0) {
            budget.give(buffer.length - FIRST_BUFFER_BYTES);
            return new byte[FIRST_BUFFER_BYTES];
        }
        return buffer;
    }

    /** The index of the first {@code \n} in {@code bytes[from, to)}, or {@code to}. */
    static int newline(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return to;
    }

    /**
     * Stops accepting, closes every connection and waits (up to 10 s each) for their threads,
     * so that no point arrives after close returns.
     */
    @Override
    public void close() throws IOException {
        listener.close();
    }
}
