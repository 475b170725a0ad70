package org.dkumonitor.server.carbon;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.logging.Logger;

/**
 * Carbon plaintext over TCP: frames lines on {@code \n} and hands them to the {@link LineSink}
 * one read at a time; one virtual thread per connection, so a slow or broken sender never
 * holds up another. While the cache is full the connection's thread waits in
 * {@link LineSink#flush} and stops reading, which slows the sender down through TCP. A line
 * longer than {@value #MAX_LINE_BYTES} bytes is skipped up to its end (carbon would drop the
 * connection); an unterminated last line at end of stream is discarded, as carbon does.
 */
public final class PlaintextTcpReceiver implements Closeable {

    static final int MAX_LINE_BYTES = 64 * 1024;
    private static final int READ_BYTES = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(PlaintextTcpReceiver.class.getName());

    private final TcpListener listener;

    public PlaintextTcpReceiver(InetSocketAddress address, LineSink sink) throws IOException {
        this.listener = new TcpListener("carbon-tcp", address, in -> frame(in, sink));
    }

    public int port() {
        return listener.port();
    }

    public void start() {
        listener.start();
        LOG.info("carbon plaintext listening on TCP " + listener.address());
    }

    /** Splits a stream into lines and hands every complete one to the sink. */
    static void frame(InputStream in, LineSink sink) throws IOException {
        byte[] buffer = new byte[MAX_LINE_BYTES + READ_BYTES];
        PointBatch batch = sink.newBatch();
        int end = 0;
        boolean skipping = false;
        int read;
        while ((read = in.read(buffer, end, buffer.length - end)) > 0) {
            int scan = end;
            end += read;
            int start = 0;
            // one turn per line, not per byte: this method runs once per connection, so it is
            // interpreted until an on-stack replacement compiles it, while the small
            // newline search below is compiled after a few hundred calls
            for (int i = newline(buffer, scan, end); i < end; i = newline(buffer, i + 1, end)) {
                if (skipping) {
                    skipping = false;
                } else {
                    sink.line(buffer, start, i, batch);
                }
                start = i + 1;
            }
            sink.flush(batch);
            int left = end - start;
            if (skipping) {
                left = 0;
            } else if (left >= MAX_LINE_BYTES) {
                sink.overlong(left);
                skipping = true;
                left = 0;
            }
            System.arraycopy(buffer, end - left, buffer, 0, left);
            end = left;
        }
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
