package org.dkumonitor.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.layout.PortMap;
import org.dkumonitor.server.ServerConfig;
import org.dkumonitor.testkit.Installs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** --clickhouse: the files, the program and the server.yaml an install gets, and refusals. */
class ClickHouseInstallTest {

    private FileSystem fs;
    private Path bundle;
    private Path dataDir;

    @BeforeEach
    void makeBundle() throws IOException {
        fs = TestInstalls.unixFileSystem();
        bundle = TestInstalls.bundle(fs.getPath("/opt/dkumonitor-0.1.0"));
        dataDir = fs.getPath("/srv/data");
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    private void install(ClickHouseInstall clickhouse) throws IOException {
        InstallRequest request = new InstallRequest(new DataDir(dataDir), InstallType.BACKEND,
                new PortMap(15000), "127.0.0.1", "127.0.0.1", "", "127.0.0.1", bundle,
                Optional.empty(), "127.0.0.1", List.of(), List.of(), Optional.of(clickhouse));
        for (InstallStep step : InstallPlan.forRequest(request,
                new InstallPlan.GrafanaSecrets("a", "b", "clickhouse-secret"),
                TestInstalls.GOTTWALL, "9.9.9")) {
            step.apply();
        }
    }

    private ServerConfig serverYaml() {
        return YamlConfigLoader.load(dataDir.resolve("conf/server.yaml"), ServerConfig.class);
    }

    private String mode(String file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(file)));
    }

    @Test
    void aLocalClickHouseIsAProgramWithItsConfigDataAndAPasswordOnlyItsOwnerReads()
            throws IOException {
        Path binary = fs.getPath("/usr/sbin/clickhouse-server");
        Installs.executable(binary, "#!/bin/sh\n");
        install(ClickHouseInstall.of("local", binary, null, false, InstallType.BACKEND,
                Map.of()).orElseThrow());
        String supervisor = Files.readString(dataDir.resolve("conf/supervisor.yaml"));
        assertTrue(supervisor.indexOf("- name: clickhouse") < supervisor.indexOf("- name: server"),
                supervisor);
        assertTrue(supervisor.contains("\"${DKM_HOME}/bin/dkm-clickhouse\", \"--data-dir\","
                + " \"${DKM_DATA_DIR}\", \"--server-bin\", \"/usr/sbin/clickhouse-server\"]"));
        String config = Files.readString(dataDir.resolve("conf/clickhouse/config.xml"));
        assertTrue(config.contains("<http_port>15008</http_port>")
                && config.contains("<tcp_port>15009</tcp_port>")
                && config.contains("<listen_host>127.0.0.1</listen_host>")
                && config.contains("<path>/srv/data/storage/clickhouse/</path>"), config);
        assertTrue(Files.isDirectory(dataDir.resolve("storage/clickhouse")));
        String users = Files.readString(dataDir.resolve("conf/clickhouse/users.xml"));
        assertFalse(users.contains("clickhouse-secret"), "only the password's hash");
        assertTrue(users.contains("<password_sha256_hex>"));
        assertEquals("rw-------", mode("conf/clickhouse/users.xml"));
        assertEquals("user=dkumonitor\npassword=clickhouse-secret\n",
                Files.readString(dataDir.resolve("conf/clickhouse.credentials")));
        assertEquals("rw-------", mode("conf/clickhouse.credentials"));
        ServerConfig.Storage storage = serverYaml().storage();
        assertEquals(ServerConfig.Backend.CLICKHOUSE, storage.backend());
        assertEquals(List.of("http://127.0.0.1:15008/"), storage.clickhouse().urls());
        assertEquals("conf/clickhouse.credentials", storage.clickhouse().credentialsFile());
        assertTrue(storage.clickhouse().createTables());
        assertFalse(storage.clickhouse().dualWrite());
    }

    @Test
    void remoteServersGetTheirUrlsTheCopiedCredentialsAndDualWrite() throws IOException {
        Path credentials = fs.getPath("/home/me/ch.txt");
        Files.createDirectories(credentials.getParent());
        Files.writeString(credentials, "user=graphite\npassword=p\n");
        install(ClickHouseInstall.of("http://ch1:8123/,http://ch2:8123", null, credentials, true,
                InstallType.BACKEND, Map.of()).orElseThrow());
        ServerConfig.ClickHouse clickhouse = serverYaml().storage().clickhouse();
        assertEquals(List.of("http://ch1:8123/", "http://ch2:8123"), clickhouse.urls());
        assertTrue(clickhouse.dualWrite());
        assertFalse(clickhouse.createTables());
        assertEquals("user=graphite\npassword=p\n",
                Files.readString(dataDir.resolve("conf/clickhouse.credentials")));
        assertEquals("rw-------", mode("conf/clickhouse.credentials"));
        assertFalse(Files.readString(dataDir.resolve("conf/supervisor.yaml"))
                .contains("clickhouse"));
        assertFalse(Files.exists(dataDir.resolve("conf/clickhouse")));
    }

    @Test
    void optionsThatCannotWorkAreRefusedWithWhatToDo() {
        Path missing = fs.getPath("/nowhere/clickhouse-server");
        assertTrue(assertThrows(InstallRefusedException.class, () -> ClickHouseInstall.of(null,
                null, null, true, InstallType.ALL, Map.of())).getMessage()
                .contains("--dual-write go with --clickhouse"));
        assertTrue(assertThrows(InstallRefusedException.class, () -> ClickHouseInstall.of(
                "local", missing, null, false, InstallType.ALL, Map.of())).getMessage()
                .contains("apt-get install clickhouse-server"));
        assertTrue(assertThrows(InstallRefusedException.class, () -> ClickHouseInstall.of(
                "ch1:8123", null, null, false, InstallType.ALL, Map.of())).getMessage()
                .contains("is not a ClickHouse HTTP URL"));
        assertTrue(assertThrows(InstallRefusedException.class, () -> ClickHouseInstall.of(
                "local", null, null, false, InstallType.AGENT, Map.of())).getMessage()
                .contains("runs no server"));
        assertTrue(assertThrows(InstallRefusedException.class, () -> ClickHouseInstall.of(
                "local", null, null, false, InstallType.RELAY, Map.of())).getMessage()
                .contains("stores nothing"));
        assertTrue(assertThrows(InstallRefusedException.class, () -> ClickHouseInstall.of(
                "http://ch:8123/", missing, null, false, InstallType.ALL, Map.of()))
                .getMessage().contains("use it with --clickhouse local"));
        assertTrue(ClickHouseInstall.of(null, null, null, false, InstallType.ALL, Map.of())
                .isEmpty());
    }
}
