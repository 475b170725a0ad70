package org.dkumonitor.core.carbon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A carbon plaintext receiver on loopback for tests: keeps every line it reads, in order. It can
 * be stopped (listener and connections closed) and started again on the same port, and can hold
 * back reading to play a slow server.
 */
final class LineServer implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch reading = new CountDownLatch(0);
    private volatile ServerSocket listener;
    private int port;

    LineServer start() throws IOException, InterruptedException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        // restarting on the port we had: a sender's connection attempt can hold it for a moment
        // (the kernel may pick it as the source port of a connection to itself)
        for (int attempt = 0; ; attempt++) {
            try {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                break;
            } catch (java.net.BindException e) {
                if (port == 0 || attempt == 200) {
                    socket.close();
                    throw e;
                }
                Thread.sleep(10);
            }
        }
        port = socket.getLocalPort();
        listener = socket;
        Thread.ofPlatform().daemon().name("line-server-" + port).start(() -> accept(socket));
        return this;
    }

    int port() {
        return port;
    }

    /** Stops reading from connections until {@link #resumeReading()}. */
    void pauseReading() {
        reading = new CountDownLatch(1);
    }

    void resumeReading() {
        reading.countDown();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.add(connection);
                Thread.ofPlatform().daemon().start(() -> read(connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(Socket connection) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                connection.getInputStream(), StandardCharsets.UTF_8))) {
            reading.await();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException | InterruptedException e) {
            // connection closed by stop()
        }
    }

    /** Closes the listener and every connection: the server is down. */
    void stop() throws IOException {
        listener.close();
        for (Socket connection : connections) {
            connection.close();
        }
        connections.clear();
    }

    List<String> lines() {
        return new ArrayList<>(lines);
    }

    int connectionsAccepted() {
        return connections.size();
    }

    @Override
    public void close() throws IOException {
        resumeReading();
        stop();
    }
}
