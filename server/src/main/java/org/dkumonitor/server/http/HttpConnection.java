package org.dkumonitor.server.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dkumonitor.server.listen.FrameTimer;

/**
 * One client connection of a {@link LenientHttpServer}: reads a request head, hands the
 * exchange to the handler of its context, ends the response, and goes on with the next request
 * while both sides keep the connection. What the handler leaves of the request body is skipped
 * (up to {@value #DRAIN_BYTES} bytes, else the connection closes), so the next request is read
 * from its first byte.
 */
final class HttpConnection {

    static final long DRAIN_BYTES = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(HttpConnection.class.getName());

    private final LenientHttpServer server;
    private final Socket socket;
    private final InputStream timed;
    private final FrameTimer timer;

    /** {@code timed}: the socket's stream with the listener's timeouts; {@code timer} its clock. */
    HttpConnection(LenientHttpServer server, Socket socket, InputStream timed, FrameTimer timer) {
        this.server = server;
        this.socket = socket;
        this.timed = timed;
        this.timer = timer;
    }

    /** Serves requests until the connection ends; a timeout is the listener's to count. */
    void serve() throws IOException {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(timed, 8192);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16384);
            while (exchange(in, out)) {
                // one request after the other until either side ends the connection
            }
            out.flush();
        }
    }

    /** Serves one request; false when the connection must end. */
    private boolean exchange(InputStream in, OutputStream out) throws IOException {
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        // idle until the request's first byte; from there its head must arrive in time
        in.mark(1);
        if (in.read() < 0) {
            return false;
        }
        in.reset();
        timer.started();
        RequestHead head;
        try {
            head = RequestHeadParser.read(in);
        } catch (HttpParseException e) {
            refuse(out, e.status(), e.getMessage(), remote, null);
            return false;
        }
        if (head == null) {
            return false;
        }
        RequestBody body;
        try {
            body = RequestBody.of(head, in);
        } catch (HttpParseException e) {
            refuse(out, e.status(), e.getMessage(), remote, head.requestLine());
            return false;
        }
        if (head.expectsContinue()) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        Context context = server.contextFor(head.uri().getPath() == null ? "/"
                : head.uri().getPath());
        if (context == null || context.getHandler() == null) {
            refuse(out, 404, "no such endpoint: " + head.uri().getPath(), remote,
                    head.requestLine());
            return false;
        }
        timer.ended();
        LenientExchange exchange = new LenientExchange(head, body, context, remote,
                (InetSocketAddress) socket.getLocalSocketAddress(), out);
        try {
            new Filter.Chain(context.getFilters(), context.getHandler()).doFilter(exchange);
        } catch (IOException | RuntimeException e) {
            if (exchange.responded()) {
                LOG.log(Level.FINE, "HTTP handler failed after answering", e);
                return false;
            }
            LOG.log(Level.WARNING, "HTTP handler failed on " + head.requestLine(), e);
            fail(exchange, 500, "internal error: " + e);
        }
        if (!exchange.responded()) {
            fail(exchange, 500, "internal error: the handler sent no response");
        }
        boolean reusable = exchange.finish();
        out.flush();
        return reusable && body.drain(DRAIN_BYTES);
    }

    private static void fail(HttpExchange exchange, int status, String message)
            throws IOException {
        byte[] text = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("Connection", "close");
        exchange.sendResponseHeaders(status, text.length);
        exchange.getResponseBody().write(text);
    }

    /** Answers a request no handler saw, tells the listener, and lets the connection close. */
    private void refuse(OutputStream out, int status, String reason, InetSocketAddress remote,
            String requestLine) throws IOException {
        server.refusals().refused(status, reason, remote, requestLine);
        byte[] text = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        String headers = "HTTP/1.1 " + status + " " + StatusText.of(status) + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + text.length + "\r\n"
                + "Connection: close\r\n\r\n";
        out.write(headers.getBytes(StandardCharsets.ISO_8859_1));
        out.write(text);
        out.flush();
    }
}
