package org.dkumonitor.statsd;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HashSet;
import java.util.Set;
import org.dkumonitor.core.tap.LineTap;

/**
 * StatsD over TCP, newline-framed, as statsd's tcp server: the complete lines of each read
 * are one packet; an unterminated last line is dropped when the connection ends. Bounded: at
 * most {@code maxConnections} at once (more are closed at once, counted in the log), a
 * connection idle for {@code idleTimeoutSeconds} is closed, and a line longer than
 * {@code maxLineBytes} is skipped to its end and counted as one bad line (so a 10 MB line
 * costs a buffer of the limit, not 10 MB). One platform thread per connection.
 */
final class TcpReceiver {

    private static final int READ_BYTES = 64 * 1024;

    private final ServerSocket server;
    private final int maxConnections;
    private final int idleMillis;
    private final int maxLineBytes;
    private final Set<Socket> connections = new HashSet<>();
    private final StatsdLog.Rarely refusals;
    private Thread acceptor;

    TcpReceiver(InetSocketAddress address, StatsdConfig config, StatsdLog log)
            throws IOException {
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(address, 128);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        this.maxConnections = config.maxConnections();
        this.idleMillis = config.idleTimeoutSeconds() * 1000;
        this.maxLineBytes = config.maxLineBytes();
        this.refusals = new StatsdLog.Rarely(log);
    }

    int port() {
        return server.getLocalPort();
    }

    void start(Aggregator aggregator, LineTap tap) {
        acceptor = new Thread(null, new Runnable() {
            @Override
            public void run() {
                accept(aggregator, tap);
            }
        }, "statsd-tcp", 256 * 1024);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(Aggregator aggregator, LineTap tap) {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
                continue;
            }
            synchronized (connections) {
                if (connections.size() >= maxConnections) {
                    refusals.warning("StatsD: refused a TCP connection from "
                            + socket.getRemoteSocketAddress() + ": " + maxConnections
                            + " are open (statsd.maxConnections)");
                    closeQuietly(socket);
                    continue;
                }
                connections.add(socket);
            }
            Thread thread = new Thread(null, new Runnable() {
                @Override
                public void run() {
                    try {
                        socket.setSoTimeout(idleMillis);
                        frame(socket.getInputStream(), aggregator, aggregator.newParser(), tap,
                                maxLineBytes);
                    } catch (IOException e) {
                        // idle too long, reset, or closed by close(): the connection ends
                    } finally {
                        closeQuietly(socket);
                        synchronized (connections) {
                            connections.remove(socket);
                        }
                    }
                }
            }, "statsd-tcp-conn", 256 * 1024);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Frames a stream into lines; each read's complete lines go to the aggregator at once. */
    static void frame(InputStream in, Aggregator aggregator, StatsdParser parser, LineTap tap,
            int maxLineBytes) throws IOException {
        byte[] buffer = new byte[Math.min(maxLineBytes, READ_BYTES) + READ_BYTES];
        int end = 0;
        boolean skipping = false;
        while (true) {
            int read;
            try {
                read = in.read(buffer, end, buffer.length - end);
            } catch (SocketTimeoutException e) {
                return;
            }
            if (read < 0) {
                return;
            }
            int scanFrom = end;
            end += read;
            int start = 0;
            if (skipping) {
                int newline = indexOf(buffer, scanFrom, end);
                if (newline < 0) {
                    end = 0;
                    continue;
                }
                skipping = false;
                start = newline + 1;
                scanFrom = start;
            }
            int last = lastNewline(buffer, Math.max(start, scanFrom), end);
            if (last >= start) {
                tap.offer(buffer, start, last);
                aggregator.receive(parser, buffer, start, last);
                start = last + 1;
            }
            int left = end - start;
            if (left >= maxLineBytes) {
                aggregator.overlong();
                skipping = true;
                left = 0;
            } else if (left + READ_BYTES > buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.min(maxLineBytes, left * 2)
                        + READ_BYTES);
            }
            System.arraycopy(buffer, end - left, buffer, 0, left);
            end = left;
        }
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int lastNewline(byte[] b, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        synchronized (connections) {
            for (Socket socket : connections) {
                closeQuietly(socket);
            }
        }
        if (acceptor != null) {
            try {
                acceptor.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
