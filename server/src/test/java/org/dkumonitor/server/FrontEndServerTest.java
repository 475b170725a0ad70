package org.dkumonitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.cluster.ClusterConfig;
import org.dkumonitor.server.cluster.ClusterFrontEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front-end role end to end: two storage nodes and a front end on loopback (and, for bad
 * input, members that are not Graphite servers at all).
 */
@Timeout(60)
class FrontEndServerTest {

    private static final String SCHEMAS = "[all]\npattern = .*\nretentions = 60s:1d\n";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path root;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final long now = System.currentTimeMillis() / 1000;
    private final long minute = now - Math.floorMod(now, 60);

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** A storage node, or a front end when {@code cluster} is given; {@code api} 0: any port. */
    private MetricsServer server(String name, int api, ClusterConfig cluster) throws IOException {
        DataDir dataDir = new DataDir(root.resolve(name));
        Files.createDirectories(dataDir.conf());
        Files.writeString(dataDir.confFile("storage-schemas.conf"), SCHEMAS);
        ServerConfig config = new ServerConfig(
                new ServerConfig.Carbon("127.0.0.1", 0, false, null, 60, null),
                new ServerConfig.Api("127.0.0.1", api), null,
                new ServerConfig.SelfMetrics(true, 3600, null), null).withCluster(cluster);
        MetricsServer server = MetricsServer.start(dataDir, config, InstantSource.system());
        open.add(server::stop);
        return server;
    }

    private static ClusterConfig cluster(String partial, int timeoutMillis, String... servers) {
        return new ClusterConfig(List.of(servers), timeoutMillis, null, partial, 1, null);
    }

    private static String member(MetricsServer node) {
        return "127.0.0.1:" + node.apiPort();
    }

    /** Sends lines and waits until the last one is readable through the node's API. */
    private void feed(MetricsServer node, String lines) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), node.plaintextPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(lines.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            socket.getInputStream().read();
        }
        String[] last = lines.strip().substring(lines.strip().lastIndexOf('\n') + 1).split(" ");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!get(node.apiPort(), "/render?format=raw&local=1&target=" + last[0]).body()
                .contains(last[1])) {
            assertTrue(System.currentTimeMillis() < deadline, "not received: " + last[0]);
            Thread.sleep(10);
        }
    }

    private static HttpResponse<String> get(int port, String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String window() {
        return "&from=" + (minute - 600) + "&until=" + minute;
    }

    @Test
    void sumsOverTwoNodesAndFillsTheGapsOfOneCopyFromTheOther() throws Exception {
        MetricsServer a = server("a", 0, null);
        MetricsServer b = server("b", 0, null);
        feed(a, "web.host1.cpu 1 " + (minute - 120) + "\nweb.host1.cpu 2 " + (minute - 60)
                + "\nshared.gauge 10 " + (minute - 120) + "\n");
        feed(b, "web.host2.cpu 5 " + (minute - 120) + "\nweb.host2.cpu 7 " + (minute - 60)
                + "\nshared.gauge 99 " + (minute - 120) + "\nshared.gauge 20 " + (minute - 60)
                + "\n");
        MetricsServer front = server("front", 0, cluster(null, 5000, member(a), member(b)));
        String sum = get(front.apiPort(), "/render?format=json&target=sumSeries(web.*.cpu)"
                + window()).body();
        assertTrue(sum.contains("[6.0," + (minute - 120) + "]"), sum);
        assertTrue(sum.contains("[9.0," + (minute - 60) + "]"), sum);
        assertTrue(sum.contains("\"target\":\"sumSeries(web.*.cpu)\""), sum);
        String shared = get(front.apiPort(), "/render?format=raw&target=shared.gauge"
                + window()).body();
        // a's copy comes first (the order of cluster.servers): its 10 stays, its gap takes 20
        assertTrue(shared.contains(",10.0,20.0"), shared);
        assertEquals(1, shared.strip().split("\n").length, "one merged series: " + shared);
        String count = get(front.apiPort(), "/render?format=json&target="
                + "countSeries(web.*.cpu)" + window()).body();
        assertTrue(count.contains("[2.0," + (minute - 60) + "]"), count);
        assertEquals("[]", get(front.apiPort(), "/render?format=json&local=1&target=web.*.cpu"
                + window()).body().strip(), "local=1: this server's own store only");
        String index = get(front.apiPort(), "/metrics/index.json").body();
        assertTrue(index.contains("\"web.host1.cpu\"") && index.contains("\"web.host2.cpu\"")
                && index.indexOf("shared.gauge") == index.lastIndexOf("shared.gauge"), index);
    }

    @Test
    void aMemberThatIsDownMakesA502NamingItUnlessPartialResultsAreAllowed() throws Exception {
        MetricsServer a = server("a", 0, null);
        feed(a, "web.host1.cpu 1 " + (minute - 60) + "\n");
        int down;
        try (ServerSocket socket = new ServerSocket(0)) {
            down = socket.getLocalPort();
        }
        MetricsServer deny = server("deny", 0, cluster(null, 2000, member(a),
                "127.0.0.1:" + down));
        HttpResponse<String> refused = get(deny.apiPort(),
                "/render?format=json&target=sumSeries(web.*.cpu)" + window());
        assertEquals(502, refused.statusCode());
        assertTrue(refused.body().contains("127.0.0.1:" + down) && refused.body()
                .contains("cannot reach it"), refused.body());
        MetricsServer allow = server("allow", 0, cluster("allow", 2000, member(a),
                "127.0.0.1:" + down));
        HttpResponse<String> partial = get(allow.apiPort(),
                "/render?format=json&target=sumSeries(web.*.cpu)" + window());
        assertEquals(200, partial.statusCode());
        assertTrue(partial.body().contains("[1.0," + (minute - 60) + "]"), partial.body());
        assertTrue(partial.headers().firstValue(ClusterFrontEnd.MISSING_HEADER).orElse("")
                .startsWith("127.0.0.1:" + down), partial.headers().map().toString());
        Map<String, Double> figures = allow.selfMetrics().report();
        assertEquals(1.0, figures.get("cluster.partialResults"), figures.toString());
        assertEquals(1.0, figures.get("cluster.servers.127_0_0_1_" + down + ".errors"));
        assertFalse(get(allow.apiPort(), "/render?format=json&target=web.*.cpu" + window())
                .headers().firstValue(ClusterFrontEnd.MISSING_HEADER).isEmpty());
    }

    /** A member that answers whatever {@code body} gives, or nothing for a while. */
    private String fakeMember(String contentType, Supplier<byte[]> body, long delayMillis)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                Thread.sleep(delayMillis);
                byte[] bytes = body.get();
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (InterruptedException | IOException e) {
                exchange.close();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        open.add(() -> server.stop(0));
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void membersThatAnswerGarbageAreNamedWithWhatWasWrongAndHarmNothing() throws Exception {
        MetricsServer a = server("a", 0, null);
        feed(a, "web.host1.cpu 1 " + (minute - 60) + "\n");
        byte[] hostile = "\u0080\u0002cos\nsystem\nX\u0004\u0000\u0000\u0000true\u0085R."
                .getBytes(StandardCharsets.ISO_8859_1);
        Map<String, String> members = new java.util.LinkedHashMap<>();
        members.put(fakeMember("application/pickle", () -> "\u0001garbage".getBytes(
                StandardCharsets.ISO_8859_1), 0), "not a pickle");
        members.put(fakeMember("application/pickle", () -> hostile, 0), "os.system");
        members.put(fakeMember("text/html", () -> "<!DOCTYPE html><html><body>Login"
                .getBytes(StandardCharsets.UTF_8), 0), "text/html");
        members.put(fakeMember("application/pickle", () -> new byte[10 * 1024 * 1024], 0),
                "larger than 1 MB");
        members.put(fakeMember("application/pickle", () -> new byte[0], 5000),
                "no answer within 1000 ms");
        members.put(fakeMember("application/pickle", () -> "\u0080\u0002}."
                .getBytes(StandardCharsets.ISO_8859_1), 0), "not graphite-web's");
        for (Map.Entry<String, String> bad : members.entrySet()) {
            MetricsServer front = server("front" + bad.getKey().replace(':', '_'), 0,
                    cluster(null, 1000, member(a), bad.getKey()));
            HttpResponse<String> answer = get(front.apiPort(),
                    "/render?format=json&target=web.*.cpu" + window());
            assertEquals(502, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains(bad.getKey()) && answer.body()
                    .contains(bad.getValue()), bad.getValue() + ": " + answer.body());
        }
        assertEquals(200, get(a.apiPort(), "/render?format=json&target=web.*.cpu").statusCode());
    }

    @Test
    void aClusterListNamingTheFrontEndItselfDoesNotLoop() throws Exception {
        MetricsServer a = server("a", 0, null);
        feed(a, "web.host1.cpu 3 " + (minute - 60) + "\n");
        int own;
        try (ServerSocket socket = new ServerSocket(0)) {
            own = socket.getLocalPort();
        }
        MetricsServer front = server("front", own, cluster(null, 2000, member(a),
                "127.0.0.1:" + own, "localhost:" + own));
        feed(front, "web.front.cpu 4 " + (minute - 60) + "\n");
        String sum = get(front.apiPort(), "/render?format=json&target=sumSeries(web.*.cpu)"
                + window()).body();
        assertTrue(sum.contains("[7.0," + (minute - 60) + "]"), "own store counted once: "
                + sum);
        // two front ends that list each other answer each other with local=1 only
        MetricsServer other = server("other", 0, cluster(null, 2000, member(front)));
        String both = get(other.apiPort(), "/render?format=json&target=sumSeries(web.*.cpu)"
                + window()).body();
        assertTrue(both.contains("[4.0," + (minute - 60) + "]"), both);
    }

    @Test
    void findMergesTheNodesOfGraphiteWebMembersWithItsOwnTree() throws Exception {
        byte[] graphiteWebFind;
        try (InputStream in = getClass().getResourceAsStream("/pickle/graphite-web-find.pickle")) {
            graphiteWebFind = in.readAllBytes();
        }
        String graphiteWeb = fakeMember("application/pickle", () -> graphiteWebFind, 0);
        MetricsServer front = server("front", 0, cluster(null, 2000, graphiteWeb));
        feed(front, "a.b.d 1 " + (minute - 60) + "\n");
        String found = get(front.apiPort(), "/metrics/find?format=json&query=a.b.*").body();
        assertTrue(found.contains("\"path\":\"a.b.c\"") && found.contains("\"path\":\"a.b.d\""),
                found);
        String expanded = get(front.apiPort(), "/metrics/expand?query=a.b.*").body();
        assertTrue(expanded.contains("[\"a.b.c\",\"a.b.d\"]"), expanded);
    }

    @Test
    void aNodeAnswersGraphiteWebsMultipartPostAsItsGet() throws Exception {
        MetricsServer a = server("a", 0, null);
        feed(a, "web.host1.cpu 1 " + (minute - 60) + "\n");
        String boundary = "0d1c5e2a7b9f4e3d";
        StringBuilder body = new StringBuilder();
        for (String[] field : List.of(new String[] {"format", "pickle"},
                new String[] {"local", "1"}, new String[] {"noCache", "1"},
                new String[] {"from", Long.toString(minute - 600)},
                new String[] {"until", Long.toString(minute)},
                new String[] {"target", "web.*.cpu"}, new String[] {"now", Long.toString(now)})) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data;"
                    + " name=\"").append(field[0]).append("\"\r\n\r\n").append(field[1])
                    .append("\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        HttpResponse<byte[]> post = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + a.apiPort() + "/render/"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> getAnswer = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + a.apiPort() + "/render/?format=pickle&local=1&noCache=1"
                + "&from=" + (minute - 600) + "&until=" + minute + "&target=web.*.cpu&now="
                + now)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, post.statusCode(), new String(post.body(), StandardCharsets.UTF_8));
        assertEquals("application/pickle", post.headers().firstValue("Content-Type")
                .orElse(""));
        assertTrue(java.util.Arrays.equals(getAnswer.body(), post.body()));
    }
}
