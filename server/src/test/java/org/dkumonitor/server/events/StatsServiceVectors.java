package org.dkumonitor.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The stats-service vectors of the spec (test resources stats-service/, copied from
 * /work/shared/specs/seeds/vectors): the responses of the original service and the requests
 * the real stats-client sent, captured on loopback.
 */
final class StatsServiceVectors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatsServiceVectors() {
    }

    static JsonNode load(String name) {
        try (InputStream in = StatsServiceVectors.class.getResourceAsStream("/stats-service/"
                + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.startsWith("20 comparisons") || text.contains(" comparisons, ")) {
                text = text.substring(text.indexOf('\n') + 1);
            }
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of one of the original service's responses. */
    static String response(String name) {
        return load("stats_service_expected.json").get("responses").get(name).get("body")
                .asText();
    }
}
