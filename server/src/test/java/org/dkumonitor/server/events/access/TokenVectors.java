package org.dkumonitor.server.events.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The token vectors of the stats-service spec (test resources stats-service/, copied from
 * /work/shared/specs/seeds): tokens made and verified by the real apiaccesstoken + tokenlib
 * under Python 2.7 and 3.11, and those re-derived by apiaccesstoken_vectors.py.
 */
final class TokenVectors {

    static final String SEED_SECRET = "b710164f16543eacc1a81fc889667b52403c8a300dd8c50c69f55d3e"
            + "0061b22ba7e9789b61a2fd932def15c74d6fcf387ce3270c6b96579a4dcfb4a7a722354e";
    static final String SEED_TOKEN = "eyJleHBpcmVzIjogMTAsICJzYWx0IjogImJjODIxOCIsICJpZGVudGl0e"
            + "SI6ICJzdGF0c2JvYiJ9NyjnVy3QkN9pa2H_DVe4OZLi5dydu1mB3clN2HezjI8y331ZflOHSOtgvw8Jjnj"
            + "lC4UFF8q1LCp0kHdj96ipDw==";
    static final String README_BOB_SECRET = "f7e118ff011236a38b38c4909045c9cc5794aa7e490d4fab777"
            + "de0ff801539f1f4152129e5588a0dcabb3848798c6dca958554146f9e14a10e0325bc43f7111d";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenVectors() {
    }

    /** A vector file; the "N comparisons" line a checker printed first is skipped. */
    static JsonNode load(String name) {
        try (InputStream in = TokenVectors.class.getResourceAsStream("/stats-service/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.contains("comparisons")) {
                text = text.substring(text.indexOf('\n') + 1);
            }
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The secret apiaccesstoken_vectors.py verifies a negative vector with. */
    static String negativeSecret(String label) {
        if (label.equals("wrong secret")) {
            return README_BOB_SECRET;
        }
        if (label.startsWith("secret is the token itself")) {
            return SEED_TOKEN;
        }
        return SEED_SECRET;
    }
}
