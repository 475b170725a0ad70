package org.dkumonitor.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the request plan of grafana-contract.md §14 against a real server on an ephemeral
 * port, byte for byte as the requests reach us through Grafana's proxy (and as the Go backend
 * sends them), and checks what Grafana needs of each answer. Clock fixed at T = 1700000000.
 */
class GrafanaContractTest {

    private static final long T = 1_700_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WRAP_OPEN = "aliasSub(";
    private static final String WRAP_CLOSE = "%2C%20%22(%5E.*%24)%22%2C%20%22%5C1%20A%22)";

    @TempDir
    static Path dir;
    private static ApiHarness api;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void seed() throws Exception {
        WhisperTree tree = new WhisperTree(dir.resolve("whisper"), T);
        List<Retention> minute = List.of(new Retention(60, 1440 * 2));
        for (String host : List.of("web01", "web02")) {
            tree.metric("servers." + host + ".cpu.load", minute, AggregationMethod.AVERAGE,
                    86_400, t -> (t / 60) % 10 / 2.0);
            tree.metric("servers." + host + ".http.requests", minute, AggregationMethod.LAST,
                    86_400, t -> (t - (T - 86_400)) / 6.0);
        }
        tree.metric("cpu.usage;host=web01;dc=eu", minute, AggregationMethod.AVERAGE, 86_400,
                t -> 42);
        api = new ApiHarness(tree.root(), InstantSource.fixed(Instant.ofEpochSecond(T)),
                ApiOptions.defaults());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static HttpResponse<String> proxied(String method, String pathAndQuery, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url() + pathAndQuery))
                .header("User-Agent", "Grafana/12.0.0")
                .header("Accept", "application/json, text/plain, */*")
                .header("X-Grafana-Org-Id", "1").header("X-Forwarded-For", "127.0.0.1")
                .header("X-Panel-Id", "3");
        if (body != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static void assertSeriesShape(JsonNode series, long from, long until, int max) {
        assertTrue(series.get("target").isTextual());
        JsonNode points = series.get("datapoints");
        assertTrue(points.size() <= max, "at most " + max + " points, got " + points.size());
        long previous = Long.MIN_VALUE;
        for (JsonNode point : points) {
            assertTrue(point.get(0).isNull() || point.get(0).isNumber(), point.toString());
            assertTrue(point.get(1).isIntegralNumber(), point.toString());
            long ts = point.get(1).asLong();
            assertTrue(ts > previous && ts >= from && ts <= until, point.toString());
            previous = ts;
        }
    }

    @Test
    void healthCheckOfGrafana116IsGreen() throws Exception {
        JsonNode body = json(proxied("POST", "/render", "target=" + WRAP_OPEN
                + "constantLine(100)" + WRAP_CLOSE
                + "&from=1699996399&until=1700000001&format=json&maxDataPoints=300"));
        assertEquals(1, body.size());
        JsonNode series = body.get(0);
        // graphite-web 1.1.8 names it str(float(100)): "100.0" (the contract text says "100")
        assertEquals("100.0 A", series.get("target").asText());
        assertEquals("100.0", series.get("tags").get("name").asText());
        assertEquals(3, series.get("datapoints").size());
        for (JsonNode point : series.get("datapoints")) {
            assertEquals(100.0, point.get(0).asDouble());
        }
        assertSeriesShape(series, 1699996399, 1700000001, 300);
    }

    @Test
    void healthCheckVariantsAreGreen() throws Exception {
        JsonNode old = json(proxied("POST", "/render",
                "target=constantLine(100)&from=1699996399&until=1700000001&format=json"
                        + "&maxDataPoints=300"));
        assertEquals("100.0", old.get(0).get("target").asText());
        JsonNode backend = json(proxied("POST", "/render", "format=json&from=1699996400"
                + "&maxDataPoints=100&target=constantLine%28100%29&until=1700000000"));
        assertSeriesShape(backend.get(0), 1699996400, 1700000000, 100);
        JsonNode negative = json(proxied("POST", "/render", "target=" + WRAP_OPEN
                + "nosuch.metric" + WRAP_CLOSE
                + "&from=1699996399&until=1700000001&format=json&maxDataPoints=300"));
        assertEquals(0, negative.size());
        assertTrue(json(proxied("GET", "/metrics/find?query=*", null)).isArray());
    }

    @Test
    void dashboardVariableFindListsHostsAsIntegers() throws Exception {
        HttpResponse<String> response = proxied("POST",
                "/metrics/find?from=1699978399&until=1700000001", "query=servers.*");
        assertEquals(200, response.statusCode());
        assertEquals("[{\"text\":\"web01\",\"id\":\"servers.web01\",\"allowChildren\":1,"
                + "\"expandable\":1,\"leaf\":0},{\"text\":\"web02\",\"id\":\"servers.web02\","
                + "\"allowChildren\":1,\"expandable\":1,\"leaf\":0}]", response.body());
        HttpResponse<String> backend = proxied("POST",
                "/metrics/find?from=1699978399&until=1700000001", "query=servers.%2A");
        assertEquals(response.body(), backend.body());
    }

    @Test
    void panelsRenderWrappedTargets() throws Exception {
        JsonNode cpu = json(proxied("POST", "/render", "target=" + WRAP_OPEN
                + "servers.%7Bweb01%2Cweb02%7D.cpu.load" + WRAP_CLOSE
                + "&from=1699978399&until=1700000001&format=json&maxDataPoints=1194"));
        assertEquals(2, cpu.size());
        assertEquals("servers.web01.cpu.load A", cpu.get(0).get("target").asText());
        assertEquals("servers.web02.cpu.load A", cpu.get(1).get("target").asText());
        assertEquals("servers.web01.cpu.load", cpu.get(0).get("tags").get("name").asText());
        for (JsonNode series : cpu) {
            assertSeriesShape(series, 1699978399, 1700000001, 1194);
            assertTrue(series.get("datapoints").size() > 300);
        }
        JsonNode requests = json(proxied("POST", "/render", "target=" + WRAP_OPEN
                + "aliasByNode(perSecond(servers.%7Bweb01%2Cweb02%7D.http.requests)%2C%201)"
                + WRAP_CLOSE + "&from=1699978399&until=1700000001&format=json"
                + "&maxDataPoints=1194"));
        assertEquals("web01 A", requests.get(0).get("target").asText());
        assertEquals("web02 A", requests.get(1).get("target").asText());
        JsonNode rate = requests.get(0).get("datapoints").get(5).get(0);
        assertEquals(0.166667, rate.asDouble(), 1e-12); // 10 per minute, rounded as graphite
        assertEquals(2, json(proxied("POST", "/render", "target=servers.*.cpu.load"
                + "&from=-6h&until=now&format=json&maxDataPoints=1194")).size());
        assertEquals(1, json(proxied("POST", "/render", "format=json&from=1699978400"
                + "&maxDataPoints=1194&target=servers.web01.cpu.load&until=1700000000"))
                .size());
    }

    @Test
    void queryEditorAutocompletes() throws Exception {
        HttpResponse<String> functions = proxied("GET", "/functions", null);
        JsonNode defs = json(functions);
        assertFalse(functions.body().contains("Infinity"));
        for (String name : List.of("aliasSub", "aliasByNode", "sumSeries", "perSecond",
                "constantLine", "seriesByTag")) {
            JsonNode def = defs.get(name);
            assertTrue(def.get("name").isTextual() && def.get("group").isTextual(), name);
            for (JsonNode param : def.get("params")) {
                assertTrue(param.get("name").isTextual() && param.get("type").isTextual());
            }
        }
        assertEquals(200, proxied("GET", "/functions?pretty=1", null).statusCode());
        assertEquals("[{\"text\":\"load\",\"id\":\"servers.web01.cpu.load\",\"allowChildren\":0,"
                + "\"expandable\":0,\"leaf\":1}]", proxied("POST", "/metrics/find",
                        "query=servers.web01.cpu.load").body());
        JsonNode top = json(proxied("POST", "/metrics/find?from=1699978399&until=1700000001",
                "query=*"));
        assertTrue(top.toString().contains("{\"text\":\"servers\",\"id\":\"servers\","
                + "\"allowChildren\":1,\"expandable\":1,\"leaf\":0}"), top.toString());
        assertEquals("[\"dc\",\"host\",\"name\"]", proxied("GET", "/tags/autoComplete/tags"
                + "?limit=5000&from=1699978399&until=1700000001", null).body());
        assertTrue(proxied("POST", "/metrics/find?from=1699978399&until=1700000001",
                "query=*ser*").body().contains("\"id\":\"servers\""));
        assertEquals("[]", proxied("GET", "/tags/autoComplete/tags?tagPrefix=ser&limit=5000"
                + "&from=1699978399&until=1700000001", null).body());
        assertEquals(1, json(proxied("POST", "/metrics/find", "query=servers")).size());
        assertEquals(2, json(proxied("POST", "/metrics/find?from=1699978399&until=1700000001",
                "query=servers.*")).size());
    }

    @Test
    void tagPathsWork() throws Exception {
        assertEquals("[\"web01\"]", proxied("GET", "/tags/autoComplete/values?tag=host"
                + "&limit=5000&from=1699978399&until=1700000001", null).body());
        JsonNode tagged = json(proxied("POST", "/render", "target=" + WRAP_OPEN
                + "seriesByTag('host%3Dweb01')" + WRAP_CLOSE
                + "&from=1699978399&until=1700000001&format=json&maxDataPoints=100"));
        assertEquals(1, tagged.size());
        assertEquals("cpu.usage;dc=eu;host=web01 A", tagged.get(0).get("target").asText());
        assertEquals("eu", tagged.get(0).get("tags").get("dc").asText());
        assertEquals("[\"dc\",\"name\"]", proxied("GET", "/tags/autoComplete/tags"
                + "?expr=host%3Dweb01&limit=5000&from=1699978399&until=1700000001", null)
                .body());
        assertEquals("[\"web01\"]", proxied("GET", "/tags/autoComplete/values?expr=dc%3Deu"
                + "&tag=host&limit=10000&from=1699978399&until=1700000001", null).body());
        assertEquals("[\"web01\"]", proxied("GET", "/tags/autoComplete/values"
                + "?expr%5B%5D=dc%3Deu&tag=host&limit=10000", null).body());
        assertEquals("[\"dc\",\"host\",\"name\"]", proxied("GET", "/tags/autoComplete/tags"
                + "?from=undefined&limit=0&tagPrefix=&until=undefined", null).body());
        assertEquals(200, proxied("POST", "/metrics/find?from=undefined&until=undefined",
                "query=servers.%2A").statusCode());
        assertEquals("[\"web01\"]", proxied("GET", "/metrics/expand?query=servers.web01"
                + "&from=1699978399&until=1700000001", null).body().replaceAll(".*\\[", "[")
                .replace("]}", "]").replace("servers.", ""));
    }

    @Test
    void errorsAreAnsweredAsGrafanaExpects() throws Exception {
        HttpResponse<String> syntax = proxied("POST", "/render",
                "target=sumSeries(&format=json");
        assertEquals(400, syntax.statusCode());
        assertTrue(syntax.headers().firstValue("Content-Type").orElse("").startsWith(
                "text/plain"));
        assertEquals(1, syntax.body().strip().lines().count());
        assertTrue(syntax.body().contains("column"), syntax.body());
        assertEquals(400, proxied("POST", "/metrics/find", "").statusCode());
        assertEquals(200, proxied("POST", "/metrics/find", "query=servers.%zz").statusCode());
        assertEquals("\"1.1.8\"", proxied("GET", "/version", null).body());
        HttpResponse<String> preflight = proxied("OPTIONS", "/render", null);
        assertEquals(204, preflight.statusCode());
        assertTrue(preflight.headers().firstValue("Allow").orElse("").contains("POST"));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Origin").isEmpty(),
                "Grafana reads the API server side (proxy mode): no CORS by default");
        assertEquals("[\"cpu.usage;dc=eu;host=web01\",\"servers.web01.cpu.load\","
                + "\"servers.web01.http.requests\",\"servers.web02.cpu.load\","
                + "\"servers.web02.http.requests\"]", proxied("GET", "/metrics/index.json", null)
                        .body());
    }
}
