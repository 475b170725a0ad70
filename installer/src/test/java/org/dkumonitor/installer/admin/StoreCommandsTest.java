package org.dkumonitor.installer.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.InstantSource;
import org.dkumonitor.cli.CommandLines;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.MetricsServer;
import org.dkumonitor.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** dkmadmin storage and metrics against a real server on loopback, as a user runs them. */
class StoreCommandsTest {

    @TempDir
    Path root;
    private MetricsServer server;
    private DataDir dataDir;

    @BeforeEach
    void start() throws IOException {
        dataDir = new DataDir(root);
        Files.createDirectories(dataDir.conf());
        Files.writeString(dataDir.confFile("storage-schemas.conf"),
                "[default]\npattern = .*\nretentions = 60s:1d\n");
        server = MetricsServer.start(dataDir, new ServerConfig(
                new ServerConfig.Carbon("127.0.0.1", 0, false, null, 60, null),
                new ServerConfig.Api("127.0.0.1", 0),
                new ServerConfig.Storage(20, 10_000, 1, 16, false,
                        new ServerConfig.Wal(true, 5, 3600)),
                new ServerConfig.SelfMetrics(false, 3600, "test"), null), InstantSource.system());
        Files.writeString(dataDir.confFile("server.yaml"), "carbon:\n  listen: 127.0.0.1\n"
                + "  plaintextPort: " + server.plaintextPort() + "\napi:\n  listen: 127.0.0.1\n"
                + "  port: " + server.apiPort() + "\n");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private Run dkmadmin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = CommandLines.create(new DkmAdminCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = root.toString();
        int exit = command.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    private void send(String lines) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(),
                server.plaintextPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(lines.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            socket.getInputStream().read();
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (server.cache().size() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void checkResizeExplainDeleteRenameAndExpire() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        send("web.a.hits 1 " + (now - 120) + "\nweb.a.hits 2 " + (now - 60) + "\n"
                + "web.b.hits 5 " + (now - 60) + "\nold.gone 1 " + (now - 60) + "\n");
        Path gone = root.resolve("storage/whisper/old/gone.wsp");
        Files.setLastModifiedTime(gone, FileTime.fromMillis((now - 90 * 86_400) * 1000));

        Run check = dkmadmin("storage", "check");
        assertEquals(0, check.exit(), check.err());
        assertTrue(check.out().contains("3 files checked, 0 disagree"), check.out());

        Files.writeString(dataDir.confFile("storage-schemas.conf"),
                "[default]\npattern = .*\nretentions = 60s:2d\n");
        Files.setLastModifiedTime(dataDir.confFile("storage-schemas.conf"),
                FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Run dry = dkmadmin("storage", "resize", "web");
        assertTrue(dry.out().contains("2 would be resized (dry run: add --apply)"), dry.out());
        Run resized = dkmadmin("storage", "resize", "web", "--apply");
        assertTrue(resized.out().startsWith("resized 2 files of 2"), resized.out());

        Run explain = dkmadmin("storage", "explain", "web.a.hits");
        assertTrue(explain.out().contains("storage-schemas.conf:3 [default] retentions"
                + " = 60:2880"), explain.out());
        assertTrue(explain.out().contains("(as the rules give)"), explain.out());

        Run refused = dkmadmin("metrics", "delete", "*");
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("--force"), refused.err());

        Run renamed = dkmadmin("metrics", "rename", "web.a", "web.c");
        assertEquals(0, renamed.exit(), renamed.err());
        assertTrue(Files.exists(root.resolve("storage/whisper/web/c/hits.wsp")));
        assertFalse(Files.exists(root.resolve("storage/whisper/web/a")));

        Run expire = dkmadmin("metrics", "expire", "--older-than", "30d");
        assertTrue(expire.out().startsWith("old.gone\nwould remove 1 metric of 3"),
                expire.out());
        assertEquals(0, dkmadmin("metrics", "expire", "--older-than", "30d", "--apply").exit());
        assertFalse(Files.exists(gone));

        Run deleted = dkmadmin("metrics", "delete", "web.b");
        assertEquals("web.b.hits\ndeleted 1 metric\n", deleted.out());
        assertFalse(Files.exists(root.resolve("storage/whisper/web/b")));
    }

    @Test
    void aServerThatIsNotRunningIsSaidPlainly() {
        server.stop();
        server = null;
        Run run = dkmadmin("storage", "check");
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("dkm start server"), run.err());
    }
}
