package org.dkumonitor.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.dkumonitor.testkit.Goldens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * graphite-web 1.1.8's tag database API, request by request against graphite-web's own answers
 * (status and JSON), recorded in src/test/resources/graphite-web/tags/exchanges.json from
 * Debian's graphite-web with {@code -Ddkm.recordGolden=true}. graphite-web's local database adds
 * row ids to its answers ({@code "id"}); they are left out of the comparison, and error messages
 * are compared by their presence only.
 */
class TagsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GOLDEN = Goldens.source("graphite-web/tags/exchanges.json");

    /**
     * Where we deliberately answer otherwise, with the reason: the request's index in
     * {@link #exchanges()} to the status we give.
     */
    private static final Map<Integer, Integer> KNOWN = Map.of(
            // graphite-web answers a path it cannot parse with 500 (a bare Exception)
            15, 400);

    /** Each exchange: method, path and query, form body (POST) or "". */
    static List<String[]> exchanges() {
        return List.of(
                post("/tags/tagMultiSeries", "path=cpu.load;host=web01;dc=eu"
                        + "&path=cpu.load;host=web02;dc=eu&path=disk.used;host=web01"
                        + "&path=cpu.load;dc=us;host=web03;rack=r1"),
                post("/tags/tagSeries", "path=mem.free;host=web02;dc=us"),
                get("/tags"),
                get("/tags?filter=d"),
                get("/tags?limit=2&pretty=1"),
                get("/tags/host"),
                get("/tags/host?filter=web0[12]"),
                get("/tags/host?limit=1"),
                get("/tags/nosuch"),
                get("/tags/findSeries?expr=host=web01"),
                get("/tags/findSeries?expr=dc=eu&expr=name=~cpu.*"),
                get("/tags/findSeries?expr[]=host!=web01&expr[]=name=cpu.load"),
                get("/tags/findSeries?expr=host=~web0[13]&expr=rack="),
                get("/tags/findSeries?expr=host!=~web0[13]&expr=dc!=eu"),
                get("/tags/findSeries?expr=rack!=&expr=name=cpu.load"),
                post("/tags/tagSeries", "path=x;=y"),
                get("/tags/findSeries?expr=rack="),
                get("/tags/findSeries?expr=garbage"),
                get("/tags/findSeries"),
                post("/tags/findSeries", "expr=dc=us"),
                get("/tags/tagSeries?path=a;b=c"),
                post("/tags/tagSeries", ""),
                post("/tags/tagMultiSeries", ""),
                get("/tags?limit=x"),
                get("/tags/autoComplete/tags?tagPrefix=h"),
                get("/tags/autoComplete/tags?expr=name=cpu.load"),
                get("/tags/autoComplete/tags?expr=dc=eu&limit=1"),
                get("/tags/autoComplete/values?tag=host"),
                get("/tags/autoComplete/values?tag=host&valuePrefix=web0&expr=dc=us"),
                get("/tags/autoComplete/values?expr=dc=eu"),
                post("/tags/delSeries", "path=disk.used;host=web01&path=no.such;a=b"),
                get("/tags/findSeries?expr=host=web01"),
                post("/tags/delSeries", "path[]=mem.free;dc=us;host=web02"),
                get("/tags/findSeries?expr=name=~[a-z].*"));
    }

    private static String[] get(String path) {
        return new String[] {"GET", path, ""};
    }

    private static String[] post(String path, String form) {
        return new String[] {"POST", path, form};
    }

    @TempDir
    Path dir;

    @Test
    void answersEachRequestAsGraphiteWebDoes() throws Exception {
        if (Goldens.recording() && GraphiteWebPeer.available()) {
            Files.createDirectories(dir.resolve("gw"));
            try (GraphiteWebPeer peer = GraphiteWebPeer.startWithEmptyDatabase(
                    dir.resolve("gw"))) {
                Files.createDirectories(GOLDEN.getParent());
                Files.writeString(GOLDEN, JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(run(peer.url())));
            }
        }
        JsonNode golden = JSON.readTree(GOLDEN.toFile());
        Files.createDirectories(dir.resolve("whisper"));
        List<ObjectNode> ours;
        try (ApiHarness api = new ApiHarness(dir.resolve("whisper"), InstantSource.system(),
                ApiOptions.defaults())) {
            ours = run(api.url());
        }
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            JsonNode theirs = golden.get(i);
            ObjectNode mine = ours.get(i);
            String request = mine.get("request").asText();
            int status = KNOWN.getOrDefault(i, theirs.get("status").asInt());
            if (mine.get("status").asInt() != status) {
                differences.add(i + " " + request + ": status " + mine.get("status") + ", "
                        + "graphite-web " + theirs.get("status") + " " + theirs.get("body"));
            } else if (!comparable(theirs.get("body")).equals(comparable(mine.get("body")))) {
                differences.add(i + " " + request + ": " + mine.get("body") + ", graphite-web "
                        + theirs.get("body"));
            }
        }
        assertEquals(List.of(), differences);
    }

    /** Every exchange on the server at {@code base}: request, status and body as JSON. */
    private static List<ObjectNode> run(String base) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<ObjectNode> out = new ArrayList<>();
        for (String[] exchange : exchanges()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base
                    + exchange[1].replace("[", "%5B").replace("]", "%5D")));
            if (exchange[0].equals("POST")) {
                request.header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(exchange[2]
                                .replace(";", "%3B").replace("[", "%5B").replace("]", "%5D")));
            }
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            ObjectNode node = JSON.createObjectNode();
            node.put("request", exchange[0] + " " + exchange[1] + (exchange[2].isEmpty() ? ""
                    : " " + exchange[2]));
            node.put("status", response.statusCode());
            JsonNode body;
            try {
                body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(
                        response.body());
            } catch (java.io.IOException e) {
                body = JSON.getNodeFactory().textNode("not JSON: " + response.body());
            }
            node.set("body", body);
            out.add(node);
        }
        return out;
    }

    /** The body without graphite-web's row ids, an error message reduced to its presence. */
    private static JsonNode comparable(JsonNode body) {
        if (body == null) {
            return JSON.nullNode();
        }
        JsonNode copy = body.deepCopy();
        if (copy.isObject() && copy.has("error")) {
            return JSON.createObjectNode().put("error", "...");
        }
        if (copy.isTextual() && copy.asText().startsWith("not JSON")) {
            // a 405 carries no JSON in either; the status says it all
            return JSON.nullNode();
        }
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("id");
            Iterator<JsonNode> values = object.elements();
            while (values.hasNext()) {
                strip(values.next());
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(TagsApiTest::strip);
        }
    }

    @Test
    void anEnteredSeriesIsFoundAndRemovedOneIsNot() throws Exception {
        Files.createDirectories(dir.resolve("w"));
        try (ApiHarness api = new ApiHarness(dir.resolve("w"), InstantSource.system(),
                ApiOptions.defaults())) {
            assertEquals("\"a.b;x=1;y=2\"", api.post("/tags/tagSeries", "path=a.b%3By%3D2%3Bx%3D1")
                    .body());
            assertEquals("[\"a.b;x=1;y=2\"]", api.get("/tags/findSeries?expr=x%3D1").body());
            assertEquals("true", api.post("/tags/delSeries", "path=a.b%3Bx%3D1%3By%3D2")
                    .body());
            assertEquals("[]", api.get("/tags/findSeries?expr=x%3D1").body());
            HttpResponse<String> notPost = api.get("/tags/delSeries?path=a");
            assertEquals(405, notPost.statusCode());
            assertTrue(notPost.headers().firstValue("Allow").orElse("").contains("POST"));
        }
    }
}
