package org.dkumonitor.server.gottwall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CredentialsParserTest {

    @Test
    void readsTheHeadersTheClientsSend() {
        JsonNode headers = Vectors.expected().get("headers").get(0);
        Credentials.Signed s1 = CredentialsParser.httpHeader(headers.get("s1").asText());
        assertEquals(new Credentials.Signed(1391854203, "226f3c2449be49cc8679f42f1f1e28d7", 1000,
                null), s1);
        Credentials.Signed s2 = CredentialsParser.stream(headers.get("s2").asText());
        assertEquals("test_project", s2.project());
        assertEquals(s2, CredentialsParser.httpHeader(headers.get("s2").asText()),
                "the Go client sends S2 over HTTP");
        Credentials.Basic basic = CredentialsParser.basic(headers.get("basic").asText());
        assertEquals(new Credentials.Basic("secretkey", "myprivatekey"), basic);
    }

    @Test
    void takesTheFourFieldS1OfGottWallsDocs() {
        Credentials.Signed signed = CredentialsParser.httpHeader(
                "GottWallS1 1391854203 226f3c2449be49cc8679f42f1f1e28d7 1000 test_project");
        assertEquals("test_project", signed.project());
    }

    @Test
    void splitsOnRunsOfWhitespaceAsPythonDoes() {
        assertEquals(1391854203, CredentialsParser.httpHeader(
                "GottWallS11391854203 sig 1000").ts());
        Credentials.Signed spaced = CredentialsParser.httpHeader("GottWallS1 \t 7   sig\t60 ");
        assertEquals(new Credentials.Signed(7, "sig", 60, null), spaced);
        assertNull(spaced.project());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "GottWallS1", "GottWallS1   ", "gottwalls1 1 sig 1000",
        "GottWallS1 1 sig", "GottWallS1 1 sig 1000 p extra", "GottWallS1 x sig 1000",
        "GottWallS1 1 sig 0", "GottWallS1 1 sig 1e3", "GottWallS1 99999999999999999999 s 1",
        "GottWallS1 ١٢ sig 1000", "GottWall private_key=a, public_key=b",
        "GottWallS2 1 sig 1000", "Basic c2VjcmV0a2V5Om15cHJpdmF0ZWtleQ=="})
    void refusesMalformedSignedHeaders(String header) {
        AuthException e = assertThrows(AuthException.class,
                () -> CredentialsParser.httpHeader(header));
        assertEquals(AuthException.Reason.MALFORMED, e.reason(), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic c2VjcmV0a2V5Om15cHJpdmF0ZWtleQ==", "Basic !!!!",
        "Basic c2VjcmV0a2V5bXlwcml2YXRla2V5", "Basic YTpiOmM=", "c2VjcmV0a2V5Om15cHJpdmF0ZWtleQ=="})
    void refusesMalformedBasic(String header) {
        AuthException e = assertThrows(AuthException.class, () -> CredentialsParser.basic(header));
        assertEquals(AuthException.Reason.MALFORMED, e.reason(), e.getMessage());
    }

    @Test
    void decodesBasicLikePythonsLenientDecoder() {
        String encoded = Base64.getEncoder().encodeToString(
                "püb:s3crét".getBytes(StandardCharsets.UTF_8));
        assertEquals(new Credentials.Basic("püb", "s3crét"),
                CredentialsParser.basic("Basic   " + encoded + "  "));
    }
}
