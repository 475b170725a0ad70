package org.dkumonitor.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestServerTest {

    private IngestServer server;

    private IngestServer start(IngestLimits limits) throws IOException {
        server = new IngestServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                limits);
        server.mount("/echo", request -> HttpResponse.text(200, request.method() + " "
                + request.path() + " " + request.rawQuery() + " "
                + new String(request.body(), StandardCharsets.UTF_8)));
        server.mount("/echo/deeper", request -> HttpResponse.text(200, "deeper"));
        server.mount("/", request -> HttpResponse.text(200, "root"));
        server.mount("/broken", request -> {
            throw new IllegalStateException("a bug");
        });
        server.start();
        return server;
    }

    private IngestServer start() throws IOException {
        return start(new IngestLimits(4096, 1000, 4, Duration.ofMillis(400),
                Duration.ofMillis(600)));
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(5000);
        return socket;
    }

    /** Reads what the server sends until it closes the connection. */
    private static String readAll(Socket socket) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        int n;
        try {
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // what was read before the reset is the answer
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Test
    void servesTheLongestMountThatMatchesAndA404NamingWhatIsServed() throws Exception {
        start();
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port();
        assertEquals("GET /echo/a/b q=1 \n", get(client, base + "/echo/a/b?q=1"));
        assertEquals("deeper\n", get(client, base + "/echo/deeper/x"));
        assertEquals("root\n", get(client, base + "/"));
        var notFound = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base
                + "/echoes")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(404, notFound.statusCode());
        assertEquals("{\"message\": \"no such endpoint: /echoes; this port serves /, /broken,"
                + " /echo, /echo/deeper\", \"data\": null, \"success\": false}",
                notFound.body());
        assertEquals("application/json; charset=UTF-8",
                notFound.headers().firstValue("Content-Type").orElseThrow());
    }

    private static String get(HttpClient client, String url) throws Exception {
        var response = client.send(java.net.http.HttpRequest.newBuilder(URI.create(url))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void answersPipelinedRequestsInOrderOnOneConnection() throws IOException {
        start();
        try (Socket socket = connect()) {
            send(socket, "POST /echo HTTP/1.1\r\nContent-Length: 3\r\n\r\nonePOST /echo HTTP/1.1"
                    + "\r\nContent-Length: 3\r\n\r\ntwoGET /echo HTTP/1.1\r\nConnection: close"
                    + "\r\n\r\n");
            String answers = readAll(socket);
            int one = answers.indexOf("POST /echo null one");
            int two = answers.indexOf("POST /echo null two");
            int three = answers.indexOf("GET /echo null \n");
            assertTrue(one > 0 && two > one && three > two, answers);
            assertTrue(answers.contains("Connection: close\r\n"), answers);
        }
    }

    @Test
    void aHandlerThatFailsIsA500AndTheConnectionStaysUsable() throws IOException {
        start();
        try (Socket socket = connect()) {
            send(socket, "GET /broken HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\nConnection: close\r\n\r\n");
            String answers = readAll(socket);
            assertTrue(answers.startsWith("HTTP/1.1 500 Internal Server Error\r\n"), answers);
            assertTrue(answers.contains("internal error: java.lang.IllegalStateException: a bug"));
            assertTrue(answers.contains("HTTP/1.1 200 OK"), answers);
        }
    }

    @Test
    void aHeadRequestGetsTheHeadersWithoutTheBody() throws IOException {
        start();
        try (Socket socket = connect()) {
            send(socket, "HEAD / HTTP/1.1\r\nConnection: close\r\n\r\n");
            String answer = readAll(socket);
            assertTrue(answer.contains("Content-Length: 5\r\n"), answer);
            assertTrue(answer.endsWith("\r\n\r\n"), answer);
        }
    }

    @Test
    void aBodyOverTheLimitIs413AndTheClientCanReadItWhileStillSending() throws IOException {
        start();
        try (Socket socket = connect()) {
            byte[] big = new byte[10 * 1024 * 1024];
            send(socket, "POST /echo HTTP/1.1\r\nContent-Length: " + big.length + "\r\n\r\n");
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    socket.getOutputStream().write(big);
                } catch (IOException closed) {
                    // the server stopped reading after its drain budget: fine
                }
            });
            String answer = readAll(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413 Content Too Large\r\n"), answer);
            assertTrue(answer.contains("request body of 10485760 bytes is over this server's"
                    + " limit of 1000 bytes"), answer);
            writer.interrupt();
        }
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBodyOrRefusedAtOnce() throws IOException {
        start();
        try (Socket socket = connect()) {
            send(socket, "POST /echo HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n"
                    + "\r\n");
            byte[] interim = new byte[25];
            socket.getInputStream().readNBytes(interim, 0, interim.length);
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", new String(interim,
                    StandardCharsets.US_ASCII));
            send(socket, "hi");
            socket.shutdownOutput();
            assertTrue(readAll(socket).contains("POST /echo null hi"));
        }
        try (Socket socket = connect()) {
            send(socket, "POST /echo HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n"
                    + "\r\n");
            assertTrue(readAll(socket).startsWith("HTTP/1.1 413 "));
        }
    }

    @Test
    void aHeadOverTheLimitIs431AndAChunkedBodyOverItIs413() throws IOException {
        start();
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nCookie: " + "x".repeat(5000) + "\r\n\r\n");
            String answer = readAll(socket);
            assertTrue(answer.startsWith("HTTP/1.1 431 "), answer);
            assertTrue(answer.contains("over this server's limit of 4096 bytes"), answer);
        }
        try (Socket socket = connect()) {
            send(socket, "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3e9\r\n"
                    + "x".repeat(1001) + "\r\n0\r\n\r\n");
            String answer = readAll(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(answer.contains("more than 1000 bytes"), answer);
        }
        try (Socket socket = connect()) {
            send(socket, "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
            String answer = readAll(socket);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertTrue(answer.contains("bad chunk size"), answer);
        }
    }

    @Test
    void aMalformedRequestIsAnswered400AndTheConnectionClosed() throws IOException {
        start();
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nbad header\r\n\r\nGET / HTTP/1.1\r\n\r\n");
            String answer = readAll(socket);
            assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
            assertTrue(answer.contains("Connection: close"), answer);
            assertEquals(1, answer.split("HTTP/1.1 ").length - 1, answer);
        }
    }

    @Test
    void aHalfSentRequestIsCutOffAfterTheRequestTimeout() throws IOException {
        start();
        try (Socket socket = connect()) {
            send(socket, "POST /echo HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
            long started = System.nanoTime();
            assertEquals("", readAll(socket), "closed without an answer");
            long waited = (System.nanoTime() - started) / 1_000_000;
            assertTrue(waited >= 300 && waited < 3000, waited + " ms");
        }
        assertTrue(server.stats().timedOutConnections() >= 1);
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws IOException {
        start();
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\n\r\n");
            String answer = readAll(socket);
            assertTrue(answer.startsWith("HTTP/1.1 200 OK"), answer);
        }
    }

    @Test
    void connectionsOverTheLimitAreAnswered503() throws IOException {
        start();
        Socket[] held = new Socket[4];
        try {
            for (int i = 0; i < held.length; i++) {
                held[i] = connect();
                send(held[i], "GET / HTTP/1.1\r\n\r\n");
                held[i].getInputStream().read(new byte[200]);
            }
            try (Socket extra = connect()) {
                String answer = readAll(extra);
                assertTrue(answer.startsWith("HTTP/1.1 503 Service Unavailable"), answer);
                assertTrue(answer.contains("ingest.maxConnections"), answer);
            }
            assertEquals(1, server.stats().refusedConnections());
        } finally {
            for (Socket socket : held) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aPortInUseFailsTheStart() throws IOException {
        start();
        assertThrows(java.net.BindException.class, () -> new IngestServer(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()),
                IngestLimits.defaults()));
    }

    @Test
    void closeEndsOpenConnections() throws IOException {
        start();
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\n\r\n");
            socket.getInputStream().read(new byte[200]);
            server.close();
            assertEquals(-1, socket.getInputStream().read());
        }
        server = null;
    }
}
