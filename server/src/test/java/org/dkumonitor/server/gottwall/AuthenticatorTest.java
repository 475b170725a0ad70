package org.dkumonitor.server.gottwall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class AuthenticatorTest {

    private static final long TS = 1391854203;
    private static final String S1 = "GottWallS1 1391854203 226f3c2449be49cc8679f42f1f1e28d7 1000";
    private static final GottwallConfig KEYS = new GottwallConfig("myprivatekey",
            Map.of("test_project", "secretkey", "other", "otherkey"));

    private static Authenticator at(long now, GottwallConfig keys) {
        return new Authenticator(() -> keys, InstantSource.fixed(Instant.ofEpochSecond(now)));
    }

    private static String basic(String text) {
        return "Basic " + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void refused(AuthException.Reason reason, Executable call) {
        AuthException e = assertThrows(AuthException.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
    }

    @Test
    void grantsTheProjectOfTheUrlToItsSignature() {
        Authenticator auth = at(TS, KEYS);
        assertEquals("test_project", auth.http("test_project", S1, null));
        assertEquals("test_project", auth.http("test_project", S1 + " test_project", null));
        assertEquals("test_project", auth.http("test_project", null,
                basic("secretkey:myprivatekey")));
    }

    @Test
    void grantsPython3ClientsTheirHalfEvenSignature() {
        // ts mod 1000 > 500: stati-net on Python 3 signs 1391855000, GottWall signed 1391854000
        String py3 = "GottWallS1 1391854703 " + Signature.sign("myprivatekey".getBytes(
                StandardCharsets.UTF_8), "secretkey", 1391855000L) + " 1000";
        assertEquals("test_project", at(1391854703, KEYS).http("test_project", py3, null));
    }

    @Test
    void refusesWrongMissingAndOtherProjectsCredentials() {
        Authenticator auth = at(TS, KEYS);
        refused(AuthException.Reason.MISSING, () -> auth.http("test_project", null, null));
        refused(AuthException.Reason.MISSING, () -> auth.http("test_project", "", ""));
        refused(AuthException.Reason.BAD_SIGNATURE, () -> auth.http("other", S1, null));
        refused(AuthException.Reason.BAD_SIGNATURE, () -> auth.http("test_project",
                S1.replace("226f", "226F"), null));
        refused(AuthException.Reason.WRONG_PROJECT, () -> auth.http("test_project",
                S1 + " other", null));
        refused(AuthException.Reason.UNKNOWN_PROJECT, () -> auth.http("nope", S1, null));
        refused(AuthException.Reason.MALFORMED, () -> auth.http("test_project", "GottWallS1",
                null));
    }

    @Test
    void aBadSignedHeaderNeverFallsBackToBasic() {
        refused(AuthException.Reason.BAD_SIGNATURE, () -> at(TS, KEYS).http("test_project",
                S1.replace("226f", "0000"), basic("secretkey:myprivatekey")));
    }

    @Test
    void basicTakesThePublicKeyFirst() {
        Authenticator auth = at(TS, KEYS);
        refused(AuthException.Reason.BAD_KEYS, () -> auth.http("test_project", null,
                basic("myprivatekey:secretkey")));
        refused(AuthException.Reason.BAD_KEYS, () -> auth.http("other", null,
                basic("secretkey:myprivatekey")));
    }

    @Test
    void refusesASignatureOutsideTheWindowUnlessTheWindowIsOff() {
        refused(AuthException.Reason.EXPIRED, () -> at(TS + 3601, KEYS).http("test_project",
                S1, null));
        refused(AuthException.Reason.EXPIRED, () -> at(TS - 3601, KEYS).http("test_project",
                S1, null));
        assertEquals("test_project", at(TS + 3600, KEYS).http("test_project", S1, null));
        GottwallConfig noWindow = new GottwallConfig(null, "myprivatekey",
                Map.of("test_project", "secretkey"), 0, null, null, null);
        assertEquals("test_project", at(TS + 86_400 * 3650L, noWindow).http("test_project",
                S1, null));
    }

    @Test
    void readsTheKeysInForceOnEveryCheck() {
        GottwallConfig[] keys = {KEYS};
        Authenticator auth = new Authenticator(() -> keys[0],
                InstantSource.fixed(Instant.ofEpochSecond(TS)));
        assertEquals("test_project", auth.http("test_project", S1, null));
        keys[0] = new GottwallConfig("anotherprivatekey", Map.of("test_project", "secretkey"));
        refused(AuthException.Reason.BAD_SIGNATURE, () -> auth.http("test_project", S1, null));
    }
}
