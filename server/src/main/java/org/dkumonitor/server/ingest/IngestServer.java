package org.dkumonitor.server.ingest;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP ingest listener (PORT+6): HTTP/1.1 with keep-alive and pipelining, one virtual
 * thread per connection, and handlers that features {@link #mount} under a path (stats-service's
 * event log, GottWall's API). Written on plain sockets rather than the JDK's HttpServer so that
 * its limits and timeouts are its own ({@link IngestLimits}; the JDK server's are JVM-wide
 * system properties) and an answer waiting for an fsync costs a parked virtual thread only.
 *
 * <p>Answers of its own, all JSON {@code {"message": ..., "data": null, "success": false}}
 * (stats-service's error object, which GottWall's clients ignore as well): 404 for a path no
 * feature serves (naming the paths that are served), 400/413/431/501/505 for requests it cannot
 * read (then the connection is closed), 503 to a connection over {@code maxConnections}, 500
 * when a handler fails. A connection whose request does not arrive within
 * {@code requestTimeout} of its first byte, or that sits idle longer than {@code idleTimeout},
 * is closed; so is one that does not read its answer within {@code requestTimeout}.
 */
public final class IngestServer implements Closeable {

    private static final Logger LOG = Logger.getLogger(IngestServer.class.getName());
    private static final Duration JOIN_WAIT = Duration.ofSeconds(10);
    private static final long REAP_EVERY_MILLIS = 250;
    private static final int DRAIN_BYTES = 16 * 1024 * 1024;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final ServerSocket server;
    private final IngestLimits limits;
    private final Routes routes = new Routes();
    private final IngestStats stats = new IngestStats();
    private final Map<Connection, Boolean> connections = new ConcurrentHashMap<>();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService reaper;
    private volatile String date = httpDate();

    /** Binds at once, so that a port in use fails the server's start. */
    public IngestServer(InetSocketAddress address, IngestLimits limits) throws IOException {
        this.limits = limits;
        this.server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(address, 1024);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        reaper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("ingest-reaper").daemon().factory());
    }

    /**
     * Serves {@code prefix} and every path under {@code prefix/} with {@code handler}; the
     * longest mount that matches a path wins. Mount before {@link #start}, or at any time.
     */
    public void mount(String prefix, IngestHandler handler) {
        routes.mount(prefix, handler);
    }

    public int port() {
        return server.getLocalPort();
    }

    public IngestStats stats() {
        return stats;
    }

    public void start() {
        reaper.scheduleWithFixedDelay(this::reap, REAP_EVERY_MILLIS, REAP_EVERY_MILLIS,
                TimeUnit.MILLISECONDS);
        Thread.ofPlatform().name("ingest-accept").daemon().start(this::acceptLoop);
        LOG.info("HTTP ingest listening on http://" + server.getInetAddress().getHostAddress()
                + ":" + port() + "/ (serving " + String.join(", ", routes.prefixes()) + ")");
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                LOG.warning("HTTP ingest: accept failed: " + e.getMessage());
                continue;
            }
            Connection connection = new Connection(socket);
            boolean admitted = connections.size() < limits.maxConnections();
            Thread thread = Thread.ofVirtual().name("ingest-" + socket.getPort())
                    .unstarted(() -> {
                        try {
                            if (admitted) {
                                serve(connection);
                            } else {
                                refuse(connection);
                            }
                        } finally {
                            connections.remove(connection);
                            threads.remove(Thread.currentThread());
                        }
                    });
            connections.put(connection, Boolean.TRUE);
            threads.add(thread);
            thread.start();
        }
    }

    private void refuse(Connection connection) {
        stats.refusedConnection();
        connection.deadline(limits.requestTimeout());
        try (Socket socket = connection.socket) {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            write(out, error(503, "this server has " + limits.maxConnections() + " connections"
                    + " open, its limit (ingest.maxConnections); retry later"), false, false);
            out.flush();
        } catch (IOException e) {
            LOG.fine(() -> "refusing a connection: " + e);
        }
    }

    private void serve(Connection connection) {
        Socket socket = connection.socket;
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            HttpRequestReader reader = new HttpRequestReader(in, limits.maxHeaderBytes(),
                    limits.maxBodyBytes());
            InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
            boolean open = true;
            while (open) {
                connection.deadline(limits.idleTimeout());
                if (!reader.awaitRequest()) {
                    break;
                }
                connection.deadline(limits.requestTimeout());
                open = exchange(connection, reader, out, remote);
            }
        } catch (IOException e) {
            LOG.fine(() -> "ingest connection " + socket.getRemoteSocketAddress() + " ended: " + e);
        }
    }

    /** One request and its answer; false when the connection is to be closed. */
    private boolean exchange(Connection connection, HttpRequestReader reader, OutputStream out,
            InetSocketAddress remote) throws IOException {
        RequestHead head;
        try {
            head = reader.readHead();
            if (head == null) {
                return false;
            }
            if (head.expectsContinue() && head.contentLength() <= limits.maxBodyBytes()) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            byte[] body = reader.readBody(head);
            connection.deadline(null);
            HttpRequest request = new HttpRequest(head.method(), head.path(), head.rawQuery(),
                    head.version(), head.headers(), body, remote);
            HttpResponse response = dispatch(request);
            boolean keepAlive = head.keepAlive();
            connection.deadline(limits.requestTimeout());
            write(out, response, keepAlive, head.method().equals("HEAD"));
            // a pipelined request already buffered is answered in the same flush
            if (!reader.hasBuffered()) {
                out.flush();
            }
            return keepAlive;
        } catch (HttpProtocolException e) {
            connection.deadline(limits.requestTimeout());
            write(out, error(e.status(), e.getMessage()), false, false);
            out.flush();
            drainAndClose(connection);
            return false;
        }
    }

    private HttpResponse dispatch(HttpRequest request) {
        IngestHandler handler = routes.find(request.path());
        if (handler == null) {
            return error(404, "no such endpoint: " + HttpRequestReader.printable(request.path())
                    + "; this port serves " + String.join(", ", routes.prefixes()));
        }
        try {
            return handler.handle(request);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "HTTP ingest: " + request.method() + " " + request.path()
                    + " failed", e);
            return error(500, "internal error: " + e);
        }
    }

    /** Lets a client that is still sending a refused body read the answer, then closes. */
    private static void drainAndClose(Connection connection) {
        try {
            connection.socket.shutdownOutput();
            InputStream in = connection.socket.getInputStream();
            byte[] sink = new byte[64 * 1024];
            long total = 0;
            int n;
            while (total < DRAIN_BYTES && (n = in.read(sink)) > 0) {
                total += n;
            }
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** A JSON error body of this server's own. */
    public static HttpResponse error(int status, String message) {
        return HttpResponse.json(status, "{\"message\": " + JsonText.quote(message)
                + ", \"data\": null, \"success\": false}");
    }

    private void write(OutputStream out, HttpResponse response, boolean keepAlive, boolean head)
            throws IOException {
        stats.answered(response.status());
        StringBuilder text = new StringBuilder(160);
        text.append("HTTP/1.1 ").append(response.status()).append(' ')
                .append(HttpResponse.reason(response.status())).append("\r\n")
                .append("Date: ").append(date).append("\r\n")
                .append("Content-Type: ").append(response.contentType()).append("\r\n")
                .append("Content-Length: ").append(response.body().length).append("\r\n");
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            text.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        text.append(keepAlive ? "" : "Connection: close\r\n").append("\r\n");
        out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!head) {
            out.write(response.body());
        }
    }

    /** Closes connections past their deadline; refreshes the Date header once a second. */
    private void reap() {
        long now = System.nanoTime();
        for (Connection connection : connections.keySet()) {
            long deadline = connection.deadlineNanos;
            if (deadline != 0 && now - deadline > 0) {
                connection.deadlineNanos = 0;
                stats.timedOut();
                try {
                    connection.socket.close();
                } catch (IOException e) {
                    // closed either way
                }
            }
        }
        date = httpDate();
    }

    private static String httpDate() {
        return HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
    }

    /** Stops accepting, closes every connection and waits for their threads. */
    @Override
    public void close() throws IOException {
        server.close();
        reaper.shutdownNow();
        for (Connection connection : connections.keySet()) {
            connection.socket.close();
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

    /** A socket with the time by which its current wait must end (0: no limit). */
    private static final class Connection {
        final Socket socket;
        volatile long deadlineNanos;

        Connection(Socket socket) {
            this.socket = socket;
        }

        void deadline(Duration timeout) {
            deadlineNanos = timeout == null ? 0 : nonZero(System.nanoTime() + timeout.toNanos());
        }

        private static long nonZero(long nanos) {
            return nanos == 0 ? 1 : nanos;
        }
    }
}
