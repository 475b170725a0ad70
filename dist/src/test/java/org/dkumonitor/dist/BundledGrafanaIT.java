package org.dkumonitor.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dkumonitor.supervisor.config.ProgramConfig;
import org.dkumonitor.supervisor.config.SupervisorConfig;
import org.dkumonitor.testkit.Installs;
import org.dkumonitor.testkit.TestPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle packaged with a Grafana (its grafana/, as make-package --grafana lays it out, here a
 * stand-in): an install runs it through ${DKM_HOME}, so that --update switches Grafana with the
 * rest; an update to a bundle without Grafana is refused and changes nothing.
 */
final class BundledGrafanaIT {

    @Test
    void updateSwitchesTheBundledGrafanaWithTheBundle(@TempDir Path work) throws Exception {
        Path first = Bundles.unpack(work, "first");
        Bundles.standInGrafana(first.resolve("grafana"));
        Path second = Bundles.unpack(work, "second");
        Bundles.standInGrafana(second.resolve("grafana"));
        Path withoutGrafana = Bundles.unpack(work, "without grafana");
        Path dataDir = work.resolve("data");

        Command install = Bundles.installer(first, "-d", dataDir.toString(), "-p",
                Integer.toString(TestPorts.range(10)));
        assertEquals(0, install.exitCode(), install.toString());
        ProgramConfig grafana = SupervisorConfig.load(dataDir.resolve("conf/supervisor.yaml"))
                .programs().get(2);
        assertEquals("grafana", grafana.name());
        assertEquals("${DKM_HOME}/grafana/bin/grafana", grafana.command().get(5));
        assertEquals("${DKM_HOME}/grafana", grafana.directory());
        // static/ is the built-in UI's files, the bundle's ui/; Grafana serves its own
        assertEquals(first.resolve("ui"), Files.readSymbolicLink(dataDir.resolve("static")));

        Command update = Bundles.installer(second, "-d", dataDir.toString(), "--update");
        assertEquals(0, update.exitCode(), update.toString());
        assertEquals(second.resolve("ui"), Files.readSymbolicLink(dataDir.resolve("static")));

        Map<String, String> before = Installs.snapshot(dataDir);
        Command refused = Bundles.installer(withoutGrafana, "-d", dataDir.toString(), "-u");
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.output().contains("runs the bundle's Grafana but " + withoutGrafana
                + " has none; update with a bundle made by make-package --grafana"),
                refused.output());
        assertEquals(before, Installs.snapshot(dataDir));
    }
}
