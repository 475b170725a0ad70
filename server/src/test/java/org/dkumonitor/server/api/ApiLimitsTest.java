package org.dkumonitor.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API's bounds: request time, memory, and who may read it from a browser. */
class ApiLimitsTest {

    private static final long T = 1_700_000_000L;

    @TempDir
    static Path dir;
    private static Path root;

    @BeforeAll
    static void seed() throws Exception {
        WhisperTree tree = new WhisperTree(dir.resolve("whisper"), T);
        for (int i = 0; i < 20; i++) {
            tree.metric("lim.m" + i + ".value", List.of(new Retention(60, 1440)),
                    AggregationMethod.AVERAGE, 86_400, t -> 1);
        }
        root = tree.root();
    }

    private static ApiHarness harness(Duration timeout, long memory, List<String> origins)
            throws Exception {
        return new ApiHarness(root, InstantSource.fixed(Instant.ofEpochSecond(T)),
                new ApiOptions(1000, 10_000_000, null, null, timeout, 4, memory, origins,
                        null));
    }

    private static HttpResponse<String> get(ApiHarness api, String path, String origin)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url() + path));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void noCorsHeaderUnlessTheOriginIsConfigured() throws Exception {
        try (ApiHarness closed = harness(null, 64 << 20, List.of());
                ApiHarness open = harness(null, 64 << 20, List.of("https://grafana.example"))) {
            HttpResponse<String> none = get(closed, "/metrics/find?query=*", "https://evil");
            assertEquals(200, none.statusCode());
            assertTrue(none.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
            assertTrue(get(open, "/metrics/find?query=*", "https://evil").headers()
                    .firstValue("Access-Control-Allow-Origin").isEmpty());
            assertEquals("https://grafana.example", get(open, "/metrics/find?query=*",
                    "https://grafana.example").headers().firstValue(
                            "Access-Control-Allow-Origin").orElse(""));
        }
    }

    @Test
    void aRequestOutOfTimeIsAnswered503WithRetryAfter() throws Exception {
        try (ApiHarness api = harness(Duration.ZERO, 64 << 20, List.of())) {
            HttpResponse<String> late = get(api, "/metrics/find?query=lim.*.*", null);
            assertEquals(503, late.statusCode(), late.body());
            assertTrue(late.body().contains("api.requestTimeoutSeconds"), late.body());
            assertEquals("5", late.headers().firstValue("Retry-After").orElse(""));
            HttpResponse<String> render = get(api, "/render?format=json&target=lim.*.value",
                    null);
            assertEquals(503, render.statusCode(), render.body());
        }
    }

    @Test
    void aRenderNeedingMoreMemoryThanAllowedIsRefusedAndOthersStillWork() throws Exception {
        try (ApiHarness api = harness(null, 100_000, List.of())) {
            HttpResponse<String> big = get(api, "/render?format=json&target=lim.*.value", null);
            assertEquals(400, big.statusCode(), big.body());
            assertTrue(big.body().contains("api.maxRenderMemoryBytes"), big.body());
            HttpResponse<String> small = get(api,
                    "/render?format=json&target=lim.m1.value&from=-1h", null);
            assertEquals(200, small.statusCode(), small.body());
        }
    }
}
