package org.dkumonitor.server.gottwall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import org.dkumonitor.server.FuzzInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricParserTest {

    private static final MetricParser PARSER = new MetricParser();
    private static final List<Metric.Filter> STATUS = List.of(new Metric.Filter("status",
            List.of("Completed", "Waiting")));

    private static Metric parse(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return PARSER.parse(bytes, 0, bytes.length, 1000);
    }

    private static BadMetricException.Reason refused(String json) {
        return assertThrows(BadMetricException.class, () -> parse(json)).reason();
    }

    @Test
    void readsEveryBodyFlavourOfTheClients() {
        for (JsonNode flavour : Vectors.expected().get("bodies")) {
            Metric http = parse(flavour.get("http").asText());
            assertEquals(new Metric(null, null, "orders", 1391854203, null, 2, STATUS), http,
                    flavour.get("flavour").asText());
            Metric stream = parse(flavour.get("stream").asText());
            assertEquals(new Metric(Action.INCR, "test_project", "orders", 1391854203, null, 2,
                    STATUS), stream, flavour.get("flavour").asText());
        }
    }

    @Test
    void readsTheGoClientsMessage() {
        Metric go = parse(Vectors.expected().get("go").get(0).get("bytes").asText());
        assertEquals(new Metric(Action.INCR, "test_project", "test_name", 1392454739, null,
                10.1, List.of()), go);
        assertEquals("a<b>&c", parse("{\"a\":\"incr\",\"n\":\"a\\u003cb\\u003e\\u0026c\","
                + "\"v\":0.000001,\"f\":null}").name());
    }

    @Test
    void takesTheLongKeysAndDefaults() {
        Metric metric = parse("{\"name\": \"x\", \"timestamp\": \"2014-02-08T10:10:03\","
                + " \"value\": null, \"filters\": {\"n\": 5, \"b\": true, \"f\": 2.0,"
                + " \"g\": 2.5}, \"project\": \"p\", \"action\": \"decr\"}");
        assertEquals(LocalDateTime.of(2014, 2, 8, 10, 10, 3), metric.localTime());
        assertEquals(1, metric.value());
        assertEquals(Action.DECR, metric.action());
        assertEquals(List.of(new Metric.Filter("n", List.of("5")), new Metric.Filter("b",
                List.of("true")), new Metric.Filter("f", List.of("2")), new Metric.Filter("g",
                List.of("2.5"))), metric.filters());
        Metric bare = parse("{\"n\": \"x\"}");
        assertEquals(Metric.NO_TIME, bare.epochSecond());
        assertNull(bare.action());
        assertEquals(1, bare.value());
        assertEquals(0, parse("{\"n\": \"x\", \"v\": 0}").value(), "0 is 0, not GottWall's 1");
        assertEquals(-5, parse("{\"n\": \"x\", \"v\": -5}").value());
        assertEquals(1391854203, parse("{\"n\": \"x\", \"ts\": 1391854203.9}").epochSecond());
        assertEquals("y", parse("{\"n\": \"x\", \"n\": \"y\", \"unknown\": [1, {}]}").name(),
                "the last of a repeated key, unknown keys skipped");
        assertEquals(5, parse("{\"n\":\"x\",\"f\":{\"s\":[\"a\",\"b\"],\"s\":[\"c\"],"
                + "\"t\":[1,2,3]}}").seriesCount());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json|BAD_JSON", "|BAD_JSON", "[1, 2]|BAD_JSON", "42|BAD_JSON", "null|BAD_JSON",
        "true|BAD_JSON", "\"p\"|BAD_JSON", "{\"n\": \"x\"} trailing|BAD_JSON",
        "{\"n\": \"x\"|BAD_JSON", "{\"v\": 1}|BAD_FIELD", "{\"n\": \"\"}|BAD_FIELD",
        "{\"n\": 5}|BAD_FIELD", "{\"n\": \"x\", \"v\": \"5\"}|BAD_VALUE",
        "{\"n\": \"x\", \"v\": true}|BAD_VALUE", "{\"n\": \"x\", \"v\": 1e300}|BAD_VALUE",
        "{\"n\": \"x\", \"v\": 99999999999999999999999}|BAD_VALUE",
        "{\"n\": \"x\", \"v\": -9007199254740993}|BAD_VALUE",
        "{\"n\": \"x\", \"ts\": \"yesterday\"}|BAD_TIME", "{\"n\": \"x\", \"ts\": []}|BAD_TIME",
        "{\"n\": \"x\", \"ts\": 1e30}|BAD_TIME",
        "{\"n\": \"x\", \"ts\": 123456789012345678901234}|BAD_TIME",
        "{\"n\": \"x\", \"f\": [1]}|BAD_FIELD", "{\"n\": \"x\", \"f\": {\"a\": {}}}|BAD_FIELD",
        "{\"n\": \"x\", \"f\": {\"a\": [[1]]}}|BAD_FIELD",
        "{\"n\": \"x\", \"a\": \"avg2\"}|BAD_ACTION", "{\"n\": \"x\", \"p\": 3}|BAD_FIELD"})
    void refusesWhatCannotBeCounted(String json, BadMetricException.Reason reason) {
        assertEquals(reason, refused(json == null ? "" : json));
    }

    @Test
    void refusesAFilterWithTenThousandValues() {
        StringBuilder json = new StringBuilder("{\"n\": \"x\", \"f\": {\"user\": [");
        for (int i = 0; i < 10_000; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(i).append('"');
        }
        json.append("]}}");
        BadMetricException e = assertThrows(BadMetricException.class, () -> parse(
                json.toString()));
        assertEquals(BadMetricException.Reason.TOO_MANY_SERIES, e.reason());
        assertEquals("the metric's filters have more than 999 values"
                + " (gottwall.maxSeriesPerMetric is 1000: every value is a series)",
                e.getMessage());
    }

    @Test
    void arbitraryInputParsesOrThrowsItsOwnException() {
        Random random = new Random(18);
        String alphabet = "{}[]\":,.-+0123456789eE ntrufalsx\\\"nvfpa";
        List<String> samples = List.of(
                "{\"n\": \"orders\", \"v\": 2, \"f\": {\"s\": [\"a\", 1]}, \"ts\": 5}",
                "{\"name\": \"visits\", \"value\": 1.5, \"timestamp\": 1700000000}",
                "{\"n\": \"x\", \"v\": -3e2, \"f\": {\"country\": \"ru\", \"os\": [1, 2]}}",
                "{ \"n\" : \"spaced\" , \"v\" : 10 }");
        FuzzInputs.Tally tally = new FuzzInputs.Tally();
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = FuzzInputs.mutate(samples, random, alphabet)
                        .getBytes(StandardCharsets.ISO_8859_1);
            } else {
                bytes = new byte[random.nextInt(40)];
                random.nextBytes(bytes);
            }
            try {
                PARSER.parse(bytes, 0, bytes.length, 10);
                tally.parsed();
            } catch (BadMetricException e) {
                tally.refused(); // the only way to fail
            }
        }
        tally.assertMixed(0.05);
    }
}
