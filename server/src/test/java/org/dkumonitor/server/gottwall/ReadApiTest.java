package org.dkumonitor.server.gottwall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read API's buckets, shapes and errors, over counts sent through the HTTP API. */
class ReadApiTest {

    /** 2014-02-08T12:00:00Z, a Saturday. */
    private static final long NOW = 1391860800L;

    @TempDir
    Path root;

    @Test
    void bucketsInTheProjectsZoneInGottWallsShape() throws Exception {
        GottwallConfig keys = new GottwallConfig(null, "k", Map.of("paris", "p", "utc", "u"),
                null, Map.of("paris", "Europe/Paris"), null, null);
        try (GottwallHarness server = new GottwallHarness(root, keys,
                InstantSource.fixed(Instant.ofEpochSecond(NOW)))) {
            for (String project : new String[] {"paris", "utc"}) {
                String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (keys.projects().get(project) + ":k").getBytes());
                // 2014-02-07T23:30Z is the 8th in Paris; 10:00Z and 10:00:30Z the 8th anywhere
                for (String body : new String[] {"{\"n\": \"o\", \"ts\": 1391815800, \"v\": 3}",
                    "{\"n\": \"o\", \"ts\": 1391853600, \"f\": {\"s\": \"a\"}}",
                    "{\"n\": \"o\", \"ts\": 1391853630, \"v\": 2, \"f\": {\"s\": [\"a\", \"b\"]}}",
                    "{\"n\": \"o\", \"ts\": \"2014-02-08T11:00:00\", \"v\": 10}"}) {
                    assertEquals(200, server.post("/gottwall/api/v1/" + project + "/incr", body,
                            "Authorization", basic).status(), body);
                }
            }
            JsonNode paris = server.awaitRead("paris", "stats?name=o&period=day"
                    + "&from_date=2014-02-01&to_date=2014-02-08",
                    s -> GottwallHarness.range(s).equals(Map.of(1391814000L, 16.0)));
            // the local 11:00 is 10:00Z in Paris
            assertEquals(Map.of(1391814000L, 16.0), GottwallHarness.range(paris), "" + paris);
            JsonNode utc = server.awaitRead("utc", "stats?name=o&period=day&from_date="
                    + "2014-02-01&to_date=2014-02-08", s -> GottwallHarness.range(s).equals(
                    Map.of(1391731200L, 3.0, 1391817600L, 13.0)));
            assertEquals("{\"project\":\"utc\",\"min\":3,\"range\":[[1391731200,3],"
                    + "[1391817600,13]],\"name\":\"o\",\"filter_name\":null,\"filter_value\":"
                    + "null,\"max\":13,\"avg\":8,\"period\":\"day\"}", utc.toString(),
                    "GottWall's keys, in its order; avg floored");
            JsonNode minutes = server.awaitRead("utc", "stats?name=o&period=minute&from_date="
                    + "2014-02-08&to_date=2014-02-08&filter_name=s&filter_value=a",
                    s -> GottwallHarness.range(s).equals(Map.of(1391853600L, 3.0)));
            assertEquals(Map.of(1391853600L, 3.0), GottwallHarness.range(minutes));
            JsonNode week = Vectors.tree(server.read("utc", "stats?name=o&period=week").body());
            assertEquals(Map.of(1391385600L, 16.0), GottwallHarness.range(week), "Monday 3rd");
            JsonNode year = Vectors.tree(server.read("utc", "stats?name=o&period=year").body());
            assertEquals(Map.of(1388534400L, 16.0), GottwallHarness.range(year));
            JsonNode dataset = Vectors.tree(server.read("utc", "stats_dataset?name=o&period=hour"
                    + "&filter_name=s").body());
            assertEquals("{\"project\":\"utc\",\"filter_name\":\"s\",\"data\":{\"a\":{\"max\":3,"
                    + "\"range\":[[1391853600,3]],\"avg\":3,\"min\":3},\"b\":{\"max\":2,"
                    + "\"range\":[[1391853600,2]],\"avg\":2,\"min\":2}},\"period\":\"hour\","
                    + "\"name\":\"o\"}", dataset.toString());
            assertEquals("{\"text\": \"You need specify filter_name\"}",
                    server.read("utc", "stats_dataset?name=o").body());
            assertEquals("{\"text\": \"You need specify name and period\"}",
                    server.read("utc", "stats?name=o&period=fortnight").body());
            JsonNode empty = Vectors.tree(server.read("utc", "stats?name=none").body());
            assertEquals("[]", empty.get("range").toString());
            assertEquals(0, empty.get("avg").asInt());
        }
    }
}
