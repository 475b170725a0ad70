package org.dkumonitor.installer.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GottwallCommandsTest {

    private static final String YAML = """
            ingest:
              listen: "127.0.0.1"
              port: 15006
            gottwall:
              privateKey: "PRIVATE"
              stream:
                port: 15007
              projects:
                default: "abc"
            """;

    @TempDir
    Path root;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... arguments) {
        CommandLine command = new CommandLine(new DkmAdminCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(arguments);
    }

    @Test
    void addsAProjectPrintsItsClientSettingsAndKeepsTheFilePrivate() throws Exception {
        Path file = root.resolve("conf/server.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, YAML);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(0, run("gottwall", "project", "add", "shop", "--data-dir",
                root.toString()), err::toString);
        Matcher key = Pattern.compile("  public key   (\\S+)\n").matcher(out.toString());
        assertTrue(key.find(), out::toString);
        assertEquals(YAML + "    shop: \"" + key.group(1) + "\"\n", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
        assertTrue(out.toString().contains("  HTTPClient(private_key=\"PRIVATE\", public_key=\""
                + key.group(1) + "\", project=\"shop\", host=\"127.0.0.1\", port=15006,"
                + " prefix=\"/gottwall\")\n"), out::toString);
        assertTrue(out.toString().contains("  TCPIPClient(private_key=\"PRIVATE\""), out::toString);
        assertEquals(1, run("gottwall", "project", "add", "shop", "--data-dir",
                root.toString()));
        assertTrue(err.toString().contains("project shop exists already"), err::toString);
        out.getBuffer().setLength(0);
        assertEquals(0, run("gottwall", "project", "list", "--data-dir", root.toString()));
        assertEquals("default                  abc\nshop                     " + key.group(1)
                + "\n", out.toString());
    }
}
