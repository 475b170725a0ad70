package org.dkumonitor.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class GrafanaReleaseTest {

    @TempDir
    Path work;

    @Test
    void unpacksTheReleaseWithoutItsTopDirectoryKeepingExecutables() throws IOException {
        Path tarball = tarball("grafana-v12.3.0/", new String[][] {
            {"conf/defaults.ini", "[server]\n", "644"},
            {"public/build/app.js", "x", "644"},
            {"bin/grafana", "#!/bin/sh\n", "755"}});

        int files = GrafanaRelease.unpack(tarball, work.resolve("bundle/grafana"));

        assertEquals(3, files);
        Path home = work.resolve("bundle/grafana");
        assertTrue(Files.isExecutable(home.resolve("bin/grafana")));
        assertFalse(Files.isExecutable(home.resolve("conf/defaults.ini")));
        assertEquals("x", Files.readString(home.resolve("public/build/app.js")));
    }

    @Test
    void refusesAnEntryThatEscapesTheTarget() throws IOException {
        Path tarball = tarball("grafana/", new String[][] {{"../../evil", "x", "644"}});

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> GrafanaRelease.unpack(tarball, work.resolve("bundle/grafana")));
        assertTrue(refused.getMessage().contains("would be written outside grafana/"),
                refused.getMessage());
        assertFalse(Files.exists(work.resolve("evil")));
    }

    @Test
    void refusesATarballThatIsNoGrafanaRelease() throws IOException {
        Path tarball = tarball("something/", new String[][] {{"README", "hi", "644"}});

        Exception refused = assertThrows(RuntimeException.class,
                () -> GrafanaRelease.unpack(tarball, work.resolve("bundle/grafana")));
        assertTrue(refused.getMessage().contains("is not a Grafana release"),
                refused.getMessage());
    }

    private Path tarball(String top, String[][] entries) throws IOException {
        Path tarball = work.resolve("release.tar.gz");
        try (OutputStream raw = Files.newOutputStream(tarball);
                GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(raw);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.putArchiveEntry(new TarArchiveEntry(top));
            tar.closeArchiveEntry();
            for (String[] entry : entries) {
                byte[] content = entry[1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry file = new TarArchiveEntry(top + entry[0]);
                file.setSize(content.length);
                file.setMode(0100000 | Integer.parseInt(entry[2], 8));
                tar.putArchiveEntry(file);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return tarball;
    }
}
