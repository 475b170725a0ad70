package org.dkumonitor.server.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dkumonitor.server.http.HttpParseException;
import org.dkumonitor.server.http.RequestBody;
import org.dkumonitor.server.http.RequestHead;
import org.dkumonitor.server.http.RequestHeadParser;
import org.dkumonitor.server.listen.FrameTimer;
import org.dkumonitor.server.listen.ListenerLimits;
import org.dkumonitor.server.listen.TcpListener;

/**
 * The HTTP ingest listener (PORT+6): HTTP/1.1 with keep-alive and pipelining, one virtual
 * thread per connection, and handlers that features {@link #mount} under a path (stats-service's
 * event log, GottWall's API). Requests are read by the one HTTP/1.x parser, the API's
 * ({@link RequestHeadParser}, {@link RequestBody}), within this server's own head and body
 * limits; a handler gets the whole body. Written on plain sockets rather than the JDK's
 * HttpServer so that its limits and timeouts are its own ({@link IngestLimits}; the JDK
 * server's are JVM-wide system properties) and an answer waiting for an fsync costs a parked
 * virtual thread only.
 *
 * <p>Answers of its own, all JSON {@code {"message": ..., "data": null, "success": false}}
 * (stats-service's error object, which GottWall's clients ignore as well): 404 for a path no
 * feature serves (naming the paths that are served), 400/413/431/501/505 for requests it cannot
 * read (then the connection is closed), 503 to a connection over {@code maxConnections} when
 * none is silent enough to make room for it ({@link TcpListener}), 500 when a handler fails. A
 * connection whose request does not arrive within {@code requestTimeout} of its first byte, or
 * that sits idle longer than {@code idleTimeout}, is closed; so is one that does not take a
 * write of its answer within {@code requestTimeout}: the listener's idle and frame timeouts.
 */
public final class IngestServer implements Closeable {

    private static final Logger LOG = Logger.getLogger(IngestServer.class.getName());
    private static final int DRAIN_BYTES = 16 * 1024 * 1024;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final TcpListener listener;
    private final IngestLimits limits;
    private final Routes routes = new Routes();
    private final IngestStats stats;
    private volatile HttpDate date = new HttpDate(-1, "");

    /** Binds at once, so that a port in use fails the server's start. */
    public IngestServer(InetSocketAddress address, IngestLimits limits) throws IOException {
        this.limits = limits;
        this.listener = new TcpListener("ingest", address, new ListenerLimits(
                limits.maxConnections(), limits.idleTimeout(), limits.requestTimeout()),
                this::serve);
        listener.onRefusal(this::refuse);
        this.stats = new IngestStats(listener);
    }

    /**
     * Serves {@code prefix} and every path under {@code prefix/} with {@code handler}; the
     * longest mount that matches a path wins. Mount before {@link #start}, or at any time.
     */
    public void mount(String prefix, IngestHandler handler) {
        routes.mount(prefix, handler);
    }

    public int port() {
        return listener.port();
    }

    public IngestStats stats() {
        return stats;
    }

    public void start() {
        listener.start();
        LOG.info("HTTP ingest listening on http://" + listener.localAddress().getAddress()
                .getHostAddress() + ":" + port() + "/ (serving "
                + String.join(", ", routes.prefixes()) + ")");
    }

    /** Tells a connection over the limit why it is closed (on the accepting thread). */
    private void refuse(Socket socket) {
        try {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            write(out, error(503, "this server has " + limits.maxConnections() + " connections"
                    + " open, its limit (ingest.maxConnections); retry later"), false, false);
            out.flush();
        } catch (IOException e) {
            LOG.fine(() -> "refusing a connection: " + e);
        }
    }

    /**
     * Answers requests until the connection ends: idle (the listener's idle timeout) until a
     * request's first byte, which starts its frame timeout; a timeout is the listener's to
     * count.
     */
    private void serve(Socket socket, InputStream timedIn, OutputStream timedOut,
            FrameTimer timer) throws IOException {
        socket.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(timedIn, 8192);
        OutputStream out = new BufferedOutputStream(timedOut, 16 * 1024);
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        boolean open = true;
        while (open && awaitRequest(in)) {
            timer.started();
            open = exchange(socket, in, timer, out, remote);
        }
        out.flush();
    }

    /** Waits for the first byte of the next request; false when the stream ends first. */
    private static boolean awaitRequest(InputStream in) throws IOException {
        in.mark(1);
        if (in.read() < 0) {
            return false;
        }
        in.reset();
        return true;
    }

    /** One request and its answer; false when the connection is to be closed. */
    private boolean exchange(Socket socket, InputStream in, FrameTimer timer, OutputStream out,
            InetSocketAddress remote) throws IOException {
        try {
            RequestHead head = RequestHeadParser.read(in, limits.maxHeaderBytes());
            if (head == null) {
                return false;
            }
            RequestBody framed = RequestBody.of(head, in);
            if (framed.declaredLength() > limits.maxBodyBytes()) {
                throw tooLarge(framed.declaredLength() + " bytes");
            }
            if (head.expectsContinue()) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            byte[] body = readBody(framed);
            timer.ended();
            HttpRequest request = new HttpRequest(head.method(), head.uri().getRawPath(),
                    head.uri().getRawQuery(), head.version(), HttpHeaders.of(head.headers()),
                    body, remote);
            HttpResponse response = dispatch(request);
            boolean keepAlive = !head.wantsClose();
            write(out, response, keepAlive, head.method().equals("HEAD"));
            // a pipelined request already buffered is answered in the same flush
            if (in.available() == 0) {
                out.flush();
            }
            return keepAlive;
        } catch (HttpParseException e) {
            write(out, error(e.status(), e.getMessage()), false, false);
            out.flush();
            timer.ended();
            timer.started(); // the drain has a request's time of its own
            drainAndClose(socket, in);
            return false;
        }
    }

    /** The whole body, at most {@code maxBodyBytes}; a malformed or cut one is a 400. */
    private byte[] readBody(RequestBody framed) throws IOException {
        byte[] body;
        try {
            body = framed.readNBytes((int) Math.min(Integer.MAX_VALUE - 8,
                    limits.maxBodyBytes() + 1L));
        } catch (EOFException | ProtocolException e) {
            throw new HttpParseException(400, "the request body is malformed: "
                    + e.getMessage());
        }
        if (body.length > limits.maxBodyBytes()) {
            throw tooLarge("more than " + limits.maxBodyBytes() + " bytes");
        }
        return body;
    }

    private HttpParseException tooLarge(String size) {
        return new HttpParseException(413, "request body of " + size + " is over this"
                + " server's limit of " + limits.maxBodyBytes() + " bytes; send smaller"
                + " batches");
    }

    private HttpResponse dispatch(HttpRequest request) {
        IngestHandler handler = routes.find(request.path());
        if (handler == null) {
            return error(404, "no such endpoint: " + request.path()
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
    private static void drainAndClose(Socket socket, InputStream in) {
        try {
            socket.shutdownOutput();
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
                .append("Date: ").append(date()).append("\r\n")
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

    /** The Date header's text, formatted once a second. */
    private String date() {
        long second = System.currentTimeMillis() / 1000;
        HttpDate current = date;
        if (current.second() != second) {
            current = new HttpDate(second, HTTP_DATE.format(Instant.ofEpochSecond(second)
                    .atOffset(ZoneOffset.UTC)));
            date = current;
        }
        return current.text();
    }

    private record HttpDate(long second, String text) {
    }

    /** Stops accepting, closes every connection and waits for their threads. */
    @Override
    public void close() throws IOException {
        listener.close();
    }
}
