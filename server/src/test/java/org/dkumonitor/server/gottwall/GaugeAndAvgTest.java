package org.dkumonitor.server.gottwall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.WhisperFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gauge keeps a step's last value and avg its mean; their files roll up by last and average. */
class GaugeAndAvgTest {

    private static final long NOW = 1391860800L;

    @TempDir
    Path root;

    @Test
    void gaugeAndAvgSeriesHoldTheirOwnKindOfValue() throws Exception {
        GottwallConfig keys = new GottwallConfig("k", Map.of("p", "pk"));
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("pk:k".getBytes());
        try (GottwallHarness server = new GottwallHarness(root, keys,
                InstantSource.fixed(Instant.ofEpochSecond(NOW)))) {
            for (String[] post : new String[][] {{"gauge", "5"}, {"gauge", "9"}, {"gauge", "7"},
                {"avg", "2"}, {"avg", "4"}, {"incr", "1"}, {"decr", "-3"}}) {
                String name = switch (post[0]) {
                    case "gauge" -> "temperature";
                    case "avg" -> "latency";
                    default -> "stock";
                };
                assertEquals(200, server.post("/gottwall/api/v1/p/" + post[0], "{\"n\": \"" + name
                        + "\", \"ts\": " + (NOW - 30) + ", \"v\": " + post[1] + "}",
                        "Authorization", basic).status());
            }
            GottwallHarness.Answer conflict = server.post("/gottwall/api/v1/p/incr",
                    "{\"n\": \"temperature\", \"ts\": " + NOW + "}", "Authorization", basic);
            assertEquals(400, conflict.status());
            assertTrue(conflict.body().contains("a metric keeps one kind"), conflict.body());
            for (Object[] expected : new Object[][] {{"temperature", 7.0}, {"latency", 3.0},
                {"stock", -2.0}}) {
                JsonNode stats = server.awaitRead("p", "stats?name=" + expected[0]
                        + "&period=minute", s -> GottwallHarness.range(s).equals(Map.of(
                                NOW - 60, expected[1])));
                assertEquals(Map.of(NOW - 60, expected[1]), GottwallHarness.range(stats),
                        expected[0] + ": " + stats);
            }
            Path whisper = root.resolve("storage/whisper/gottwall/p");
            for (Object[] expected : new Object[][] {{"temperature", AggregationMethod.LAST},
                {"latency", AggregationMethod.AVERAGE}, {"stock", AggregationMethod.SUM}}) {
                Path file = whisper.resolve(expected[0] + ".wsp");
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!Files.exists(file) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                try (WhisperFile opened = WhisperFile.open(file, false)) {
                    assertEquals(expected[1], opened.header().aggregation(), file.toString());
                }
            }
        }
    }
}
