package org.dkumonitor.server.gottwall;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.function.Predicate;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.MetricsServer;
import org.dkumonitor.server.ServerConfig;

/**
 * A metrics server on loopback with GottWall's HTTP API and stream, and the ways a client
 * talks to it: raw HTTP requests (exact bytes), a stream, datagrams, and the read API.
 */
final class GottwallHarness implements Closeable {

    static final String SCHEMAS = "[gottwall]\npattern = ^gottwall\\.\n"
            + "retentions = 60s:1d,1h:30d,1d:20y\n\n[default]\npattern = .*\n"
            + "retentions = 60s:1d\n";
    static final String AGGREGATION = "[gottwall]\npattern = ^gottwall\\.\nxFilesFactor = 0\n"
            + "aggregationMethod = sum\n";

    final MetricsServer server;
    final GottwallConfig keys;

    GottwallHarness(Path root, GottwallConfig keys, InstantSource clock) throws IOException {
        this.keys = keys;
        DataDir dataDir = new DataDir(root);
        Files.createDirectories(dataDir.conf());
        Files.writeString(dataDir.confFile("storage-schemas.conf"), SCHEMAS);
        Files.writeString(dataDir.confFile("storage-aggregation.conf"), AGGREGATION);
        ServerConfig config = new ServerConfig(
                new ServerConfig.Carbon("127.0.0.1", 0, false, null, 60, null),
                new ServerConfig.Api("127.0.0.1", 0),
                new ServerConfig.Storage(20, 1_000_000, 2, 64, false,
                        new ServerConfig.Wal(true, 5, 3600)),
                new ServerConfig.SelfMetrics(false, 3600, "testhost"), null)
                .withIngest(new ServerConfig.Ingest("127.0.0.1", 0))
                .withGottwall(keys.stream() != null ? keys
                        : keys.withStream(new GottwallConfig.Stream("127.0.0.1", 0)));
        server = MetricsServer.start(dataDir, config, clock);
    }

    GottwallStats stats() {
        return server.gottwall().stats();
    }

    /** An HTTP answer: status line's code and the body. */
    record Answer(int status, String head, String body) {
    }

    /** Sends exact request bytes on a new connection and reads one answer. */
    Answer http(byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.ingestPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            return readAnswer(socket.getInputStream());
        }
    }

    static Answer readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the answer's head ended: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        byte[] body = in.readNBytes(length);
        return new Answer(Integer.parseInt(text.split(" ")[1]), text,
                new String(body, StandardCharsets.UTF_8));
    }

    /** A POST as stati-net sends it, with the given headers (name, value pairs). */
    Answer post(String path, String body, String... headers) throws IOException {
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        request.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        byte[] head = request.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bytes.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bytes, 0, all, head.length, bytes.length);
        return http(all);
    }

    /** Sends stream bytes, half-closes, returns every byte the server answered. */
    String stream(byte[] bytes) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(),
                server.gottwallStreamPort())) {
            socket.setSoTimeout(10_000);
            // written beside the reading: the server may answer FAIL and close mid-way
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    socket.getOutputStream().write(bytes);
                    socket.shutdownOutput();
                } catch (IOException e) {
                    // the server closed first
                }
            });
            String answer = new String(socket.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer;
        }
    }

    void datagram(byte[] bytes) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(),
                    server.gottwallStreamPort()));
        }
    }

    /** A GET of the read API with the project's Basic credentials. */
    Answer read(String project, String endpointAndQuery) throws IOException {
        String basic = Base64.getEncoder().encodeToString((keys.projects().get(project) + ":"
                + keys.privateKey()).getBytes(StandardCharsets.UTF_8));
        return http(("GET /gottwall/api/v1/" + project + "/" + endpointAndQuery
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " + basic + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Reads until the answer's JSON passes {@code test} or 10 s pass; returns the last. */
    JsonNode awaitRead(String project, String endpointAndQuery, Predicate<JsonNode> test)
            throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonNode last;
        do {
            Answer answer = read(project, endpointAndQuery);
            last = Vectors.JSON.readTree(answer.body());
            if (answer.status() == 200 && test.test(last)) {
                return last;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return last;
    }

    /** The totals of a stats answer's range as {bucket: total}. */
    static Map<Long, Double> range(JsonNode stats) {
        Map<Long, Double> totals = new java.util.TreeMap<>();
        for (JsonNode bucket : stats.get("range")) {
            totals.put(bucket.get(0).asLong(), bucket.get(1).asDouble());
        }
        return totals;
    }

    @Override
    public void close() {
        server.stop();
    }
}
