package org.dkumonitor.server.carbon;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    private final ServerSocket server;
    private final LineSink sink;
    private final int maxFrameBytes;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    public PickleTcpReceiver(InetSocketAddress address, LineSink sink, int maxFrameBytes)
            throws IOException {
        this.sink = sink;
        this.maxFrameBytes = maxFrameBytes;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address, 1024);
    }

    public int port() {
        return server.getLocalPort();
    }

    public void start() {
        Thread.ofPlatform().name("carbon-pickle-accept").daemon().start(this::acceptLoop);
        LOG.info("carbon pickle listening on TCP " + server.getLocalSocketAddress());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread thread = Thread.ofVirtual().name("carbon-pickle-" + socket.getPort())
                        .unstarted(() -> serve(socket));
                threads.add(thread);
                thread.start();
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                LOG.warning("accept failed: " + e.getMessage());
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream()) {
            frames(in, sink, maxFrameBytes);
        } catch (IOException e) {
            LOG.fine(() -> "connection " + socket.getRemoteSocketAddress() + " ended: " + e);
        } finally {
            connections.remove(socket);
            threads.remove(Thread.currentThread());
        }
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
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
        for (Thread thread : threads) {
            try {
                thread.join(java.time.Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
