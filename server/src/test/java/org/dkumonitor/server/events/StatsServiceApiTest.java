package org.dkumonitor.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.dkumonitor.server.events.access.AccessToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsServiceApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    java.nio.file.Path dir;

    private EventsHarness harness;

    @BeforeEach
    void start() throws IOException {
        harness = new EventsHarness(dir);
    }

    @AfterEach
    void stop() throws IOException {
        harness.close();
    }

    @Test
    void answersPingAndErrorsWithTheOriginalsBytes() throws Exception {
        for (String path : List.of("/", "/ping", "/ping/")) {
            HttpResponse<String> ping = harness.send("GET", path, null);
            assertEquals(200, ping.statusCode());
            assertEquals(StatsServiceVectors.response("ping era B"), ping.body());
            assertEquals("application/json; charset=UTF-8",
                    ping.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("61", ping.headers().firstValue("Content-Length").orElseThrow());
        }
        HttpResponse<String> mismatch = harness.send("GET", "/log/event/", null);
        assertEquals(404, mismatch.statusCode());
        assertEquals(StatsServiceVectors.response("404 GET /log/event/ (POST-only route)"),
                mismatch.body());
        HttpResponse<String> postPing = harness.send("POST", "/ping/", "");
        assertEquals(404, postPing.statusCode());
        assertEquals(StatsServiceVectors.response("404 POST /ping/ (GET-only route)"),
                postPing.body());
        HttpResponse<String> unknown = harness.get("/log/event/"
                + "entry_00000000000000000000000000000000");
        assertEquals(404, unknown.statusCode());
        assertEquals(StatsServiceVectors.response("404 era A GET unknown id"), unknown.body());
        HttpResponse<String> override = harness.send("POST", "/log/event/", "{}",
                "X-HTTP-Method-Override", "PUT");
        assertEquals(404, override.statusCode(), "a method override redispatches");
        assertEquals(404, harness.send("GET", "/nope", null).statusCode());
    }

    @Test
    void replaysWhatTheRealStatsClientSentInBothEras() throws Exception {
        for (String file : List.of("real_stats_client_eraA.json", "real_stats_client_eraB.json")) {
            JsonNode capture = StatsServiceVectors.load(file);
            int returned = 0;
            for (JsonNode call : capture.get("calls")) {
                String path = URI.create(call.get("url").asText()).getPath()
                        .replace("/ignored", "");
                String[] headers = headers(call.get("headers"));
                String body = call.get("body_b64").isNull() ? null : new String(Base64
                        .getDecoder().decode(call.get("body_b64").asText()),
                        StandardCharsets.UTF_8);
                HttpResponse<String> response = harness.send(call.get("method").asText(), path,
                        body, headers);
                if (path.equals("/ping/")) {
                    assertEquals(200, response.statusCode());
                } else if (call.get("method").asText().equals("POST")) {
                    assertEquals(200, response.statusCode(), response.body());
                    String expected = capture.get("returns").get(Math.min(returned++,
                            capture.get("returns").size() - 1)).asText();
                    String answer = JSON.readTree(response.body()).asText();
                    if (expected.equals("OK")) {
                        assertEquals("\"OK\"", response.body());
                    } else {
                        assertTrue(answer.matches("entry_[0-9a-f]{32}"), answer);
                        assertEquals(40, response.body().length());
                        HttpResponse<String> stored = harness.get("/log/event/" + answer + "/");
                        assertEquals(200, stored.statusCode(), stored.body());
                        JsonNode event = JSON.readTree(stored.body());
                        JsonNode sent = JSON.readTree(body);
                        sent.fieldNames().forEachRemaining(key -> assertEquals(sent.get(key),
                                event.get(key), key));
                        assertEquals(answer, event.get("event_id").asText());
                        assertEquals("2026-03-01T12:00:00.123456789Z",
                                event.get("time").asText());
                        assertEquals(1772366400.1234567, event.get("now").asDouble(), 1e-6);
                    }
                }
            }
        }
        harness.store.flushSeries();
        long bucket = 1_772_366_400L;
        assertEquals(List.of(1.0), values("events.pnc.user.view.count", bucket));
        assertEquals(List.of(1.0), values("events.server.start.count", bucket));
        assertEquals(List.of(1.0), values("events.ping.count", bucket));
        assertEquals(List.of(1.0), values("analytics.ping.value;from=oisin", bucket));
        assertEquals(List.of(1.0), values("analytics.server_startup.value;hostname=app-04;"
                + "ip=10.0.0.4;uid=system-app-04", bucket));
    }

    private List<Double> values(String series, long bucket) {
        var points = harness.cache.read(series);
        List<Double> found = new java.util.ArrayList<>();
        for (var point : points) {
            if (point.timestamp() == bucket) {
                found.add(point.value());
            }
        }
        return found.isEmpty() ? found : List.of(found.getLast());
    }

    private static String[] headers(JsonNode pairs) {
        List<String> flat = new java.util.ArrayList<>();
        for (JsonNode pair : pairs) {
            flat.add(pair.get(0).asText());
            flat.add(pair.get(1).asText());
        }
        return flat.toArray(String[]::new);
    }

    @Test
    void countsEveryEventIntoItsStepBucketAsATotal() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(200, harness.post("{\"event\": \"a.b\", \"uid\": \"u" + i + "\"}")
                    .statusCode());
        }
        harness.store.flushSeries();
        assertEquals(List.of(5.0), values("events.a.b.count", 1_772_366_400L));
        harness.post("[{\"measurement\": \"m\", \"tags\": {\"k\": \"two words\"},"
                + " \"fields\": {\"v\": 2.5, \"ok\": true, \"s\": \"text\"}},"
                + " {\"measurement\": \"m\", \"tags\": {\"k\": \"two words\"},"
                + " \"fields\": {\"v\": 1}}]");
        harness.store.flushSeries();
        assertEquals(List.of(3.5), values("analytics.m.v;k=two_words", 1_772_366_400L));
        assertEquals(List.of(1.0), values("analytics.m.ok;k=two_words", 1_772_366_400L));
        assertEquals(List.of(2.0), values("events.m.count", 1_772_366_400L));
    }

    @Test
    void refusesBadBodiesWithAReasonAndStoresNothing() throws Exception {
        String[][] cases = {
            {"{\"event\": \"x\"", "invalid JSON"},
            {"", "empty body"},
            {"null", "the body is a JSON null"},
            {"42", "the body is a JSON number"},
            {"\"text\"", "the body is a JSON string"},
            {"{\"event\": \"x\"}", "lacks 'uid'"},
            {"{\"uid\": \"u\"}", "lacks 'event'"},
            {"{\"uid\": \"u\", \"event\": \"\"}", "'event' must be a non-empty string"},
            {"{\"uid\": \"u\", \"event\": 3}", "'event' must be a non-empty string"},
            {"{\"uid\": null, \"event\": \"e\"}", "'uid' must be a string or a number"},
            {"{\"uid\": \"u\", \"event\": \"a..b\"}", "is not a valid Graphite path"},
            {"{\"uid\": \"u\", \"event\": \"e\", \"bad name\": 1}", "field name 'bad name' is"
                    + " not a valid path node"},
            {"{\"uid\": \"u\", \"event\": \"e\", \"a.b\": 1}", "not a valid path node"},
            {"{\"uid\": \"u\", \"event\": \"e\", \"n\": {\"x\": 1}}", "is a JSON object"},
            {"{\"uid\": \"u\", \"event\": \"e\", \"time\": 1}", "'time' is reserved"},
            {"{\"uid\": \"u\", \"event\": \"e\", \"event_id\": \"a b\"}", "'event_id' must be"},
            {"{\"uid\": \"u\", \"event\": \"e\"} x", "invalid JSON"},
            {"[{\"tags\": {}, \"fields\": {\"v\": 1}}]", "point 0 lacks 'measurement'"},
            {"[{\"measurement\": \"m\", \"tags\": {}}]", "has no 'fields'"},
            {"[{\"measurement\": \"m\", \"fields\": {}}]", "has no 'fields'"},
            {"[{\"measurement\": \"m\", \"fields\": {\"v\": [1]}}]", "is a JSON array"},
            {"[1]", "point 0 is a JSON number"},
            {"[{\"measurement\": \"m\", \"fields\": {\"v\": 1}, \"tags\": []}]", "tags must be"},
        };
        for (String[] c : cases) {
            HttpResponse<String> response = harness.post(c[0]);
            assertEquals(400, response.statusCode(), c[0] + " -> " + response.body());
            String message = JSON.readTree(response.body()).get("message").asText();
            assertTrue(message.contains(c[1]), c[0] + " -> " + message);
        }
        assertEquals(0, harness.store.query(new EventQuery(null, null, Long.MIN_VALUE,
                Long.MAX_VALUE, 100)).size());
        assertEquals(200, harness.post("{\"uid\": \"\", \"event\": \"e\"}").statusCode(),
                "an empty uid is fine");
        assertEquals("\"OK\"", harness.post("[]").body());
    }

    @Test
    void refusesInvalidUtf8AndA10MegabyteBody() throws Exception {
        byte[] head = ("POST /log/event/ HTTP/1.1\r\nHost: x\r\nAuthorization: Token "
                + EventsHarness.SEED_TOKEN + "\r\nContent-Type: application/json\r\n"
                + "Connection: close\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
        byte[] bad = "{\"uid\": \"u\", \"event\": \"e\", \"f\": \"\u00ff\"}"
                .getBytes(StandardCharsets.ISO_8859_1);
        String answer = raw(head, bad);
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("the body is not UTF-8: byte 0xff at offset 33"), answer);
        String tooLarge = raw(head, new byte[10 * 1024 * 1024]);
        assertTrue(tooLarge.startsWith("HTTP/1.1 413 "), tooLarge);
    }

    private String raw(byte[] head, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), harness.server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(body);
                    out.flush();
                } catch (IOException closed) {
                    // the server answered without reading all of it
                }
            });
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            try {
                in.transferTo(answer);
            } catch (java.net.SocketException reset) {
                // read what came before
            }
            writer.interrupt();
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void refusesMissingMalformedUnknownTamperedAndExpiredTokensWith403AndAReason()
            throws Exception {
        String body = "{\"uid\": \"u\", \"event\": \"e\"}";
        String t = EventsHarness.SEED_TOKEN;
        String tampered = t.substring(0, 20) + (t.charAt(20) == 'A' ? 'B' : 'A')
                + t.substring(21);
        String expired = AccessToken.mint(EventsHarness.SEED_SECRET, "statsbob", "abcdef", 5);
        java.nio.file.Files.writeString(dir.resolve("access.json"), """
                [{"id": "user_1", "username": "statsbob", "tokens": [
                  {"access_token": "%s", "access_secret": "%s"},
                  {"access_token": "%s", "access_secret": "%s"},
                  {"access_token": "%s", "access_secret": "%s"}]}]
                """.formatted(t, EventsHarness.SEED_SECRET, tampered, EventsHarness.SEED_SECRET,
                expired, EventsHarness.SEED_SECRET));
        Thread.sleep(1100);
        String[][] cases = {
            {null, "no Authorization header"},
            {"Bearer " + t, "unknown token"},
            {"token " + t, "unknown token"},
            {"Token !!!", "unknown token"},
            {"Token " + tampered, "token has invalid signature"},
            {"Token " + expired, "token has expired"},
        };
        for (String[] c : cases) {
            HttpResponse<String> response = c[0] == null
                    ? harness.send("POST", "/log/event/", body)
                    : harness.send("POST", "/log/event/", body, "Authorization", c[0]);
            assertEquals(403, response.statusCode(), c[0]);
            assertTrue(JSON.readTree(response.body()).get("message").asText()
                    .startsWith(c[1]), response.body());
            assertTrue(!response.body().contains(t.substring(0, 30)), "no token echoed");
        }
        assertEquals(200, harness.post(body).statusCode());
    }

    @Test
    void aFullDiskIs503AndLosesNothingAcknowledged() throws Exception {
        String first = JSON.readTree(harness.post("{\"uid\": \"u\", \"event\": \"kept\"}")
                .body()).asText();
        harness.room.set(20);
        HttpResponse<String> refused = harness.post("{\"uid\": \"u\", \"event\": \"lost\"}");
        assertEquals(503, refused.statusCode());
        assertTrue(refused.body().contains("No space left on device"), refused.body());
        harness.room.set(Long.MAX_VALUE);
        assertEquals(200, harness.get("/log/event/" + first).statusCode());
        List<EventItem> all = harness.store.query(new EventQuery(null, null, Long.MIN_VALUE,
                Long.MAX_VALUE, 100));
        assertEquals(List.of("kept"), all.stream().map(EventItem::name).toList());
    }

    @Test
    void findsEventsByIdsOfEitherMakeAndAnswers404ForOthers() throws Exception {
        String ours = JSON.readTree(harness.post("{\"uid\": \"u\", \"event\": \"e\"}").body())
                .asText();
        assertEquals("\"client-id.1\"", harness.post("{\"uid\": \"u\", \"event\": \"e\","
                + " \"event_id\": \"client-id.1\"}").body());
        assertEquals(200, harness.get("/log/event/" + ours.toUpperCase()).statusCode());
        HttpResponse<String> client = harness.get("/log/event/client-id.1/");
        assertEquals(200, client.statusCode());
        assertTrue(client.body().contains("\"event_id\": \"client-id.1\""), client.body());
        assertEquals(404, harness.get("/log/event/not-there").statusCode());
        assertEquals(404, harness.get("/log/event/a/b").statusCode());
        assertEquals(404, harness.get("/log/event/%00").statusCode());
    }

    @Test
    void queriesEventsNewestFirstByNameUidAndTime() throws Exception {
        for (int i = 0; i < 5; i++) {
            harness.now.set(harness.now.get().plusSeconds(10));
            harness.post("{\"uid\": \"user-" + (i % 2) + "\", \"event\": \"pnc.login\","
                    + " \"n\": " + i + "}");
        }
        harness.post("[{\"measurement\": \"pnc.login\", \"tags\": {\"uid\": \"user-1\"},"
                + " \"fields\": {\"n\": 9}}]");
        JsonNode all = JSON.readTree(harness.get("/log/events?event=pnc.login&from=-1h")
                .body());
        assertEquals(6, all.size());
        assertEquals(9, all.get(0).get("fields").get("n").asInt(), "newest first");
        assertEquals("point", all.get(0).get("kind").asText());
        JsonNode byUid = JSON.readTree(harness.get("/log/events?uid=user-1&limit=2").body());
        assertEquals(List.of(9, 3), List.of(byUid.get(0).get("fields").get("n").asInt(),
                byUid.get(1).get("fields").get("n").asInt()));
        long second = harness.now.get().getEpochSecond();
        JsonNode window = JSON.readTree(harness.get("/log/events?from=" + (second - 25)
                + "&until=" + (second - 15)).body());
        assertEquals(1, window.size(), window.toString());
        assertEquals(400, harness.get("/log/events?limit=0").statusCode());
        assertEquals(400, harness.get("/log/events?from=yesterdayish").statusCode());
        assertEquals(403, harness.send("GET", "/log/events", null).statusCode());
    }
}
