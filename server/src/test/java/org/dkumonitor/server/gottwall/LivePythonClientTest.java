package org.dkumonitor.server.gottwall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gottwall_client.py, driven by gw_send.py, as a live client of a running server on the real
 * clock: every client flavour (stati-net on Python 2 and 3, with json and ujson, stati-go-net)
 * over HTTP, TCP (both auth delimiters) and UDP (each client's default delimiter). Runs where a
 * Python 3 is installed; RealClientBytesTest replays the pinned bytes everywhere.
 */
class LivePythonClientTest {

    private static final String[] CLIENTS = {"py2-json", "py2-ujson", "py3-json", "py3-ujson",
        "go"};

    @TempDir
    Path root;

    private static Map<String, Object> spec(String transport, String client, int port,
            List<Map<String, Object>> metrics) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("transport", transport);
        spec.put("client", client);
        spec.put("host", "127.0.0.1");
        spec.put("port", port);
        spec.put("project", "shop");
        spec.put("private_key", "s3cr\u00e9t-private");
        spec.put("public_key", "shop-public");
        spec.put("metrics", metrics);
        return spec;
    }

    private static Map<String, Object> metric(String action, String name, double value,
            long ts, Map<String, Object> filters) {
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("action", action);
        metric.put("name", name);
        metric.put("value", value == Math.rint(value) ? (Object) (long) value : value);
        metric.put("ts", ts);
        metric.put("filters", filters);
        return metric;
    }

    @Test
    void everyClientFlavourIsCountedOverEveryTransport() throws Exception {
        assumeTrue(Vectors.pythonPresent(), Vectors.PYTHON + " is not installed");
        GottwallConfig keys = new GottwallConfig("s3cr\u00e9t-private",
                Map.of("shop", "shop-public"));
        try (GottwallHarness server = new GottwallHarness(root, keys, InstantSource.system())) {
            long now = System.currentTimeMillis() / 1000;
            int ingest = server.server.ingestPort();
            int stream = server.server.gottwallStreamPort();
            Map<String, Object> status = Map.of("status", List.of("New", "Paid"));
            double expected = 0;
            for (String client : CLIENTS) {
                List<Map<String, Object>> metrics = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    metrics.add(metric("incr", "orders.total", 2, now, status));
                }
                metrics.add(metric("decr", "orders.total", 1, now, status));
                JsonNode http = PythonClient.send(spec("http", client, ingest, metrics));
                assertEquals("[200,200,200,200,200,200]", http.get("statuses").toString(),
                        client);
                expected += 9;
                for (String delimiter : new String[] {"--stream-auth--", "--chunk-auth--"}) {
                    Map<String, Object> tcp = spec("tcp", client, stream, metrics);
                    tcp.put("auth_delimiter", delimiter);
                    assertEquals("OK", PythonClient.send(tcp).get("reply").asText(), client);
                    expected += 9;
                }
                PythonClient.send(spec("udp", client, stream, metrics.subList(0, 2)));
                expected += 4;
            }
            double total = expected;
            JsonNode all = server.awaitRead("shop", "stats?name=orders.total&period=all",
                    stats -> GottwallHarness.range(stats).equals(Map.of(0L, total)));
            assertEquals(Map.of(0L, total), GottwallHarness.range(all), all.toString()
                    + " " + server.stats().totals());
        }
    }
}
