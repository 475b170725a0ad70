package org.dkumonitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.core.cluster.CarbonHashRing;
import org.dkumonitor.core.cluster.ClusterNode;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.cluster.ClusterConfig;
import org.dkumonitor.server.cluster.ClusterFrontEnd;
import org.dkumonitor.server.relay.RelayConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A storage node killed with {@code kill -9} while our relay feeds it: during the outage the
 * front end answers 502 naming it (or, with partialResults: allow, the rest with the header);
 * the relay keeps the node's points; once the node is back every point is on it.
 */
@Timeout(120)
class NodeOutageTest {

    private static final String SCHEMAS = "[all]\npattern = .*\nretentions = 10s:1d\n";
    private static final int METRICS = 300;
    private static final int ROUNDS = 150;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path root;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private MetricsServer inProcess(String name, RelayConfig relay, ClusterConfig cluster)
            throws IOException {
        DataDir dataDir = new DataDir(root.resolve(name));
        Files.createDirectories(dataDir.conf());
        Files.writeString(dataDir.confFile("storage-schemas.conf"), SCHEMAS);
        MetricsServer server = MetricsServer.start(dataDir, new ServerConfig(
                new ServerConfig.Carbon("127.0.0.1", 0, false, null, 60, null),
                new ServerConfig.Api("127.0.0.1", 0), null,
                new ServerConfig.SelfMetrics(false, null, null), null).withRelay(relay)
                .withCluster(cluster),
                InstantSource.system());
        open.add(server::stop);
        return server;
    }

    /** Node b: its own JVM, so that it can be killed outright and started again. */
    private Process startChild(Path dataRoot) throws IOException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-cp", System.getProperty("java.class.path"),
                ServerMain.class.getName(), "--data-dir", dataRoot.toString())
                .redirectErrorStream(true)
                .redirectOutput(dataRoot.resolve("server.log").toFile()).start();
        open.add(child::destroyForcibly);
        return child;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static HttpResponse<String> get(int port, String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitApi(int port) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (true) {
            try {
                if (get(port, "/version").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // starting
            }
            assertTrue(System.currentTimeMillis() < deadline, "node b did not start");
            Thread.sleep(50);
        }
    }

    private static void send(int port, String lines) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(lines.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            socket.getInputStream().read();
        }
    }

    @Test
    void theRelayKeepsAKilledNodesPointsAndTheFrontEndSaysItIsMissing() throws Exception {
        MetricsServer a = inProcess("a", null, null);
        Path bRoot = root.resolve("b");
        DataDir b = new DataDir(bRoot);
        Files.createDirectories(b.conf());
        Files.writeString(b.confFile("storage-schemas.conf"), SCHEMAS);
        int bCarbon = freePort();
        int bApi = freePort();
        Files.writeString(b.confFile("server.yaml"), "carbon:\n  listen: 127.0.0.1\n"
                + "  plaintextPort: " + bCarbon + "\n  udp: false\napi:\n  listen: 127.0.0.1\n"
                + "  port: " + bApi + "\nselfMetrics:\n  enabled: false\n");
        Process node = startChild(bRoot);
        awaitApi(bApi);
        List<String> destinations = List.of("127.0.0.1:" + a.plaintextPort() + ":a",
                "127.0.0.1:" + bCarbon + ":b");
        List<String> apis = List.of("127.0.0.1:" + a.apiPort(), "127.0.0.1:" + bApi);
        MetricsServer relay = inProcess("relay", new RelayConfig(destinations, 1, null, 64,
                null), new ClusterConfig(apis, 2000, null, null, null, null));
        MetricsServer lenient = inProcess("lenient", null,
                new ClusterConfig(apis, 2000, null, "allow", null, null));

        long now = System.currentTimeMillis() / 1000;
        long base = now - Math.floorMod(now, 10) - 10L * ROUNDS - 600;
        for (int round = 0; round < ROUNDS; round++) {
            StringBuilder lines = new StringBuilder();
            for (int m = 0; m < METRICS; m++) {
                lines.append("load.m").append(m).append(' ').append(round).append(' ')
                        .append(base + 10L * round).append('\n');
            }
            send(relay.plaintextPort(), lines.toString());
            if (round == ROUNDS / 3) {
                node.destroyForcibly().waitFor();
                String query = "/render?format=json&target=" + URLEncoder.encode(
                        "sumSeries(load.*)", StandardCharsets.UTF_8) + "&from=" + base
                        + "&until=" + (base + 10L * ROUNDS);
                HttpResponse<String> refused = get(relay.apiPort(), query);
                assertEquals(502, refused.statusCode(), refused.body());
                assertTrue(refused.body().contains("127.0.0.1:" + bApi), refused.body());
                HttpResponse<String> partial = get(lenient.apiPort(), query);
                assertEquals(200, partial.statusCode(), partial.body());
                assertTrue(partial.headers().firstValue(ClusterFrontEnd.MISSING_HEADER)
                        .orElse("").startsWith("127.0.0.1:" + bApi), partial.headers().map()
                        .toString());
            }
            if (round == 2 * ROUNDS / 3) {
                node = startChild(bRoot);
                awaitApi(bApi);
            }
        }
        CarbonHashRing ring = new CarbonHashRing(destinations.stream().map(ClusterNode::parse)
                .toList());
        ClusterNode nodeB = ClusterNode.parse(destinations.get(1));
        int onB = 0;
        long deadline = System.currentTimeMillis() + 60_000;
        for (int m = 0; m < METRICS; m++) {
            String metric = "load.m" + m;
            if (!ring.nodeFor(metric).equals(nodeB)) {
                continue;
            }
            onB++;
            while (true) {
                String raw = get(bApi, "/render?format=raw&local=1&target=" + metric + "&from="
                        + (base - 10) + "&until=" + (base + 10L * ROUNDS)).body();
                long points = raw.isBlank() ? 0 : java.util.Arrays.stream(raw.strip()
                        .substring(raw.indexOf('|') + 1).split(","))
                        .filter(v -> !v.equals("None")).count();
                if (points == ROUNDS) {
                    break;
                }
                assertTrue(System.currentTimeMillis() < deadline, metric + " has " + points
                        + " of " + ROUNDS + " points on node b; relay still holds "
                        + relay.relay().queuedLines());
                Thread.sleep(50);
            }
        }
        assertTrue(onB > METRICS / 4, "node b holds its share: " + onB);
        assertEquals(200, get(relay.apiPort(), "/render?format=json&target=load.m1").statusCode());
    }
}
