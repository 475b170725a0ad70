package org.dkumonitor.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A point is graphable and findable the moment it is received, file or no file yet. */
class CacheMergeTest {

    private static final long T = 1_700_000_000L;

    @TempDir
    Path dir;

    @Test
    void cachedPointsShowInRenderAndFind() throws Exception {
        WhisperTree tree = new WhisperTree(dir.resolve("whisper"), T);
        tree.metric("on.disk", List.of(new Retention(60, 1440)), AggregationMethod.AVERAGE,
                600, t -> 1);
        try (ApiHarness api = new ApiHarness(tree.root(),
                InstantSource.fixed(Instant.ofEpochSecond(T)), ApiOptions.defaults())) {
            long slot = T - Math.floorMod(T, 60) - 60;
            api.cache.add("on.disk", slot + 7, 42);
            api.cache.add("only.cached", slot, 7);
            JsonNode series = new ObjectMapper().readTree(api.get(
                    "/render?format=json&from=-10min&target=on.disk&target=only.cached").body());
            assertEquals(2, series.size());
            assertTrue(series.get(0).get("datapoints").toString().contains("[42.0," + slot + "]"),
                    series.get(0).toString());
            assertTrue(series.get(1).get("datapoints").toString().contains("[7.0," + slot + "]"),
                    series.get(1).toString());
            assertTrue(api.get("/metrics/find?query=only.*").body().contains("\"only.cached\""));
        }
    }
}
