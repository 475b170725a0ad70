package org.dkumonitor.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.testkit.Installs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class PreflightTest {

    private FileSystem fs;
    private Path bundle;
    private Path dataDir;
    private GrafanaHome grafana;
    private final List<Integer> probed = new ArrayList<>();

    @BeforeEach
    void makeBundle() throws IOException {
        fs = TestInstalls.unixFileSystem();
        bundle = TestInstalls.bundle(fs.getPath("/opt/dkm"));
        dataDir = fs.getPath("/srv/dkm");
        grafana = GrafanaHome.given(Installs.grafanaRelease(fs.getPath("/opt/grafana"),
                "grafana"));
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    @Test
    void acceptsANewDirectoryWithEveryPortFree() {
        preflight(port -> true).check(request(InstallType.ALL));
    }

    @Test
    void refusesAnExistingInstall() throws IOException {
        Files.createDirectories(dataDir.resolve("conf"));
        Files.writeString(dataDir.resolve("conf/supervisor.yaml"), "programs:\n");

        assertRefused("/srv/dkm already holds an install; use --update to update it, or choose"
                + " another directory", InstallType.ALL);
    }

    @Test
    void refusesTheRemainsOfAnInstallThatWouldMixWithANewOne() throws IOException {
        Files.createDirectories(dataDir.resolve("storage/whisper"));

        assertRefused("/srv/dkm/storage exists but /srv/dkm holds no install; move it away or"
                + " choose another directory", InstallType.ALL);
    }

    @Test
    void refusesAPathThroughAFile() throws IOException {
        Files.createDirectories(fs.getPath("/srv"));
        Files.writeString(fs.getPath("/srv/file"), "x");
        dataDir = fs.getPath("/srv/file/dkm");

        assertRefused("/srv/file is not a directory; choose another place for the install",
                InstallType.ALL);
    }

    @Test
    void refusesAPortInUseAndNamesIt() {
        InstallRefusedException refused = assertThrows(InstallRefusedException.class,
                () -> preflight(port -> port != 15002).check(request(InstallType.ALL)));

        assertEquals("port 15002 (in the range 15000..15009) is already in use; pick another"
                + " range with -p", refused.getMessage());
    }

    @Test
    void checksOnlyThePortsOfTheTypesPrograms() {
        preflight(port -> true).check(request(InstallType.ALL));
        assertEquals(List.of(15000, 15001, 15002, 15004, 15005, 15006, 15007), probed);

        probed.clear();
        preflight(port -> true).check(request(InstallType.BACKEND));
        assertEquals(List.of(15001, 15002, 15004, 15005, 15006, 15007), probed);

        probed.clear();
        preflight(port -> true).check(request(InstallType.FRONTEND));
        assertEquals(List.of(15000), probed);

        probed.clear();
        preflight(port -> true).check(request(InstallType.AGENT));
        assertEquals(List.of(15005), probed, "the agent's StatsD");
    }

    @Test
    void anUpdateNeedsAnInstallAndItsRecordOrLinks() throws IOException {
        DataDir dir = new DataDir(dataDir);
        InstallRefusedException none = assertThrows(InstallRefusedException.class,
                () -> Preflight.checkUpdate(dir));
        assertEquals("/srv/dkm holds no install to update (no conf/supervisor.yaml); run the"
                + " installer without --update to install", none.getMessage());

        Files.createDirectories(dataDir.resolve("conf"));
        Files.createDirectories(dataDir.resolve("bin"));
        Files.createDirectories(dataDir.resolve("run"));
        Files.writeString(dataDir.resolve("conf/supervisor.yaml"), "programs:\n");
        InstallRefusedException noRecord = assertThrows(InstallRefusedException.class,
                () -> Preflight.checkUpdate(dir));
        assertEquals("/srv/dkm has no run/install.properties and no bin/dkm link, so its"
                + " bundle is unknown; install afresh into a new directory and move storage/"
                + " into it", noRecord.getMessage());
    }

    @Test
    void aPortSomeoneListensOnIsNotFree() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertFalse(Preflight.canBind(taken.getLocalPort()));
            assertFalse(Preflight.canBind(udp.getLocalPort()));
        }
    }

    private void assertRefused(String message, InstallType type) {
        InstallRefusedException refused = assertThrows(InstallRefusedException.class,
                () -> preflight(port -> true).check(request(type)));
        assertEquals(message, refused.getMessage());
    }

    private Preflight preflight(java.util.function.IntPredicate free) {
        return new Preflight(port -> {
            probed.add(port);
            return free.test(port);
        });
    }

    private InstallRequest request(InstallType type) {
        return TestInstalls.request(dataDir, type, bundle, Optional.of(grafana));
    }
}
