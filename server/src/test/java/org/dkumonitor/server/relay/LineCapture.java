package org.dkumonitor.server.relay;

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
import java.util.concurrent.TimeUnit;

/** A carbon plaintext receiver that keeps every line it gets, in order, for tests. */
public final class LineCapture implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** Listens on {@code address:port} (port 0: any free one). */
    public LineCapture(String address, int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(address), port), 100);
        acceptor = Thread.ofPlatform().daemon().start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread.ofVirtual().start(() -> read(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(Socket socket) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // closed
        }
    }

    public List<String> lines() {
        return new ArrayList<>(lines);
    }

    /** The metric names received, in order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (String line : lines) {
            names.add(line.substring(0, line.indexOf(' ')));
        }
        return names;
    }

    /** Waits until at least {@code count} lines arrived; false on timeout. */
    public boolean await(int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (lines.size() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
