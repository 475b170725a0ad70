package org.dkumonitor.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;
import org.dkumonitor.server.whisper.WhisperFile;
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

    /**
     * Files kept open and directory listings kept between requests never hide a change made
     * by another process (Graphite's carbon writing into the same tree): a point written into
     * a file already served, a new metric in a directory already listed.
     */
    @Test
    void filesWrittenByAnotherProcessShowInTheNextRequest() throws Exception {
        WhisperTree tree = new WhisperTree(dir.resolve("whisper"), T);
        List<Retention> minute = List.of(new Retention(60, 1440));
        tree.metric("hosts.a.load", minute, AggregationMethod.AVERAGE, 600, t -> 1);
        try (var paths = Files.walk(tree.root())) {
            for (Path path : paths.toList()) {
                if (Files.isDirectory(path)) { // settled long ago: the listing is kept
                    Files.setLastModifiedTime(path, FileTime.fromMillis(0));
                }
            }
        }
        try (ApiHarness api = new ApiHarness(tree.root(),
                InstantSource.fixed(Instant.ofEpochSecond(T)), ApiOptions.defaults())) {
            long slot = T - Math.floorMod(T, 60) - 60;
            String render = "/render?format=json&from=-10min&target=hosts.*.load";
            assertTrue(api.get(render).body().contains("[1.0," + slot + "]"));
            assertEquals("[\"hosts.a\"]", ids(api.get("/metrics/find?query=hosts.*").body()));
            try (WhisperFile file = WhisperFile.open(tree.root().resolve("hosts/a/load.wsp"),
                    true)) {
                file.update(5, slot, T);
            }
            tree.metric("hosts.b.load", minute, AggregationMethod.AVERAGE, 600, t -> 2);
            String body = api.get(render).body();
            assertTrue(body.contains("[5.0," + slot + "]"), body);
            assertTrue(body.contains("\"hosts.b.load\"") && body.contains("[2.0," + slot + "]"),
                    body);
            assertEquals("[\"hosts.a\",\"hosts.b\"]",
                    ids(api.get("/metrics/find?query=hosts.*").body()));
        }
    }

    private static String ids(String treejson) throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        new ObjectMapper().readTree(treejson).forEach(node -> ids.add(node.get("id").asText()));
        return new ObjectMapper().writeValueAsString(ids);
    }
}
