package org.dkumonitor.server.carbon;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    private final ServerSocket server;
    private final LineSink sink;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    public PlaintextTcpReceiver(InetSocketAddress address, LineSink sink) throws IOException {
        this.sink = sink;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address, 1024);
    }

    public int port() {
        return server.getLocalPort();
    }

    public void start() {
        Thread.ofPlatform().name("carbon-tcp-accept").daemon().start(this::acceptLoop);
        LOG.info("carbon plaintext listening on TCP " + server.getLocalSocketAddress());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread thread = Thread.ofVirtual().name("carbon-tcp-" + socket.getPort())
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
            frame(in, sink);
        } catch (IOException e) {
            LOG.fine(() -> "connection " + socket.getRemoteSocketAddress() + " ended: " + e);
        } finally {
            connections.remove(socket);
            threads.remove(Thread.currentThread());
        }
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
            for (int i = scan; i < end; i++) {
                if (buffer[i] != '\n') {
                    continue;
                }
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
