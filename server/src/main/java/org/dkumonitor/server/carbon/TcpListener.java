package org.dkumonitor.server.carbon;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * A TCP port whose connections each get a virtual thread reading the stream: what the plaintext
 * and pickle receivers share. {@link #close} stops accepting, closes every connection and waits
 * for their threads, so that no point arrives after it returns.
 */
final class TcpListener implements Closeable {

    /** Reads one connection's stream until it ends. */
    interface StreamReader {
        void read(InputStream in) throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(TcpListener.class.getName());
    private static final Duration JOIN_WAIT = Duration.ofSeconds(10);

    private final String name;
    private final ServerSocket server;
    private final StreamReader reader;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    /** Binds at once, so that a port in use fails the start; {@code name} names the threads. */
    TcpListener(String name, InetSocketAddress address, StreamReader reader) throws IOException {
        this.name = name;
        this.reader = reader;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address, 1024);
    }

    int port() {
        return server.getLocalPort();
    }

    String address() {
        return String.valueOf(server.getLocalSocketAddress());
    }

    void start() {
        Thread.ofPlatform().name(name + "-accept").daemon().start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread thread = Thread.ofVirtual().name(name + "-" + socket.getPort())
                        .unstarted(() -> serve(socket));
                threads.add(thread);
                thread.start();
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                LOG.warning(name + ": accept failed: " + e.getMessage());
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream()) {
            reader.read(in);
        } catch (IOException e) {
            LOG.fine(() -> "connection " + socket.getRemoteSocketAddress() + " ended: " + e);
        } finally {
            connections.remove(socket);
            threads.remove(Thread.currentThread());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
        for (Thread thread : threads) {
            try {
                thread.join(JOIN_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
