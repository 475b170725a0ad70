package org.dkumonitor.server;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.core.layout.DataDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSecretsTest {

    @TempDir
    Path root;

    @Test
    void refusesClickHouseCredentialsOthersMayRead() throws IOException {
        DataDir layout = layout("");
        Path credentials = layout.confFile("clickhouse.credentials");
        Files.writeString(credentials, "user=dkm\npassword=secret\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-r--r--"));
        ServerConfig config = YamlConfigLoader.load(layout.confFile("server.yaml"),
                ServerConfig.class);
        DkmException refused = assertThrows(DkmException.class,
                () -> ServerMain.checkSecrets(layout, config));
        assertTrue(refused.getMessage().contains("the ClickHouse password"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("chmod 600"), refused.getMessage());

        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        assertDoesNotThrow(() -> ServerMain.checkSecrets(layout, config));
    }

    @Test
    void startsWithExposedClickHouseCredentialsWhenTheConfigSaysWarn() throws IOException {
        DataDir layout = layout("security:\n  exposedSecrets: warn\n");
        Path credentials = layout.confFile("clickhouse.credentials");
        Files.writeString(credentials, "user=dkm\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-r--r--"));
        ServerConfig config = YamlConfigLoader.load(layout.confFile("server.yaml"),
                ServerConfig.class);
        assertDoesNotThrow(() -> ServerMain.checkSecrets(layout, config));
    }

    private DataDir layout(String more) throws IOException {
        DataDir layout = new DataDir(root);
        Files.createDirectories(layout.confFile("server.yaml").getParent());
        Path yaml = layout.confFile("server.yaml");
        Files.writeString(yaml, """
                carbon:
                  listen: 127.0.0.1
                  plaintextPort: 0
                api:
                  listen: 127.0.0.1
                  port: 0
                storage:
                  backend: clickhouse
                  clickhouse:
                    urls: [http://127.0.0.1:1/]
                    credentialsFile: conf/clickhouse.credentials
                """ + more);
        Files.setPosixFilePermissions(yaml, PosixFilePermissions.fromString("rw-------"));
        return layout;
    }
}
