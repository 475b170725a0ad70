package org.dkumonitor.server.carbon;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.logging.Logger;
import org.dkumonitor.server.listen.BufferBudget;
import org.dkumonitor.server.listen.FrameTimer;
import org.dkumonitor.server.listen.ListenerLimits;
import org.dkumonitor.server.listen.TcpListener;
import org.dkumonitor.server.pickle.PickleDecoder;
import org.dkumonitor.server.pickle.PickleException;
import org.dkumonitor.server.pickle.PickleMetrics;

/**
 * Carbon pickle over TCP: frames of a 4-byte big-endian length and a pickle of
 * {@code [(path, (timestamp, value)), ...]}, decoded by {@link PickleDecoder}, which never runs
 * code. A frame longer than the limit (carbon: 1 MiB) or that does not decode closes the
 * connection, counted; a bad point inside a good frame is skipped and counted.
 *
 * <p>Memory follows what arrives, never what a frame announces: a frame's buffer starts small
 * and doubles as its bytes come in, taken from the shared {@link BufferBudget} (a frame that
 * would pass the budget is refused and its connection closed), and it must arrive whole within
 * the listener's frame timeout.
 */
public final class PickleTcpReceiver implements Closeable {

    public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;
    private static final int FIRST_FRAME_BYTES = 16 * 1024;
    private static final int STREAM_BUFFER_BYTES = 4 * 1024;
    private static final Logger LOG = Logger.getLogger(PickleTcpReceiver.class.getName());

    private final TcpListener listener;

    /** With lenient limits and no buffer budget (tests, tools). */
    public PickleTcpReceiver(InetSocketAddress address, LineSink sink, int maxFrameBytes)
            throws IOException {
        this(address, sink, maxFrameBytes, ListenerLimits.lenient(), BufferBudget.unlimited());
    }

    public PickleTcpReceiver(InetSocketAddress address, LineSink sink, int maxFrameBytes,
            ListenerLimits limits, BufferBudget budget) throws IOException {
        this.listener = new TcpListener("carbon-pickle", address, limits,
                (in, timer) -> frames(in, sink, maxFrameBytes, timer, budget));
    }

    public int port() {
        return listener.port();
    }

    public TcpListener listener() {
        return listener;
    }

    public void start() {
        listener.start();
        LOG.info("carbon pickle listening on TCP " + listener.address());
    }

    /** Reads frames until the end of the stream or a frame that must close the connection. */
    static void frames(InputStream stream, LineSink sink, int maxFrameBytes) throws IOException {
        frames(stream, sink, maxFrameBytes, FrameTimer.NONE, BufferBudget.unlimited());
    }

    /**
     * As {@link #frames(InputStream, LineSink, int)}, telling {@code timer} while a frame is
     * arriving and taking its buffer from {@code budget}.
     */
    static void frames(InputStream stream, LineSink sink, int maxFrameBytes, FrameTimer timer,
            BufferBudget budget) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream,
                STREAM_BUFFER_BYTES));
        PointBatch batch = null;
        while (true) {
            int first = in.read(); // idle until a frame begins
            if (first < 0) {
                return;
            }
            timer.started();
            long length;
            try {
                length = (long) first << 24 | in.readUnsignedByte() << 16
                        | in.readUnsignedByte() << 8 | in.readUnsignedByte();
            } catch (EOFException e) {
                sink.badFrame("connection ended inside a frame's length");
                return;
            }
            if (length > maxFrameBytes) {
                sink.badFrame("frame of " + length + " bytes exceeds the " + maxFrameBytes
                        + "-byte limit");
                return;
            }
            byte[] frame = readFrame(in, (int) length, budget, sink);
            if (frame == null) {
                return;
            }
            timer.ended();
            if (batch == null) {
                batch = sink.newBatch();
            }
            try {
                PickleMetrics.extract(PickleDecoder.decode(frame, 0, (int) length),
                        visitor(sink, batch));
            } catch (PickleException e) {
                batch.clear();
                sink.badFrame(e.getMessage());
                return;
            }
            sink.flush(batch);
        }
    }

    /**
     * The frame's bytes, in a buffer that grows as they arrive (it may be longer than the
     * frame); null, said to the sink, when the connection ended or the budget is spent.
     */
    private static byte[] readFrame(DataInputStream in, int length, BufferBudget budget,
            LineSink sink) throws IOException {
        byte[] buffer = new byte[Math.min(length, FIRST_FRAME_BYTES)];
        long taken = 0;
        try {
            int filled = 0;
            while (filled < length) {
                if (filled == buffer.length) {
                    int bigger = (int) Math.min(length, buffer.length * 2L);
                    if (!budget.take(bigger - buffer.length)) {
                        sink.badFrame("the server's receive buffers are full ("
                                + budget.maxBytes() + " bytes); refusing a frame of " + length
                                + " bytes");
                        return null;
                    }
                    taken += bigger - buffer.length;
                    buffer = Arrays.copyOf(buffer, bigger);
                }
                int read = in.read(buffer, filled, buffer.length - filled);
                if (read < 0) {
                    sink.badFrame("connection ended inside a frame");
                    return null;
                }
                filled += read;
            }
            return buffer;
        } finally {
            budget.give(taken);
        }
    }

    private static PickleMetrics.Visitor visitor(LineSink sink, PointBatch batch) {
        return new PickleMetrics.Visitor() {
            @Override
            public void point(String name, long timestamp, double value) {
                sink.point(name, timestamp, value, batch);
            }

            @Override
            public void badPoint(String why) {
                sink.badPickledPoint(why);
            }
        };
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
