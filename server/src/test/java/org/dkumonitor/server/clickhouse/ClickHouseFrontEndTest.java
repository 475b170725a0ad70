package org.dkumonitor.server.clickhouse;

import static org.dkumonitor.server.clickhouse.BackedServer.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.MetricsServer;
import org.dkumonitor.server.ServerConfig;
import org.dkumonitor.server.cluster.ClusterConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Graphite cluster's front end whose own store is ClickHouse: its part is read from there, as
 * any member's, and merged with a whisper node's before the functions run once.
 */
@Timeout(120)
class ClickHouseFrontEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path root;

    @Test
    void aFrontEndStoringInClickHouseAddsItsOwnSeriesToAWhisperNodes() throws Exception {
        long t = System.currentTimeMillis() / 1000 / 10 * 10 - 100;
        ClickHouseServer clickhouse = ClickHouseServer.start(root.resolve("clickhouse"),
                Map.of());
        MetricsServer node = null;
        try {
            node = whisperNode(root.resolve("node"));
            send(node.plaintextPort(), "fe.remote 5 " + t + "\nfe.shared 1 " + t + "\n");
            awaitLocal(node.apiPort(), "fe.shared", "1.0," + t);
            ServerConfig.ClickHouse store = BackedServer.clickhouse(List.of(clickhouse.url()),
                    "front", 50, 30);
            try (BackedServer front = BackedServer.start(root.resolve("front"), store, 100_000,
                    InstantSource.system(), BackedServer.SCHEMAS,
                    new ClusterConfig(List.of("127.0.0.1:" + node.apiPort())))) {
                front.send("fe.local 2 " + t + "\nfe.shared 7 " + (t + 10) + "\n");
                front.flush();
                assertEquals("2\n7\n", clickhouse.sql("SELECT Value FROM front.graphite"
                        + " ORDER BY Time FORMAT TSV"));

                // a sum made in ClickHouse would miss the node's series: the cluster's is here
                JsonNode sum = front.render("from=-10min&target=" + q("sumSeries(fe.*)"));
                String points = sum.get(0).get("datapoints").toString();
                assertTrue(points.contains("[8.0," + t + "]"), points);
                assertTrue(points.contains("[7.0," + (t + 10) + "]"), points);
                assertEquals(List.of("fe.local", "fe.remote", "fe.shared"), BackedServer.json(
                        front.get("/metrics/find?query=fe.*").body()).findValuesAsText("id"));
                // local=1: the front end's own store alone (what another front end asks)
                assertEquals(2, front.render("local=1&from=-10min&target=fe.*").size());

                HttpResponse<String> move = front.post("/cluster/delete", "metric=fe.local");
                assertEquals(501, move.statusCode(), move.body());
                assertTrue(move.body().contains("ClickHouse"), move.body());
            }
        } finally {
            if (node != null) {
                node.stop();
            }
            clickhouse.stop();
        }
    }

    private static MetricsServer whisperNode(Path directory) throws Exception {
        DataDir dataDir = new DataDir(directory);
        Files.createDirectories(dataDir.conf());
        Files.writeString(dataDir.confFile("storage-schemas.conf"),
                "[all]\npattern = .*\nretentions = 10s:1d\n");
        return MetricsServer.start(dataDir, new ServerConfig(
                new ServerConfig.Carbon("127.0.0.1", 0, false, null, 600, null),
                new ServerConfig.Api("127.0.0.1", 0), null,
                new ServerConfig.SelfMetrics(false, 3600, "node"), null),
                InstantSource.system());
    }

    private static void send(int port, String lines) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(lines.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            socket.getInputStream().read();
        }
    }

    /** Waits until the node answers {@code target} with {@code point} in its raw format. */
    private static void awaitLocal(int apiPort, String target, String point) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort
                + "/render?format=json&local=1&from=-10min&target=" + target)).build(),
                HttpResponse.BodyHandlers.ofString()).body().contains(point)) {
            assertTrue(System.currentTimeMillis() < deadline, "not received: " + target);
            Thread.sleep(10);
        }
    }
}
