package org.dkumonitor.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server over loopback with raw sockets, so that what goes on the wire is what we wrote. */
class LenientHttpServerTest {

    private LenientHttpServer server;
    private final List<String> refusals = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = LenientHttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                0), 16);
        server.onRefusal((status, reason, caller, line) -> refusals.add(status + " " + line));
        server.createContext("/", this::echo);
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("one,".getBytes(StandardCharsets.US_ASCII));
                out.write("two".getBytes(StandardCharsets.US_ASCII));
            }
        });
        server.createContext("/fail", exchange -> {
            throw new IllegalStateException("boom");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Answers "METHOD raw-query body" with a Content-Length. */
    private void echo(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        byte[] answer = (exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                + " " + exchange.getRequestURI().getRawQuery() + " "
                + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(answer);
            }
        }
    }

    /** Sends {@code request} as is and reads until the server closes the connection. */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getAddress()
                .getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void servesRawBracesThatTheJdkServerRefuses() throws IOException {
        String response = exchange("GET /render?target=sumSeries(a.{b,c})|x^[1] HTTP/1.1\r\n"
                + "Host: x\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
        assertTrue(response.endsWith("GET /render target=sumSeries(a.%7Bb,c%7D)%7Cx%5E%5B1%5D "),
                response);
    }

    @Test
    void servesPipelinedRequestsOnOneConnectionInOrder() throws IOException {
        String response = exchange("GET /a?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                + "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: t\r\n\r\n"
                + "HEAD /d HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /e HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(5, response.split("HTTP/1.1 200 OK", -1).length - 1, response);
        assertTrue(response.contains("GET /a x=1 "), response);
        assertTrue(response.contains("POST /b null hello"), response);
        assertTrue(response.contains("POST /c null abcde"), response);
        assertTrue(response.endsWith("GET /e null "), response);
        assertTrue(!response.contains("HEAD /d"), "a HEAD answer has no body: " + response);
    }

    @Test
    void skipsABodyTheHandlerDidNotRead() throws IOException {
        String response = exchange("POST /chunked HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                + "\r\nxxxxGET /after HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        // the JDK's Headers write names with one capital, as the JDK server does
        assertTrue(response.contains("Transfer-encoding: chunked\r\n"), response);
        assertTrue(response.contains("\r\n4\r\none,\r\n3\r\ntwo\r\n0\r\n\r\n"), response);
        assertTrue(response.endsWith("GET /after null "), response);
    }

    @Test
    void http10WithoutLengthEndsTheBodyByClosing() throws IOException {
        String response = exchange("GET /chunked HTTP/1.0\r\n\r\n");
        assertTrue(response.contains("Connection: close\r\n"), response);
        assertTrue(response.endsWith("\r\n\r\none,two"), response);
    }

    @Test
    void answersContinueBeforeTheBody() throws IOException {
        String response = exchange("POST /a HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\nok");
        assertTrue(response.startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK"), response);
        assertTrue(response.endsWith("POST /a null ok"), response);
    }

    @Test
    void refusesBadRequestsWithTheirStatusAndTellsTheListener() throws IOException {
        assertTrue(exchange("GET /a HTTP/3.0\r\n\r\n").startsWith(
                "HTTP/1.1 505 HTTP Version Not Supported\r\n"));
        String smuggled = exchange("POST /a HTTP/1.1\r\nContent-Length: 3\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertTrue(smuggled.startsWith("HTTP/1.1 400 Bad Request\r\n"), smuggled);
        assertTrue(smuggled.endsWith("a request may not have both Transfer-Encoding and "
                + "Content-Length\n"), smuggled);
        assertEquals(List.of("505 null", "400 POST /a HTTP/1.1"), refusals);
    }

    @Test
    void aFailingHandlerGets500AndTheConnectionCloses() throws IOException {
        String response = exchange("GET /fail HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /never HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 500 Internal Server Error\r\n"), response);
        assertTrue(response.contains("boom"), response);
        assertTrue(!response.contains("/never"), response);
    }

    @Test
    void theJdkClientKeepsItsConnectionAcrossRequests() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base
                    + "/q?i=" + i)).POST(HttpRequest.BodyPublishers.ofString("b" + i)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("POST /q i=" + i + " b" + i, response.body());
        }
    }

    @Test
    void aRequestHeadTrickledInIsClosedAfterTheHeaderTimeoutAndAKeptConnectionIsNot()
            throws Exception {
        LenientHttpServer bounded = LenientHttpServer.create(new InetSocketAddress(
                InetAddress.getLoopbackAddress(), 0), 16,
                new org.dkumonitor.server.listen.ListenerLimits(8,
                        java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(400)));
        bounded.createContext("/", this::echo);
        bounded.start();
        try (Socket slow = new Socket(InetAddress.getLoopbackAddress(),
                bounded.getAddress().getPort());
                Socket kept = new Socket(InetAddress.getLoopbackAddress(),
                        bounded.getAddress().getPort())) {
            slow.setSoTimeout(10_000);
            kept.setSoTimeout(10_000);
            long started = System.nanoTime();
            boolean closed = false;
            try {
                slow.getOutputStream().write("GET /a HTTP/1.1\r\n".getBytes(
                        StandardCharsets.US_ASCII));
                for (int i = 0; i < 40; i++) { // 4 s of a header byte every 100 ms
                    Thread.sleep(100);
                    slow.getOutputStream().write('X');
                }
            } catch (java.net.SocketException e) {
                closed = true;
            }
            closed = closed || slow.getInputStream().read() < 0;
            assertTrue(closed && System.nanoTime() - started < 4_000_000_000L,
                    "the half-sent request was closed");
            for (int i = 0; i < 2; i++) { // the same connection, a second apart: kept
                kept.getOutputStream().write("GET /k HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] answer = new byte[256];
                int n = kept.getInputStream().read(answer);
                assertTrue(new String(answer, 0, n, StandardCharsets.ISO_8859_1)
                        .startsWith("HTTP/1.1 200"));
                Thread.sleep(600);
            }
        } finally {
            bounded.stop(0);
        }
        assertTrue(bounded.listener().timedOutConnections() >= 1);
    }
}
