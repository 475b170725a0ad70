package org.dkumonitor.server.carbon;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.logging.Logger;
import org.dkumonitor.server.pickle.PickleDecoder;
import org.dkumonitor.server.pickle.PickleException;
import org.dkumonitor.server.pickle.PickleMetrics;

/**
 * Carbon pickle over TCP: frames of a 4-byte big-endian length and a pickle of
 * {@code [(path, (timestamp, value)), ...]}, decoded by {@link PickleDecoder}, which never runs
 * code. A frame longer than the limit (carbon: 1 MiB) or that does not decode closes the
 * connection, counted; a bad point inside a good frame is skipped and counted.
 */
public final class PickleTcpReceiver implements Closeable {

    public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(PickleTcpReceiver.class.getName());

    private final TcpListener listener;

    public PickleTcpReceiver(InetSocketAddress address, LineSink sink, int maxFrameBytes)
            throws IOException {
        this.listener = new TcpListener("carbon-pickle", address,
                in -> frames(in, sink, maxFrameBytes));
    }

    public int port() {
        return listener.port();
    }

    public void start() {
        listener.start();
        LOG.info("carbon pickle listening on TCP " + listener.address());
    }

    /** Reads frames until the end of the stream or a frame that must close the connection. */
    static void frames(InputStream stream, LineSink sink, int maxFrameBytes) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stream, 65_536));
        PointBatch batch = sink.newBatch();
        while (true) {
            long length;
            try {
                length = Integer.toUnsignedLong(in.readInt());
            } catch (EOFException e) {
                return;
            }
            if (length > maxFrameBytes) {
                sink.badFrame("frame of " + length + " bytes exceeds the " + maxFrameBytes
                        + "-byte limit");
                return;
            }
            byte[] frame = new byte[(int) length];
            try {
                in.readFully(frame);
            } catch (EOFException e) {
                sink.badFrame("connection ended inside a frame");
                return;
            }
            Object payload;
            try {
                payload = PickleDecoder.decode(frame);
                PickleMetrics.extract(payload, new PickleMetrics.Visitor() {
                    @Override
                    public void point(String name, long timestamp, double value) {
                        sink.point(name, timestamp, value, batch);
                    }

                    @Override
                    public void badPoint(String why) {
                        sink.badPickledPoint(why);
                    }
                });
            } catch (PickleException e) {
                batch.clear();
                sink.badFrame(e.getMessage());
                return;
            }
            sink.flush(batch);
        }
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
