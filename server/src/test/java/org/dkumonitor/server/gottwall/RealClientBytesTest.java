package org.dkumonitor.server.gottwall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes the real clients sent on loopback (stati-net on CPython 2.7 and 3.11 with json and
 * ujson, stati-go-net on Go 1.19; the golden files real_*.json) replayed to the server, whose
 * clock is set to when they were captured: every one is answered as the client expects and
 * counted, and the read API gives the totals back.
 */
class RealClientBytesTest {

    /** 2014-02-08T10:40:00Z, within the signatures' hour and after every metric's time. */
    private static final long CAPTURED = 1391856000L;

    @TempDir
    Path root;

    private static GottwallConfig keys(String privateKey, String project, String publicKey) {
        return new GottwallConfig(privateKey, Map.of(project, publicKey));
    }

    @Test
    void statiNetsHttpTcpAndUdpBytesAreCountedOnPython2And3() throws Exception {
        try (GottwallHarness server = new GottwallHarness(root, keys("myprivatekey",
                "test_project", "secretkey"), InstantSource.fixed(Instant.ofEpochSecond(
                CAPTURED)))) {
            int sent = 0;
            JsonNode py2 = Vectors.load("vectors/real_stati_net_py2.json");
            for (JsonNode result : py2.get("results")) {
                if (!result.get("private_key").asText().equals("myprivatekey")) {
                    continue;
                }
                for (String kind : new String[] {"http", "http_decr"}) {
                    JsonNode http = result.get(kind);
                    String[] headers = new String[4];
                    for (int i = 0; i < 2; i++) {
                        headers[2 * i] = http.get("headers_in_dict_order").get(i).get(0).asText();
                        headers[2 * i + 1] = http.get("headers_in_dict_order").get(i).get(1)
                                .asText();
                    }
                    String path = http.get("url").asText().replaceFirst("^http://[^/]+", "");
                    GottwallHarness.Answer answer = server.post(path, new String(
                            Vectors.base64(http.get("body_b64")), StandardCharsets.UTF_8),
                            headers);
                    assertEquals(200, answer.status(), result.get("label") + " " + answer);
                    assertEquals("OK", answer.body());
                }
                assertEquals("OK", server.stream(Vectors.base64(result.get("tcp_stream_b64"))));
                server.datagram(Vectors.base64(result.get("udp_datagram_b64")));
                sent += 5;
            }
            for (String file : new String[] {"vectors/real_stati_net_py3_json.json",
                "vectors/real_stati_net_py3_ujson.json"}) {
                for (JsonNode result : Vectors.load(file).get("results")) {
                    if (result.get("private_key").asText().equals("myprivatekey")) {
                        GottwallHarness.Answer answer = server.http(Vectors.base64(
                                result.get("http_raw_b64")));
                        assertEquals(200, answer.status(), file + " " + result.get("label")
                                + " " + answer.body());
                        sent++;
                    }
                }
            }
            assertEquals(4 * 5 + 2 * 4, sent);
            // each metric counted three times net: HTTP incr and decr cancel, so do TCP's two
            String day = "&period=minute&from_date=2014-02-08&to_date=2014-02-08";
            JsonNode orders = server.awaitRead("test_project", "stats?name=orders" + day,
                    stats -> GottwallHarness.range(stats).equals(Map.of(1391854200L, 6.0,
                            1391854500L, 3.0)));
            assertEquals(Map.of(1391854200L, 6.0, 1391854500L, 3.0),
                    GottwallHarness.range(orders), orders.toString());
            JsonNode calls = server.awaitRead("test_project", "stats?name=api%2Fv1+calls"
                    + "&filter_name=city&filter_value=M%C3%BCnchen" + day,
                    stats -> GottwallHarness.range(stats).equals(Map.of(1391854200L, 9.0)));
            assertEquals(Map.of(1391854200L, 9.0), GottwallHarness.range(calls),
                    calls.toString());
            JsonNode users = server.awaitRead("test_project", "stats_dataset?name=users."
                    + "registered&filter_name=country" + day, stats -> stats.has("data")
                    && stats.get("data").has("RU") && stats.get("data").get("GB").get("max")
                    .asInt() == 15);
            assertEquals("{\"max\":15,\"range\":[[1391855460,15]],\"avg\":15,\"min\":15}",
                    users.get("data").get("RU").toString());
            JsonNode metrics = server.awaitRead("test_project", "metrics", m -> m.size() == 3);
            assertEquals("{\"api/v1 calls\":{\"city\":[\"München\"],\"page\":[\"/home\"]},"
                    + "\"orders\":{\"status\":[\"Completed\",\"Waiting\"]},"
                    + "\"users.registered\":{\"country\":[\"GB\",\"RU\"],\"source\":[\"web\"]}}",
                    metrics.toString());
            assertEquals(0, server.stats().totals().entrySet().stream()
                    .filter(e -> !e.getKey().equals("received")).mapToLong(Map.Entry::getValue)
                    .sum(), "nothing refused: " + server.stats().totals());
        }
    }

    @Test
    void theGoClientsHttpTcpAndUdpBytesAreCounted() throws Exception {
        JsonNode go = Vectors.load("vectors/real_stati_go_net.json");
        byte[] http = Vectors.base64(go.get("http_raw_b64"));
        long signedAt = Long.parseLong(new String(http, StandardCharsets.UTF_8)
                .split("X-Gottwall-Auth: GottWallS2 ")[1].split(" ")[0]);
        try (GottwallHarness server = new GottwallHarness(root, keys("private_key",
                "test_project", "public_key"), InstantSource.fixed(Instant.ofEpochSecond(
                signedAt)))) {
            GottwallHarness.Answer answer = server.http(http);
            assertEquals(200, answer.status(), "GottWall answered 403 to S2 on HTTP: "
                    + answer.body());
            assertEquals("OK", server.stream(Vectors.base64(go.get("tcp_stream_b64"))));
            server.datagram(Vectors.base64(go.get("udp_datagram_b64")));
            String day = "&period=day&from_date=2014-02-15&to_date=2014-02-15";
            JsonNode orders = server.awaitRead("test_project", "stats?name=orders" + day,
                    stats -> GottwallHarness.range(stats).equals(Map.of(1392422400L, 4.0)));
            assertEquals(Map.of(1392422400L, 4.0), GottwallHarness.range(orders),
                    "HTTP's 2 and the stream's 2; " + orders);
            JsonNode tiny = server.awaitRead("test_project", "stats?name=a%3Cb%3E%26c" + day,
                    stats -> !GottwallHarness.range(stats).isEmpty());
            assertEquals(Map.of(1392422400L, 0.000001), GottwallHarness.range(tiny));
            assertEquals(1, server.stats().rejects(BadMetricException.Reason.BAD_JSON),
                    "the Go client's Fprintf mangles 100% into invalid JSON: skipped, counted");
        }
    }
}
