package org.dkumonitor.installer.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.dkumonitor.cli.CommandLines;
import org.dkumonitor.server.events.access.AccessDeniedException;
import org.dkumonitor.server.events.access.AccessFile;
import org.dkumonitor.server.events.access.AccessTable;
import org.dkumonitor.server.events.access.AccessUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EventTokenCommandsTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine line = CommandLines.create(new DkmAdminCommand());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    private Path file() {
        return dir.resolve("access.json");
    }

    @Test
    void createMintsATokenTheServerAcceptsPrintsItOnceAndWritesTheFile0600() throws Exception {
        assertEquals(0, run("events", "token", "create", "--identity", "statsbob",
                "--access-file", file().toString()), err::toString);
        String token = out.toString().lines().toList().get(1);
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file())));
        List<AccessUser> users = AccessFile.read(file());
        assertEquals(1, users.size());
        assertTrue(users.getFirst().id().matches("user_[0-9a-f]{32}"));
        assertTrue(users.getFirst().tokens().getFirst().accessSecret().matches("[0-9a-f]{128}"));
        AccessTable table = new AccessTable(users, "access.json");
        assertEquals("statsbob", table.authenticate("Token " + token).username());

        out.getBuffer().setLength(0);
        assertEquals(0, run("events", "token", "create", "--identity", "statsbob",
                "--access-file", file().toString()));
        String second = out.toString().lines().toList().get(1);
        users = AccessFile.read(file());
        assertEquals(1, users.size(), "the same user");
        assertEquals(2, users.getFirst().tokens().size());
        assertEquals(users.getFirst().tokens().get(0).accessSecret(),
                users.getFirst().tokens().get(1).accessSecret(), "the user's secret is reused");

        out.getBuffer().setLength(0);
        assertEquals(0, run("events", "token", "list", "--access-file", file().toString()));
        assertFalse(out.toString().contains(token) || out.toString().contains(second),
                out.toString());
        String fingerprint = users.getFirst().tokens().getFirst().fingerprint();
        assertTrue(out.toString().contains("  " + fingerprint + "\n"), out.toString());

        assertEquals(0, run("events", "token", "revoke", fingerprint, "--access-file",
                file().toString()));
        AccessTable after = new AccessTable(AccessFile.read(file()), "access.json");
        assertThrows(AccessDeniedException.class, () -> after.authenticate("Token " + token));
        assertEquals("statsbob", after.authenticate(second).username());
        assertEquals(0, run("events", "token", "revoke", "--identity", "statsbob", "--all",
                "--access-file", file().toString()));
        assertEquals(0, AccessFile.read(file()).getFirst().tokens().size());
    }

    @Test
    void refusesABadIdentityAnUnknownTokenAndABrokenFile() throws Exception {
        assertEquals(1, run("events", "token", "create", "--identity", "no spaces",
                "--access-file", file().toString()));
        assertTrue(err.toString().contains("--identity 'no spaces'"), err.toString());
        assertEquals(1, run("events", "token", "revoke", "abcdef", "--access-file",
                file().toString()));
        assertTrue(err.toString().contains("no such token"), err.toString());
        Files.writeString(file(), "{\"not\": \"a list\"}");
        assertEquals(1, run("events", "token", "list", "--access-file", file().toString()));
        assertTrue(err.toString().contains("must be a JSON array of users"), err.toString());
    }
}
