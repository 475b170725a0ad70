package org.dkumonitor.server.events.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Random;
import org.dkumonitor.server.FuzzInputs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AccessTokenTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void derivesTokenlibsSigningKeyAndRemintsEveryPython2VectorByteForByte() {
        int checked = 0;
        for (JsonNode vector : TokenVectors.load("apiaccesstoken_expected.json")) {
            String secret = vector.get("secret").asText();
            assertEquals(vector.get("signing_key_hex").asText(),
                    AccessToken.hex(AccessToken.signingKey(secret)), secret);
            if (vector.get("key_order").asText().equals("py2")) {
                assertEquals(vector.get("token").asText(), AccessToken.mint(secret,
                        vector.get("identity").asText(), vector.get("salt").asText(),
                        vector.get("expires").asLong()));
                checked++;
            }
            assertEquals(vector.get("payload_json").asText(),
                    AccessToken.verify(vector.get("token").asText(), secret));
        }
        assertEquals(4, checked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"real_apiaccesstoken_py2.json", "real_apiaccesstoken_py3.json"})
    void verifiesAsTheRealLibraryDid(String file) throws Exception {
        JsonNode real = TokenVectors.load(file);
        for (JsonNode known : real.get("known")) {
            String payload = AccessToken.verify(known.get("token").asText(),
                    known.get("secret").asText());
            assertEquals(known.get("payload"), JSON.readTree(payload));
            JsonNode p = known.get("payload");
            assertEquals(known.get("token").asText(), AccessToken.mint(known.get("secret")
                    .asText(), p.get("identity").asText(), p.get("salt").asText(),
                    p.get("expires").asLong()), "re-minted " + known.get("label"));
        }
        for (JsonNode generated : real.get("generated")) {
            assertEquals(generated.get("verify_same_secret"), outcome(
                    generated.get("token").asText(), generated.get("secret").asText()),
                    generated.toString());
        }
        for (JsonNode negative : real.get("negative")) {
            JsonNode expected = JSON.createObjectNode().put("ok", negative.get("ok").asBoolean());
            if (negative.has("error")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) expected).put("error",
                        negative.get("error").asText());
            } else {
                ((com.fasterxml.jackson.databind.node.ObjectNode) expected).set("payload",
                        negative.get("payload"));
            }
            assertEquals(expected, outcome(negative.get("token").asText(),
                    TokenVectors.negativeSecret(negative.get("label").asText())),
                    negative.get("label").asText());
        }
        for (JsonNode middleware : real.get("middleware")) {
            String header = middleware.get("authorization").asText();
            JsonNode extracted = middleware.get("extracted");
            if (header.isEmpty()) {
                assertTrue(extracted.isNull());
            } else {
                assertEquals(extracted.asText(), AccessToken.fromHeader(header), header);
            }
        }
    }

    private static JsonNode outcome(String token, String secret) throws Exception {
        try {
            return JSON.createObjectNode().put("ok", true).set("payload",
                    JSON.readTree(AccessToken.verify(token, secret)));
        } catch (TokenException e) {
            return JSON.createObjectNode().put("ok", false).put("error", e.getMessage());
        }
    }

    @Test
    void everySingleByteChangeOfATokenFailsVerification() {
        String token = AccessToken.mint("secret", "statsbob", "abcdef", 10);
        byte[] raw = java.util.Base64.getUrlDecoder().decode(token);
        for (int i = 0; i < raw.length; i++) {
            byte[] tampered = raw.clone();
            tampered[i] ^= 0x01;
            String forged = java.util.Base64.getUrlEncoder().encodeToString(tampered);
            assertThrows(TokenException.class, () -> AccessToken.verify(forged, "secret"),
                    "byte " + i);
        }
    }

    @Test
    void arbitraryTokensVerifyOrThrowOurException() {
        Random random = new Random(17);
        String alphabet = "ABCabc012-_+/=!. ";
        FuzzInputs.Tally tally = new FuzzInputs.Tally();
        for (int round = 0; round < 2000; round++) {
            String token = switch (round % 3) {
                case 0 -> AccessToken.mint("secret", FuzzInputs.noise(random, alphabet, 12),
                        String.format("%06x", random.nextInt(1 << 24)), 10);
                case 1 -> FuzzInputs.mutate(List.of(AccessToken.mint("secret", "statsbob",
                        "abcdef", 10)), random, alphabet);
                default -> FuzzInputs.noise(random, alphabet, 200);
            };
            try {
                AccessToken.verify(token, "secret");
                tally.parsed();
            } catch (TokenException expected) {
                assertTrue(expected.getMessage().startsWith("token has")
                        || expected.getMessage().equals("Incorrect padding"),
                        expected.getMessage());
                tally.refused();
            }
        }
        tally.assertMixed(0.05);
    }
}
