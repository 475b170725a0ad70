package org.dkumonitor.server.gottwall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.InstantSource;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.MetricsServer;
import org.dkumonitor.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Projects and keys edited in server.yaml apply to a running server, a broken edit does not. */
class KeyReloadTest {

    private static final String YAML = """
            carbon:
              listen: 127.0.0.1
              plaintextPort: 0
              udp: false
            api:
              listen: 127.0.0.1
              port: 0
            selfMetrics:
              enabled: false
            ingest:
              listen: 127.0.0.1
              port: 0
            gottwall:
              privateKey: the-private-key
              projects:
                shop: shop-public
            %s""";

    @TempDir
    Path root;

    private static String basic(String publicKey) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((publicKey
                + ":the-private-key").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static int status(MetricsServer server, String project, String publicKey)
            throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.ingestPort())) {
            String body = "{\"n\": \"x\"}";
            socket.getOutputStream().write(("POST /gottwall/api/v1/" + project + "/incr HTTP/1.1"
                    + "\r\nHost: x\r\nAuthorization: " + basic(publicKey) + "\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body).getBytes(
                            java.nio.charset.StandardCharsets.UTF_8));
            return GottwallHarness.readAnswer(socket.getInputStream()).status();
        }
    }

    private static void rewrite(Path file, String text) throws Exception {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, text);
        // a coarse clock could leave the time as it was: the size differs anyway
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 1000));
    }

    @Test
    void anAddedProjectWorksWithoutARestartAndABrokenFileKeepsTheKeys() throws Exception {
        DataDir dataDir = new DataDir(root);
        Files.createDirectories(dataDir.conf());
        Path file = dataDir.confFile("server.yaml");
        Files.writeString(file, YAML.formatted(""));
        ServerConfig config = YamlConfigLoader.load(file, ServerConfig.class);
        MetricsServer server = MetricsServer.start(dataDir, config, InstantSource.system());
        try {
            assertEquals(200, status(server, "shop", "shop-public"));
            assertEquals(404, status(server, "blog", "blog-public"));
            rewrite(file, YAML.formatted("    blog: blog-public\n"));
            assertTrue(server.gottwall().reloadIfChanged());
            assertEquals(200, status(server, "blog", "blog-public"));
            rewrite(file, YAML.formatted("    blog: [not, a, key]\n"));
            assertFalse(server.gottwall().reloadIfChanged(), "a broken file is reported");
            assertEquals(200, status(server, "blog", "blog-public"), "the keys in force stay");
            rewrite(file, YAML.formatted("  timeZones:\n    nope: UTC\n"));
            assertFalse(server.gottwall().reloadIfChanged());
            assertEquals(200, status(server, "shop", "shop-public"));
        } finally {
            server.stop();
        }
    }
}
