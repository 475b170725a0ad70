package org.dkumonitor.server.gottwall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SignatureTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signsEveryVectorOfTheSpecAsGottWallsServerDoes() {
        for (JsonNode row : Vectors.expected().get("signing")) {
            long ts = row.get("ts").asLong();
            long base = row.get("base").asLong();
            assertEquals(row.get("solt_server").asLong(), Signature.floorSolt(ts, base), "" + row);
            assertEquals(row.get("sign_server").asText(), Signature.sign(
                    utf8(row.get("private_key").asText()), row.get("public_key").asText(),
                    Signature.floorSolt(ts, base)), "" + row);
        }
    }

    @Test
    void roundsHalfToEvenAsStatiNetOnPython3Does() {
        for (JsonNode row : Vectors.expected().get("signing")) {
            assertEquals(row.get("solt_py3").asLong(), Signature.halfEvenSolt(
                    row.get("ts").asLong(), row.get("base").asLong()), "" + row);
        }
        assertEquals(1391855000L, Signature.halfEvenSolt(1391854703, 1000));
        assertEquals(1391854000L, Signature.halfEvenSolt(1391854500, 1000), "half to even");
        assertEquals(1391856000L, Signature.halfEvenSolt(1391855500, 1000), "half to even");
    }

    @Test
    void floorsNegativeTimesAndBasesAsPython2() {
        assertEquals(-2000, Signature.floorSolt(-1001, 1000));
        assertEquals(1391855000L, Signature.floorSolt(1391854203, -1000));
        Random random = new Random(18);
        for (int i = 0; i < 1000; i++) {
            long ts = random.nextLong(-4_000_000_000L, 4_000_000_000L);
            long base = random.nextInt(1, 5000);
            long solt = Signature.floorSolt(ts, base);
            assertTrue(solt <= ts && ts - solt < base && solt % base == 0, ts + "/" + base);
        }
    }

    @Test
    void verifiesServerAndPython3SignaturesAndNothingElse() {
        for (JsonNode row : Vectors.expected().get("signing")) {
            byte[] key = utf8(row.get("private_key").asText());
            String publicKey = row.get("public_key").asText();
            long ts = row.get("ts").asLong();
            long base = row.get("base").asLong();
            assertTrue(Signature.verify(key, publicKey, ts, base,
                    row.get("sign_server").asText()));
            assertTrue(Signature.verify(key, publicKey, ts, base, row.get("sign_py3").asText()));
            assertTrue(Signature.verify(key, publicKey, ts, base, row.get("sign_go").asText()));
            String upper = row.get("sign_server").asText().toUpperCase(Locale.ROOT);
            assertFalse(Signature.verify(key, publicKey, ts, base, upper), "case-sensitive");
            assertFalse(Signature.verify(key, publicKey + "x", ts, base,
                    row.get("sign_server").asText()), "another project's key");
            assertFalse(Signature.verify(utf8("wrong"), publicKey, ts, base,
                    row.get("sign_server").asText()), "another private key");
        }
    }

    @Test
    void theHmacMessageIsThePublicKeyAndTheSoltWithoutSeparator() {
        JsonNode first = Vectors.expected().get("signing").get(0);
        assertEquals("secretkey1391854000", first.get("sign_msg_server").asText());
        assertEquals("226f3c2449be49cc8679f42f1f1e28d7",
                Signature.sign(utf8("myprivatekey"), "secretkey", 1391854000L));
    }
}
