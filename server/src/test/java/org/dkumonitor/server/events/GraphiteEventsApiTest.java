package org.dkumonitor.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.MetricsServer;
import org.dkumonitor.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * graphite-web's events API and events() on a real server, checked against what Debian's
 * graphite-web answered to the same requests (graphite-web-events-golden.json, re-recorded by
 * record-graphite-events.sh beside it), and stats-service events shown as annotations.
 */
class GraphiteEventsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private final HttpClient client = HttpClient.newHttpClient();

    private MetricsServer start() throws Exception {
        DataDir dataDir = new DataDir(root);
        Files.createDirectories(dataDir.conf());
        Files.writeString(dataDir.confFile("storage-schemas.conf"),
                "[default]\npattern = .*\nretentions = 10s:1d\n");
        Files.writeString(dataDir.confFile("access.json"), """
                [{"id": "user_00ca4f6190b84f25827239233c4bcbaa", "username": "statsbob",
                  "tokens": [{"access_token": "%s", "access_secret": "%s"}]}]
                """.formatted(EventsHarness.SEED_TOKEN, EventsHarness.SEED_SECRET));
        ServerConfig config = new ServerConfig(new ServerConfig.Carbon("127.0.0.1", 0, false,
                null, 60, null), new ServerConfig.Api("127.0.0.1", 0), null,
                new ServerConfig.SelfMetrics(false, 60, "test"), null)
                .withIngest(new ServerConfig.Ingest("127.0.0.1", 0));
        return MetricsServer.start(dataDir, config, InstantSource.system());
    }

    private HttpResponse<String> call(int port, String method, String path, String body,
            String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + port + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersAsGraphiteWebDid() throws Exception {
        JsonNode golden = StatsServiceVectors.load("graphite-web-events-golden.json");
        MetricsServer server = start();
        try {
            int api = server.apiPort();
            for (JsonNode post : golden.get("posts")) {
                HttpResponse<String> answer = call(api, "POST", "/events/",
                        post.get("body").asText());
                assertEquals(post.get("status").asInt(), answer.statusCode(), answer.body());
                assertEquals(post.get("body_out").asText(), answer.body());
                assertEquals(post.get("content_type").asText(),
                        answer.headers().firstValue("Content-Type").orElseThrow());
            }
            JsonNode badTags = golden.get("bad_posts").get(0);
            HttpResponse<String> refused = call(api, "POST", "/events/",
                    badTags.get("request").asText());
            assertEquals(400, refused.statusCode());
            assertEquals(badTags.get("body").asText(), refused.body());
            HttpResponse<String> notJson = call(api, "POST", "/events/", "not json");
            assertEquals(400, notJson.statusCode(), "graphite-web: 500");
            assertTrue(notJson.body().contains("invalid JSON"), notJson.body());
            for (JsonNode get : golden.get("gets")) {
                HttpResponse<String> answer = get.has("accept")
                        ? call(api, "GET", get.get("path").asText(), null, "Accept",
                                get.get("accept").asText())
                        : call(api, "GET", get.get("path").asText(), null);
                String path = get.get("path").asText();
                assertEquals(get.get("status").asInt(), answer.statusCode(), path);
                if (path.startsWith("/render")) {
                    // our render JSON is compact and writes 1.0 for 1: compare the values
                    assertEquals(datapoints(get.get("body").asText()),
                            datapoints(answer.body()), path);
                } else {
                    assertEquals(get.get("body").asText(), answer.body(), path);
                }
            }
            String list = call(api, "GET", "/events/", null).body();
            assertTrue(list.contains("<td>deploy app 1.2</td>"), list);
        } finally {
            server.stop();
        }
    }

    private static String datapoints(String json) throws Exception {
        StringBuilder text = new StringBuilder();
        for (JsonNode series : JSON.readTree(json)) {
            text.append(series.get("target").asText()).append(series.get("tags")).append('\n');
            for (JsonNode point : series.get("datapoints")) {
                text.append(point.get(0).isNull() ? "None" : point.get(0).asDouble())
                        .append('@').append(point.get(1).asLong()).append(' ');
            }
        }
        return text.toString();
    }

    @Test
    void showsStatsServiceEventsAsAnnotationsAndKeepsPostedOnesAcrossARestart()
            throws Exception {
        MetricsServer server = start();
        long now = System.currentTimeMillis() / 1000;
        try {
            HttpResponse<String> logged = call(server.ingestPort(), "POST", "/log/event/",
                    "{\"uid\": \"user-1\", \"event\": \"pnc.user.login\", \"country\": \"GB\"}",
                    "Authorization", "Token " + EventsHarness.SEED_TOKEN);
            assertEquals(200, logged.statusCode(), logged.body());
            assertEquals(200, call(server.apiPort(), "POST", "/events/",
                    "{\"what\": \"deploy\", \"tags\": \"deploy\"}").statusCode());
            JsonNode data = JSON.readTree(call(server.apiPort(), "GET",
                    "/events/get_data?from=-5min&tags=pnc.user.login", null).body());
            assertEquals(1, data.size(), data.toString());
            JsonNode event = data.get(0);
            assertEquals("pnc.user.login", event.get("what").asText());
            assertEquals("[\"stats-service\",\"pnc.user.login\",\"uid=user-1\"]",
                    event.get("tags").toString());
            assertEquals("{\"uid\": \"user-1\", \"event\": \"pnc.user.login\", \"country\":"
                    + " \"GB\"}", event.get("data").asText());
            assertTrue(Math.abs(event.get("when").asLong() - now) < 5);
            JsonNode counted = JSON.readTree(call(server.apiPort(), "GET",
                    "/render?format=json&from=" + (now - 300) + "&until=" + (now + 60)
                            + "&target=events(%22*%22)", null).body());
            double sum = 0;
            for (JsonNode point : counted.get(0).get("datapoints")) {
                sum += point.get(0).asDouble(0);
            }
            assertEquals(2, sum, counted.toString());
        } finally {
            server.stop();
        }
        server = start();
        try {
            JsonNode data = JSON.readTree(call(server.apiPort(), "GET",
                    "/events/get_data?from=-5min", null).body());
            assertEquals(2, data.size(), "both kinds of events after a restart: " + data);
        } finally {
            server.stop();
        }
    }
}
