package org.dkumonitor.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The list of bad input: each answered with a 4xx and a reason, never a 500 or a hang. */
class BadInputTest {

    private static final long T = 1_700_000_000L;

    @TempDir
    static Path dir;
    private static ApiHarness api;

    @BeforeAll
    static void seed() throws Exception {
        WhisperTree tree = new WhisperTree(dir.resolve("whisper"), T);
        for (int i = 0; i < 30; i++) {
            tree.metric("many.m" + i + ".value", List.of(new Retention(60, 1440)),
                    AggregationMethod.AVERAGE, 3600, t -> 1);
        }
        api = new ApiHarness(tree.root(), InstantSource.fixed(Instant.ofEpochSecond(T)),
                new ApiOptions(20, 100_000, null, null));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static HttpResponse<String> render(String target, String extra) throws Exception {
        return api.get("/render?format=json&target=" + URLEncoder.encode(target,
                StandardCharsets.UTF_8) + extra);
    }

    private static void assertBadRequest(HttpResponse<String> response, String fragment) {
        String body = response.body().length() > 300 ? response.body().substring(0, 300) + "…"
                : response.body();
        assertEquals(400, response.statusCode(), body);
        assertTrue(response.body().contains(fragment), body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sumSeries(many.*.value", "sumSeries(many.*.value))",
        "alias(many.m1.value, 'x)", "(", ")", "a..b", "f(,)", "alias(x, name='a', 'b')"})
    void syntaxErrorsGive400WithTheColumn(String target) throws Exception {
        assertBadRequest(render(target, ""), "column");
    }

    @Test
    void deeplyNestedTargetsGive400WithTheColumn() throws Exception {
        assertBadRequest(render("many." + "{".repeat(10_000) + "m1" + "}".repeat(10_000)
                + ".value", ""), "column 38: braces nested deeper than 32");
        // too long for a request line: posted, as graphite-web's clients post long targets
        assertBadRequest(api.post("/render", "format=json&target=" + URLEncoder.encode(
                "sumSeries(".repeat(10_000) + "many.m1.value" + ")".repeat(10_000),
                StandardCharsets.UTF_8)), "column");
        assertBadRequest(api.get("/metrics/find?query=many." + "%7B".repeat(10_000) + "m1"
                + "%7D".repeat(10_000)), "deep");
    }

    @Test
    void aGlobThatBacktracksInARegexIsAnsweredAtOnce() throws Exception {
        long start = System.nanoTime();
        String node = "e".repeat(200);
        assertEquals(200, render("alias(many.m1.value, 'x')", "").statusCode());
        assertEquals("[]", api.get("/metrics/find?format=json&query=many."
                + "*e".repeat(14) + "*f").body());
        assertEquals(200, render("many." + "*e".repeat(14) + "*f.value", "").statusCode());
        assertEquals("[]", api.get("/metrics/find?format=json&query=" + node + ".*").body());
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
    }

    @Test
    void unknownFunctionsAndWrongArgumentsGive400() throws Exception {
        assertBadRequest(render("noSuchFunction(many.*.value)", ""), "unknown function");
        assertBadRequest(render("scale(many.m1.value, 'x')", ""), "\"factor\"");
        assertBadRequest(render("movingAverage(many.m1.value)", ""), "windowSize");
        assertBadRequest(render("aliasByNode(1, 2)", ""), "seriesList");
        assertBadRequest(render("summarize(many.m1.value, '1m')", ""), "interval");
        assertBadRequest(render("highest(many.m1*.value, 1.5)", ""), "integer");
        assertBadRequest(render("alias(many.m1.value)", ""), "newName");
        assertBadRequest(render("alias(many.m1.value, 'a', nope=1)", ""), "Too many parameters");
        assertBadRequest(render("summarize(many.m1.value, '1h', nope=1)", ""), "nope");
        assertBadRequest(render("aggregate(many.m1.value, 'bogus')", ""), "aggFunc");
        assertBadRequest(render("aliasSub(many.m1.value, '(', 'x')", ""), "regular expression");
        assertBadRequest(render("many.m1.value", "&format=bogus"), "format");
    }

    @Test
    void absurdTimeRangesAreHandled() throws Exception {
        assertEquals(200, render("many.m1.value", "&from=now&until=-1h").statusCode());
        assertBadRequest(render("many.m1.value", "&from=now&until=now"), "empty time range");
        assertBadRequest(render("many.m1.value", "&from=-5m"), "offset unit");
        assertEquals(200, render("many.m1.value", "&from=00:00_00010101&until=now").statusCode());
        assertEquals(200, render("many.m1.value", "&from=-1h&until=00:00_99991231")
                .statusCode());
        assertBadRequest(render("many.m1.value", "&from=-99999999y"), "time");
        assertBadRequest(render("many.m1.value", "&from=12345678901234567890"), "time");
    }

    @Test
    void tooManySeriesOrPointsAreRefused() throws Exception {
        assertBadRequest(render("many.*.value", ""), "more than 20 series");
        assertEquals(200, render("many.m1*.value", "").statusCode());
        assertBadRequest(render("identity('x')", "&from=-1y"), "more than 100000 points");
        assertBadRequest(render("hitcount(many.m1.value, '1s')", "&from=-1y"), "points");
        assertBadRequest(render("summarize(many.m[12].value, '1s')", "&from=-1y"), "points");
        assertEquals(200, render("many.m1.value", "&maxDataPoints=999999999999").statusCode());
    }

    @Test
    void hugeBodiesAndBadEncodingsAreRefusedCleanly() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        byte[] huge = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');
        HttpResponse<String> tooBig = client.send(HttpRequest.newBuilder(
                URI.create(api.url() + "/render")).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers
                .ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, tooBig.statusCode());
        // invalid UTF-8 decodes to U+FFFD, as Django decodes it: a name that matches nothing
        HttpResponse<String> badUtf8 = postBytes(client, "format=json&target=many.m1."
                + "\u00ff\u00fe%FF%C3");
        assertEquals(200, badUtf8.statusCode(), badUtf8.body());
        assertEquals("[]", badUtf8.body());
        // one replacement character per bad byte: the stray '(' is at column 13
        assertBadRequest(postBytes(client, "format=json&target=many.m1.\u00ff\u00fe%FF%C3("),
                "at column 13");
        assertEquals(200, api.post("/metrics/find", "query=many.%zz").statusCode());
    }

    private static HttpResponse<String> postBytes(HttpClient client, String latin1Form)
            throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(api.url() + "/render"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(latin1Form.getBytes(
                        StandardCharsets.ISO_8859_1))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void catastrophicRegexesStopInBoundedTime() throws Exception {
        long start = System.nanoTime();
        String subject = "a".repeat(40) + "!";
        assertBadRequest(render("aliasSub(alias(many.m1.value, '" + subject + "'), "
                + "'(.*a){12}$', 'x')", ""), "took too long");
        assertBadRequest(render("grep(alias(many.m1.value, '" + subject + "'), "
                + "'(.*a){12}$')", ""), "took too long");
        assertBadRequest(render("exclude(alias(many.m1.value, '" + subject + "'), "
                + "'(.*a){12}$')", ""), "took too long");
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
    }

    @Test
    void bearerTokenIsRequiredWhenConfigured() throws Exception {
        try (ApiHarness guarded = new ApiHarness(dir.resolve("whisper"),
                InstantSource.fixed(Instant.ofEpochSecond(T)),
                new ApiOptions(20, 100_000, "s3cret", null))) {
            assertEquals(401, guarded.get("/metrics/find?query=*").statusCode());
            HttpResponse<String> ok = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(guarded.url() + "/metrics/find?query=*"))
                    .header("Authorization", "Bearer s3cret").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
        }
    }

    @Test
    void otherFormatsAndEndpointsAnswer() throws Exception {
        assertTrue(render("many.m1.value", "&format=csv").body().startsWith(
                "many.m1.value,2023-11-13 22:14:00,\r\n"));
        assertTrue(render("many.m1.value", "&format=raw").body().startsWith(
                "many.m1.value,"));
        HttpResponse<byte[]> png = api.getBytes("/render?target=many.m1.value&width=400");
        assertEquals(200, png.statusCode());
        assertEquals((byte) 0x89, png.body()[0]);
        assertEquals('P', png.body()[1]);
        assertTrue(api.get("/render?format=svg&target=many.*1.value&title=t&areaMode=stacked")
                .body().contains("<svg"));
        assertEquals((byte) 0x80, api.getBytes("/render?format=pickle&target=many.m1.value")
                .body()[0]);
        assertTrue(api.get("/metrics/find?query=many.*&format=completer").body()
                .startsWith("{\"metrics\":[{\"path\":\"many.m0.\",\"name\":\"m0\""));
        assertEquals("{\"results\":[\"many.m1.value\"]}",
                api.get("/metrics/expand?query=many.m1.*").body());
        assertBadRequest(api.get("/metrics/index.json"), "more than 20 metrics");
        assertEquals(404, api.get("/functions/nosuch").statusCode());
        assertTrue(api.get("/functions/sumSeries").body().contains("\"group\":\"Combine\""));
        assertEquals(404, api.get("/nope").statusCode());
    }
}
