package org.dkumonitor.server.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One request and its response on a {@link LenientHttpServer} connection, with the JDK
 * server's response rules ({@link #sendResponseHeaders}): a length above 0 is sent as
 * Content-Length, 0 means "unknown" (chunked, or until close for HTTP/1.0), -1 means no body;
 * HEAD requests and 1xx, 204 and 304 answers never carry one.
 */
final class LenientExchange extends HttpExchange {

    /** RFC 9110's IMF-fixdate. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern(
            "EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);

    private final RequestHead head;
    private final HttpContext context;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final OutputStream connection;
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private InputStream requestBody;
    private OutputStream responseStream;
    private ResponseBody body;
    private int status = -1;
    private boolean closeAfter;

    LenientExchange(RequestHead head, RequestBody requestBody, HttpContext context,
            InetSocketAddress remote, InetSocketAddress local, OutputStream connection) {
        this.head = head;
        this.requestBody = requestBody;
        this.context = context;
        this.remote = remote;
        this.local = local;
        this.connection = connection;
        this.closeAfter = head.wantsClose();
        this.responseStream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                started().write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                if (body != null) {
                    body.flush();
                }
            }

            @Override
            public void close() throws IOException {
                if (body != null) {
                    body.close();
                }
            }
        };
    }

    private ResponseBody started() throws IOException {
        if (body == null) {
            throw new IOException("write the response headers before the body");
        }
        return body;
    }

    @Override
    public Headers getRequestHeaders() {
        return head.headers();
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return head.uri();
    }

    @Override
    public String getRequestMethod() {
        return head.method();
    }

    @Override
    public HttpContext getHttpContext() {
        return context;
    }

    @Override
    public void close() {
        try {
            responseStream.close();
        } catch (IOException e) {
            closeAfter = true;
        }
    }

    @Override
    public InputStream getRequestBody() {
        return requestBody;
    }

    @Override
    public OutputStream getResponseBody() {
        return responseStream;
    }

    @Override
    public void sendResponseHeaders(int code, long length) throws IOException {
        if (body != null) {
            throw new IOException("the response headers were sent already");
        }
        status = code;
        boolean noBody = (code >= 100 && code < 200) || code == 204 || code == 304
                || head.method().equalsIgnoreCase("HEAD");
        if (noBody) {
            if (code == 204 || (code >= 100 && code < 200)) {
                responseHeaders.remove("Content-Length");
            }
            body = new ResponseBody.Fixed(connection, 0);
        } else if (length == 0) {
            if (head.http10()) {
                closeAfter = true;
                body = new ResponseBody.UntilClose(connection);
            } else {
                responseHeaders.set("Transfer-Encoding", "chunked");
                body = new ResponseBody.Chunked(connection);
            }
        } else {
            long announced = Math.max(length, 0);
            responseHeaders.set("Content-Length", Long.toString(announced));
            body = new ResponseBody.Fixed(connection, announced);
        }
        if (head.tokens("Connection").contains("keep-alive") && head.http10() && !closeAfter) {
            responseHeaders.set("Connection", "keep-alive");
        }
        List<String> connectionHeader = responseHeaders.get("Connection");
        if (connectionHeader != null && connectionHeader.stream()
                .anyMatch("close"::equalsIgnoreCase)) {
            closeAfter = true;
        } else if (closeAfter) {
            responseHeaders.set("Connection", "close");
        }
        responseHeaders.set("Date", DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        StringBuilder text = new StringBuilder(256);
        text.append("HTTP/1.1 ").append(code).append(' ').append(StatusText.of(code))
                .append("\r\n");
        responseHeaders.forEach((name, values) -> {
            for (String value : values) {
                text.append(name).append(": ").append(value).append("\r\n");
            }
        });
        text.append("\r\n");
        connection.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (noBody || length < 0) {
            body.close();
        }
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return remote;
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return local;
    }

    @Override
    public String getProtocol() {
        return head.version();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream in, OutputStream out) {
        if (in != null) {
            requestBody = in;
        }
        if (out != null) {
            responseStream = out;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    /** Whether a response was started. */
    boolean responded() {
        return body != null;
    }

    /**
     * Ends the response; true when the connection may serve another request (the body was
     * complete, nobody asked to close).
     */
    boolean finish() {
        try {
            if (body != null) {
                body.close();
            }
        } catch (IOException e) {
            return false;
        }
        return body != null && body.complete() && !closeAfter;
    }
}
