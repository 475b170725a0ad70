package org.dkumonitor.server.carbon;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Carbon plaintext over TCP: frames lines on {@code \n} and hands them to the {@link LineSink};
 * one virtual thread per connection, so a slow or broken sender never holds up another. A line
 * longer than {@value #MAX_LINE_BYTES} bytes is skipped (carbon would drop the connection); an
 * unterminated last line at end of stream is discarded, as carbon does.
 */
public final class PlaintextTcpReceiver implements Closeable {

    static final int MAX_LINE_BYTES = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(PlaintextTcpReceiver.class.getName());

    private final ServerSocket server;
    private final LineSink sink;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

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
                Thread.ofVirtual().name("carbon-tcp-" + socket.getPort()).start(() -> serve(socket));
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
        }
    }

    /** Splits a stream into lines and hands each complete one to the sink. */
    static void frame(InputStream in, LineSink sink) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        byte[] line = new byte[4096];
        int lineLength = 0;
        boolean skipping = false;
        int read;
        while ((read = in.read(buffer)) > 0) {
            for (int i = 0; i < read; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    if (skipping) {
                        skipping = false;
                    } else {
                        sink.accept(new String(line, 0, lineLength, StandardCharsets.UTF_8));
                    }
                    lineLength = 0;
                    continue;
                }
                if (skipping) {
                    continue;
                }
                if (lineLength == MAX_LINE_BYTES) {
                    sink.overlong(lineLength);
                    skipping = true;
                    lineLength = 0;
                    continue;
                }
                if (lineLength == line.length) {
                    line = java.util.Arrays.copyOf(line, Math.min(line.length * 2,
                            MAX_LINE_BYTES));
                }
                line[lineLength++] = b;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
    }
}
