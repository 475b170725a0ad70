package org.dkumonitor.server.gottwall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The golden files under src/test/resources/gottwall: gottwall_expected.json, what
 * gottwall_client.py (checked byte for byte against stati-net and stati-go-net) prints, and
 * real_*.json, bytes the real clients sent on loopback. Also finds a Python 3 to run the client
 * itself where one is installed.
 */
final class Vectors {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PYTHON = "/usr/bin/python3";

    private Vectors() {
    }

    static JsonNode load(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/gottwall/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource gottwall/" + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode expected() {
        return load("gottwall_expected.json");
    }

    static byte[] base64(JsonNode node) {
        return Base64.getDecoder().decode(node.asText());
    }

    /** The directory holding gottwall_client.py (the test classpath's copy). */
    static Path clientDirectory() {
        try {
            return Path.of(Vectors.class.getResource("/gottwall/gottwall_client.py").toURI())
                    .getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean pythonPresent() {
        return Files.isExecutable(Path.of(PYTHON));
    }
}
