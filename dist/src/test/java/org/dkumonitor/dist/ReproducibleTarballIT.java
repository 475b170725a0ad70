package org.dkumonitor.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dkumonitor.testkit.Installs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same jars and launchers packaged again give the same tarball, byte for byte. */
final class ReproducibleTarballIT {

    private static final long MAX_BYTES = 60L * 1024 * 1024;

    @Test
    void packagingAgainGivesTheSameBytes(@TempDir Path out) throws Exception {
        Path tarball = Path.of(System.getProperty("dkm.tarball"));
        String grafana = System.getProperty("dkm.grafana", "");
        Packager.main(new String[] {
            "--version=" + System.getProperty("dkm.version"),
            "--jars=" + System.getProperty("dkm.bundleJars"),
            "--launchers=" + System.getProperty("dkm.launchers"),
            "--out=" + out,
            "--timestamp=" + System.getProperty("dkm.timestamp"),
            "--skip-archive=false",
            "--grafana=" + grafana});

        Path again = out.resolve(tarball.getFileName());
        assertEquals(Installs.sha256(tarball), Installs.sha256(again));
        System.out.printf("tarball %s: %d bytes, sha256 %s%n", tarball.getFileName(),
                Files.size(tarball), Installs.sha256(tarball));
        if (grafana.isBlank()) {
            assertTrue(Files.size(tarball) < MAX_BYTES, "the tarball without Grafana is "
                    + Files.size(tarball) + " bytes, over 60 MiB");
        }
    }
}
