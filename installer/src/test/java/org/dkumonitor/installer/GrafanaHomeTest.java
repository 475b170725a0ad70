package org.dkumonitor.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dkumonitor.testkit.Installs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class GrafanaHomeTest {

    private final FileSystem fs = TestInstalls.unixFileSystem();

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    @Test
    void aReleaseWithTheGrafanaExecutableRunsAsGrafanaServer() throws IOException {
        Path home = Installs.grafanaRelease(fs.getPath("/opt/grafana-v12"), "grafana");

        GrafanaHome grafana = GrafanaHome.given(home);

        assertTrue(grafana.multiCommand());
        assertEquals("/opt/grafana-v12/bin/grafana", grafana.executableInConfig());
    }

    @Test
    void anOldReleaseRunsAsGrafanaServerExecutable() throws IOException {
        Path home = Installs.grafanaRelease(fs.getPath("/opt/grafana-9"), "grafana-server");

        assertFalse(GrafanaHome.given(home).multiCommand());
    }

    @Test
    void aDirectoryThatIsNoReleaseIsRefused() throws IOException {
        Path home = Files.createDirectories(fs.getPath("/opt/empty"));

        InstallRefusedException refused = assertThrows(InstallRefusedException.class,
                () -> GrafanaHome.given(home));
        assertEquals("--grafana-home /opt/empty is not a Grafana release: it needs"
                + " conf/defaults.ini and public/; point it at an unpacked Grafana tarball",
                refused.getMessage());
    }

    @Test
    void theBundlesOwnIsNamedThroughDkmHome() throws IOException {
        Path bundle = fs.getPath("/opt/dkm");
        assertTrue(GrafanaHome.bundled(bundle).isEmpty());

        Installs.grafanaRelease(bundle.resolve("grafana"), "grafana");
        GrafanaHome grafana = GrafanaHome.bundled(bundle).orElseThrow();

        assertEquals("${DKM_HOME}/grafana/bin/grafana", grafana.executableInConfig());
        assertEquals(GrafanaHome.BUNDLED, grafana.source());
    }

    @Test
    void theSystemsIsFoundOnPathWithItsHomeBesideIt() throws IOException {
        Path home = Installs.grafanaRelease(fs.getPath("/usr/share/grafana"), "grafana");
        Files.createDirectories(fs.getPath("/usr/sbin"));
        Files.createSymbolicLink(fs.getPath("/usr/sbin/grafana"), home.resolve("bin/grafana"));

        GrafanaHome grafana = GrafanaHome.onPath(fs, "/nowhere:/usr/local/bin:/usr/sbin");

        assertEquals(home, grafana.home());
        assertEquals(home.resolve("bin/grafana"), grafana.executable());
        assertEquals(GrafanaHome.SYSTEM, grafana.source());
    }

    @Test
    void noGrafanaOnPathIsRefused() {
        InstallRefusedException refused = assertThrows(InstallRefusedException.class,
                () -> GrafanaHome.onPath(fs, "/usr/bin:/bin"));
        assertEquals("--system-grafana: neither grafana nor grafana-server is on PATH; install"
                + " Grafana or pass --grafana-home DIR", refused.getMessage());
    }
}
