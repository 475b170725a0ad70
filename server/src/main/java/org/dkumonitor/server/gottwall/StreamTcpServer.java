package org.dkumonitor.server.gottwall;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * GottWall's TCP stream (spec section 5) on PORT+7: one connection is one session for one
 * project. The client sends {@code GottWallS2 <ts> <sign> <base> <project>} and an auth
 * delimiter; the answer is {@code OK} (2 bytes), or {@code FAIL} and the connection closes.
 * Then messages follow, each ended by {@code --chunk--}; nothing more is ever answered.
 *
 * <p>Limits: at most {@code maxConnections} at once (more are answered FAIL and closed); the
 * header must arrive whole within {@value StreamHeader#MAX_BYTES} bytes and
 * {@link #HEADER_TIMEOUT}; a connection without a byte for {@code idleTimeout} is closed; a
 * message is at most {@code maxMessage} bytes (longer ones are skipped, counted). One virtual
 * thread per connection.
 */
final class StreamTcpServer implements Closeable {

    private static final Logger LOG = Logger.getLogger(StreamTcpServer.class.getName());
    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration JOIN_WAIT = Duration.ofSeconds(10);
    private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAIL = "FAIL".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final StreamIngest ingest;
    private final GottwallStats stats;
    private final InstantSource clock;
    private final GottwallConfig.Stream limits;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    /** Binds at once, so that a port in use fails the server's start. */
    StreamTcpServer(InetSocketAddress address, GottwallConfig.Stream limits, StreamIngest ingest,
            GottwallStats stats, InstantSource clock) throws IOException {
        this.limits = limits;
        this.ingest = ingest;
        this.stats = stats;
        this.clock = clock;
        this.server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(address, 1024);
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    int port() {
        return server.getLocalPort();
    }

    void start() {
        Thread.ofPlatform().name("gottwall-tcp-accept").daemon().start(this::acceptLoop);
        LOG.info("GottWall stream listening on TCP " + server.getLocalSocketAddress());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                LOG.warning("GottWall stream: accept failed: " + e.getMessage());
                continue;
            }
            if (connections.size() >= limits.maxConnections()) {
                stats.refusedConnection();
                refuse(socket);
                continue;
            }
            connections.add(socket);
            Thread thread = Thread.ofVirtual().name("gottwall-tcp-" + socket.getPort())
                    .unstarted(() -> serve(socket));
            threads.add(thread);
            thread.start();
        }
    }

    private static void refuse(Socket socket) {
        try (socket) {
            // 4 bytes fit any send buffer: the accepting thread never waits here
            socket.getOutputStream().write(FAIL);
        } catch (IOException e) {
            // closed either way
        }
    }

    private void serve(Socket socket) {
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            ChunkSplitter splitter = new ChunkSplitter(limits.maxMessageBytes());
            String project = handshake(socket, in, out, splitter, peer);
            if (project != null) {
                socket.setSoTimeout(limits.idleTimeoutSeconds() * 1000);
                stream(in, splitter, project);
            }
        } catch (SocketTimeoutException e) {
            stats.idleClosed();
        } catch (IOException e) {
            LOG.fine(() -> "GottWall stream from " + peer + " ended: " + e);
        } finally {
            connections.remove(socket);
            threads.remove(Thread.currentThread());
        }
    }

    /** Reads the header, answers OK or FAIL; returns the project, or null to close. */
    private String handshake(Socket socket, InputStream in, OutputStream out,
            ChunkSplitter splitter, String peer) throws IOException {
        byte[] head = new byte[StreamHeader.MAX_BYTES + StreamHeader.STREAM_AUTH.length];
        long deadline = System.nanoTime() + HEADER_TIMEOUT.toNanos();
        int length = 0;
        StreamHeader header;
        while (true) {
            // the whole header within the timeout, however slowly its bytes trickle in
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            int n = in.read(head, length, head.length - length);
            if (n < 0) {
                return null;
            }
            length += n;
            header = StreamHeader.find(head, 0, length);
            if (header != null) {
                break;
            }
            if (length == head.length) {
                ingest.refuseHeader("no --stream-auth-- (or --chunk-auth--) within the first "
                        + StreamHeader.MAX_BYTES + " bytes", peer);
                out.write(FAIL);
                return null;
            }
        }
        String project;
        try {
            project = ingest.authenticate(header.text(), peer);
        } catch (AuthException e) {
            out.write(FAIL);
            return null;
        }
        out.write(OK);
        out.flush();
        // what came with the header is the start of the messages
        long now = clock.instant().getEpochSecond();
        splitter.feed(head, header.end(), length - header.end(), handler(project, now));
        return project;
    }

    private void stream(InputStream in, ChunkSplitter splitter, String project)
            throws IOException {
        while (true) {
            // the clock is read once per read of the socket, not once per message
            long now = clock.instant().getEpochSecond();
            if (splitter.readFrom(in, handler(project, now)) < 0) {
                break;
            }
        }
        if (splitter.pending() > 0) {
            ingest.incomplete(splitter.pending());
        }
    }

    private ChunkSplitter.Handler handler(String project, long now) {
        return new ChunkSplitter.Handler() {
            @Override
            public void message(byte[] bytes, int from, int to) {
                ingest.message(project, bytes, from, to, now);
            }

            @Override
            public void overlong(long length) {
                ingest.overlong(length);
            }
        };
    }

    /** Stops accepting, closes every connection and waits for their threads. */
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
