package org.dkumonitor.server.gottwall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The list of bad input against a running server: forged, missing, malformed, late
 * and other projects' credentials; bodies that cannot be counted; a stream without delimiters;
 * a datagram cut short. Each is refused with its reason and counted, and nothing refused
 * reaches a series, while the good input around it is counted.
 */
class BadInputTest {

    private static final long NOW = 1391854203L;
    private static final String PATH = "/gottwall/api/v1/test_project/incr";
    private static final String S1 = "GottWallS1 1391854203 226f3c2449be49cc8679f42f1f1e28d7 1000";
    private static final String S2 = "GottWallS2 1391854203 226f3c2449be49cc8679f42f1f1e28d7 1000"
            + " test_project";

    @TempDir
    Path root;

    private GottwallHarness server;

    @BeforeEach
    void start() throws IOException {
        server = new GottwallHarness(root, new GottwallConfig("myprivatekey",
                Map.of("test_project", "secretkey", "other", "otherkey")),
                InstantSource.fixed(Instant.ofEpochSecond(NOW)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private GottwallHarness.Answer post(String body, String... headers) throws IOException {
        return server.post(PATH, body, headers);
    }

    private static String basic(String text) {
        return "Basic " + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sign(String publicKey, long ts) {
        return "GottWallS1 " + ts + " " + Signature.sign("myprivatekey".getBytes(
                StandardCharsets.UTF_8), publicKey, Signature.floorSolt(ts, 1000)) + " 1000";
    }

    private void assertTotal(String name, double total) throws Exception {
        JsonNode stats = server.awaitRead("test_project", "stats?name=" + name
                + "&period=all", s -> GottwallHarness.range(s).equals(Map.of(0L, total)));
        assertEquals(Map.of(0L, total), GottwallHarness.range(stats), stats.toString());
    }

    @Test
    void httpRefusesBadCredentialsWith403AndCountsNothing() throws Exception {
        String body = "{\"n\": \"orders\", \"v\": 1}";
        String[][] refused = {
            {"X-GottWall-Auth", S1.replace("226f", "0000")},
            {"X-GottWall-Auth", "GottWallS1"},
            {"X-GottWall-Auth", "GottWallS1 1391854203 226f3c2449be49cc8679f42f1f1e28d7"},
            {"X-GottWall-Auth", "GottWallS1 1391854203 226f3c2449be49cc8679f42f1f1e28d7 0"},
            {"X-GottWall-Auth", "gottwalls1 1391854203 226f3c2449be49cc8679f42f1f1e28d7 1000"},
            {"X-GottWall-Auth", sign("secretkey", NOW - 3601)},
            {"X-GottWall-Auth", sign("otherkey", NOW)},
            {"X-GottWall-Auth", S1 + " other"},
            {"Authorization", basic("myprivatekey:secretkey")},
            {"Authorization", basic("secretkey")},
            {"Authorization", "Basic %%%"},
            {"X-GottWall-Auth", "GottWall private_key=myprivatekey, public_key=secretkey"},
            {"X-Other", "nothing"},
        };
        for (String[] header : refused) {
            GottwallHarness.Answer answer = post(body, header);
            assertEquals(403, answer.status(), header[1] + ": " + answer.body());
            assertTrue(answer.body().startsWith("{\"message\": \""), answer.body());
        }
        assertEquals(403, post(body, "X-GottWall-Auth", S1.replace("226f", "0000"),
                "Authorization", basic("secretkey:myprivatekey")).status(),
                "a bad signed header never falls back to Basic");
        assertEquals(200, post(body, "Authorization", basic("secretkey:myprivatekey")).status());
        assertEquals(1, server.stats().authFailures(AuthException.Reason.EXPIRED));
        assertEquals(1, server.stats().authFailures(AuthException.Reason.WRONG_PROJECT));
        assertTotal("orders", 1);
    }

    @Test
    void httpRefusesBodiesItCannotCountWith400AndAReason() throws Exception {
        String[][] refused = {
            {"{\"n\": \"orders\"", "not valid JSON"},
            {"", "the message is empty"},
            {"[1]", "a metric must be a JSON object"},
            {"{\"n\": \"orders\", \"p\": \"other\"}", "the body's p is 'other'"},
            {"{\"n\": \"orders\", \"v\": \"5\"}", "v (value) must be a number, found a string"},
            {"{\"n\": \"orders\", \"v\": 1e400}", "v (value) must be at most 2^53"},
            {"{\"n\": \"orders\", \"ts\": 0}", "older than"},
            {"{\"n\": \"orders\", \"ts\": 4102444800}", "ahead of this server's clock"},
            {"{\"v\": 1}", "the metric has no name"},
        };
        for (String[] bad : refused) {
            GottwallHarness.Answer answer = post(bad[0], "X-GottWall-Auth", S1);
            assertEquals(400, answer.status(), bad[0]);
            assertTrue(answer.body().contains(bad[1]), answer.body());
        }
        StringBuilder many = new StringBuilder("{\"n\": \"orders\", \"f\": {\"user\": [");
        for (int i = 0; i < 10_000; i++) {
            many.append(i == 0 ? "\"" : ", \"").append(i).append('"');
        }
        GottwallHarness.Answer answer = post(many + "]}}", "X-GottWall-Auth", S1);
        assertEquals(400, answer.status());
        assertTrue(answer.body().contains("more than 999 values"), answer.body());
        assertEquals(200, post("{\"n\": \"orders\", \"v\": -4}", "X-GottWall-Auth", S1)
                .status(), "a negative incr subtracts, as in GottWall");
        assertEquals(200, post("{\"n\": \"orders\", \"v\": 10}", "X-GottWall-Auth", S1).status());
        assertTotal("orders", 6);
        assertEquals(0, server.stats().totals().get("rejects.storeFailed"));
    }

    @Test
    void httpAnswersUnknownProjectsActionsAndMethodsAsGottWall() throws Exception {
        assertEquals(404, server.post("/gottwall/api/v1/nope/incr", "{}").status());
        assertEquals(404, server.post("/gottwall/api/v1/test_project/count", "{}").status());
        assertEquals(404, server.post("/gottwall/api/v1/test_project", "{}").status());
        GottwallHarness.Answer get = server.http(("GET " + PATH + " HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertEquals(405, get.status());
        GottwallHarness.Answer read = server.http(("GET /gottwall/api/v1/test_project/metrics"
                + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(401, read.status(), "the read API asks for the project's keys");
        assertTrue(read.head().contains("WWW-Authenticate: Basic"), read.head());
        assertEquals(400, server.read("test_project", "stats?period=week").status());
        assertEquals("{\"text\": \"Invalid date range\"}", server.read("test_project",
                "stats?name=x&from_date=2014-02-09&to_date=2014-02-08").body());
    }

    @Test
    void tcpFailsBadHeadersAndSkipsBadMessagesKeepingTheConnection() throws Exception {
        for (String header : new String[] {S2.replace("226f", "0000"), "GottWallS2",
            S2.replace("test_project", "nope"), S2 + " extra", "GottWallS1 1 2 3",
            S2.replace("1391854203", "1391850000")}) {
            assertEquals("FAIL", server.stream((header + "--stream-auth--{\"a\": \"incr\","
                    + " \"n\": \"orders\", \"p\": \"test_project\"}--chunk--")
                    .getBytes(StandardCharsets.UTF_8)), header);
        }
        assertEquals("FAIL", server.stream("x".repeat(10 * 1024 * 1024)
                .getBytes(StandardCharsets.US_ASCII)), "no auth delimiter");
        StringBuilder stream = new StringBuilder(S2 + "--stream-auth--");
        String good = "{\"a\": \"incr\", \"n\": \"orders\", \"p\": \"test_project\"}--chunk--";
        stream.append(good).append("{\"a\": \"incr\", \"n\": --chunk--")
                .append("{\"a\": \"incr\", \"n\": \"orders\", \"p\": \"other\"}--chunk--")
                .append("{\"a\": \"count\", \"n\": \"orders\"}--chunk--")
                .append("{\"n\": \"orders\"}--chunk--")
                .append("x".repeat(10 * 1024 * 1024)).append("--chunk--")
                .append(good).append("{\"a\": \"incr\", \"n\": \"ord");
        assertEquals("OK", server.stream(stream.toString().getBytes(StandardCharsets.UTF_8)));
        assertTotal("orders", 2);
        GottwallStats stats = server.stats();
        assertEquals(1, stats.rejects(BadMetricException.Reason.BAD_JSON));
        assertEquals(1, stats.rejects(BadMetricException.Reason.WRONG_PROJECT));
        assertEquals(2, stats.rejects(BadMetricException.Reason.BAD_ACTION));
        assertEquals(1, stats.rejects(BadMetricException.Reason.OVERLONG));
        assertEquals(1, stats.rejects(BadMetricException.Reason.INCOMPLETE));
        assertEquals(7, stats.authFailures(AuthException.Reason.BAD_SIGNATURE)
                + stats.authFailures(AuthException.Reason.MALFORMED)
                + stats.authFailures(AuthException.Reason.UNKNOWN_PROJECT)
                + stats.authFailures(AuthException.Reason.EXPIRED));
    }

    @Test
    void tcpAnswersOkBeforeTheFirstMessageAndTakesBothAuthDelimiters() throws Exception {
        for (String delimiter : new String[] {"--stream-auth--", "--chunk-auth--"}) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(),
                    server.server.gottwallStreamPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write((S2 + delimiter).getBytes(StandardCharsets.US_ASCII));
                assertEquals("OK", new String(in.readNBytes(2), StandardCharsets.US_ASCII));
                out.write("{\"a\": \"decr\", \"n\": \"stock\", \"v\": 3}--chunk--"
                        .getBytes(StandardCharsets.US_ASCII));
                socket.shutdownOutput();
                assertEquals(-1, in.read(), "nothing but OK is ever answered");
            }
        }
        assertTotal("stock", -6);
    }

    @Test
    void udpDropsForgedDatagramsAndCountsACutMessage() throws Exception {
        String chunk = "{\"a\": \"incr\", \"n\": \"visits\", \"p\": \"test_project\", \"v\": 2}";
        server.datagram((S2 + "--stream-auth--" + chunk + "--chunk--" + chunk + "--chunk--"
                + chunk.substring(0, 20)).getBytes(StandardCharsets.UTF_8));
        server.datagram((S2.replace("226f", "0000") + "--chunk-auth--" + chunk + "--chunk--")
                .getBytes(StandardCharsets.UTF_8));
        server.datagram(("GottWallS2 x y z test_project--chunk-auth--" + chunk + "--chunk--")
                .getBytes(StandardCharsets.UTF_8));
        server.datagram((chunk + "--chunk--").getBytes(StandardCharsets.UTF_8));
        server.datagram((S2 + "--chunk-auth--" + chunk + "--chunk--")
                .getBytes(StandardCharsets.UTF_8));
        assertTotal("visits", 6);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.stats().rejects(BadMetricException.Reason.INCOMPLETE) < 1
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, server.stats().rejects(BadMetricException.Reason.INCOMPLETE));
        assertEquals(1, server.stats().authFailures(AuthException.Reason.BAD_SIGNATURE));
        assertEquals(2, server.stats().authFailures(AuthException.Reason.MALFORMED),
                "GottWall took a header it could not parse as authenticated");
    }
}
