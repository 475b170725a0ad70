package org.dkumonitor.server.events.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTableTest {

    /** stats-service's committed demo access.json, whose pair signs the seed token. */
    private static final String DEMO = """
            [{"id": "user_00ca4f6190b84f25827239233c4bcbaa", "username": "statsbob",
              "name": "Stats User", "extra": {"kept": "out"},
              "tokens": [{"access_token": "%s", "access_secret": "%s"}]}]
            """.formatted(TokenVectors.SEED_TOKEN, TokenVectors.SEED_SECRET);

    @TempDir
    Path dir;

    private AccessTable demo() {
        return new AccessTable(AccessFile.parse("access.json",
                DEMO.getBytes(StandardCharsets.UTF_8)), "access.json");
    }

    @Test
    void anExistingStatsServiceAccessFileAuthenticatesItsToken() {
        AccessTable table = demo();
        for (String header : List.of("Token " + TokenVectors.SEED_TOKEN, TokenVectors.SEED_TOKEN,
                "  " + TokenVectors.SEED_TOKEN + "  ", "Token  " + TokenVectors.SEED_TOKEN,
                "Token" + TokenVectors.SEED_TOKEN)) {
            assertEquals("statsbob", table.authenticate(header).username(), header);
        }
    }

    @Test
    void refusesWithAReasonWhatTheMiddlewareRefuses() {
        AccessTable table = demo();
        String t = TokenVectors.SEED_TOKEN;
        assertEquals("no Authorization header: send 'Authorization: Token <access token>'",
                refusal(table, null));
        assertTrue(refusal(table, "token " + t).startsWith("unknown token"));
        assertTrue(refusal(table, "Bearer " + t).startsWith("unknown token"));
        assertTrue(refusal(table, "Token " + t + " ").startsWith("unknown token"));
        assertEquals("empty token", refusal(table, "Token "));
        assertTrue(refusal(table, "Token " + t.replace('-', '+').replace('_', '/'))
                .startsWith("unknown token"), "the lookup is by the exact text");
    }

    @Test
    void aTamperedExpiredOrOrphanTokenIsRefusedWithTokenlibsReason() {
        String tampered = TokenVectors.SEED_TOKEN.substring(0, 10) + "X"
                + TokenVectors.SEED_TOKEN.substring(11);
        String expired = AccessToken.mint("secret", "statsbob", "abcdef", 5);
        String orphan = AccessToken.mint("secret", "nobody", "abcdef", 10);
        String byId = AccessToken.mint("secret", "user_00ca4f6190b84f25827239233c4bcbaa",
                "ffeedd", 10);
        AccessTable table = new AccessTable(List.of(new AccessUser(
                "user_00ca4f6190b84f25827239233c4bcbaa", "statsbob", "Stats User", List.of(
                        new AccessUser.TokenPair(tampered, TokenVectors.SEED_SECRET),
                        new AccessUser.TokenPair(expired, "secret"),
                        new AccessUser.TokenPair(orphan, "secret"),
                        new AccessUser.TokenPair(byId, "secret")))), "access.json");
        assertEquals("token has invalid signature", refusal(table, "Token " + tampered));
        assertEquals("token has expired", refusal(table, "Token " + expired));
        assertTrue(refusal(table, orphan).startsWith("the token's identity is neither"));
        assertEquals("statsbob", table.authenticate(byId).username());
    }

    private static String refusal(AccessTable table, String header) {
        return assertThrows(AccessDeniedException.class, () -> table.authenticate(header))
                .getMessage().replaceAll("; access.json holds no tokens.*", "");
    }

    @Test
    void writesTheFile0600AndReadsBackTheSameUsers() throws Exception {
        Path file = dir.resolve("access.json");
        List<AccessUser> users = demo().users();
        AccessFile.write(file, users);
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
        assertEquals(users, AccessFile.read(file));
        assertEquals(List.of(), AccessFile.read(dir.resolve("absent.json")));
    }

    @Test
    void aBrokenFileIsAnErrorNamingTheFileAndPlace() {
        assertEquals("a.json:1:2 users[0]: lacks username", assertThrows(
                AccessFileException.class, () -> AccessFile.parse("a.json",
                        "[{\"id\": \"x\", \"tokens\": []}]".getBytes(StandardCharsets.UTF_8)))
                .getMessage());
        assertTrue(assertThrows(AccessFileException.class, () -> AccessFile.parse("a.json",
                "{\"users\": []}".getBytes(StandardCharsets.UTF_8))).getMessage()
                .startsWith("a.json:1:1 the file: must be a JSON array of users"));
        assertTrue(assertThrows(AccessFileException.class, () -> AccessFile.parse("a.json",
                "[{\"id\": ".getBytes(StandardCharsets.UTF_8))).getMessage()
                .contains("is not valid JSON"));
    }

    @Test
    void theControlRereadsAChangedFileAndKeepsTheOldTableWhenTheNewOneIsBroken()
            throws Exception {
        Path file = dir.resolve("access.json");
        AccessControl control = new AccessControl(file);
        assertThrows(AccessDeniedException.class,
                () -> control.table().authenticate(TokenVectors.SEED_TOKEN));
        Files.writeString(file, DEMO);
        control.reloadIfChanged();
        assertEquals("statsbob", control.table().authenticate(TokenVectors.SEED_TOKEN)
                .username());
        Files.writeString(file, "[{broken");
        control.reloadIfChanged();
        assertEquals("statsbob", control.table().authenticate(TokenVectors.SEED_TOKEN)
                .username());
    }
}
