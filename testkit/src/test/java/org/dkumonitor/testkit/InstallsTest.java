package org.dkumonitor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallsTest {

    @TempDir
    Path dir;

    @Test
    void aSnapshotShowsFilesByContentAndModeLinksByTargetAndDirectories() throws IOException {
        Path root = Files.createDirectories(dir.resolve("install"));
        Installs.executable(root.resolve("bin/run"), "#!/bin/sh\n");
        Files.createSymbolicLink(root.resolve("link"), Path.of("bin/run"));
        Map<String, String> snapshot = Installs.snapshot(root);

        assertEquals("dir", snapshot.get(""));
        assertEquals("dir", snapshot.get("bin"));
        assertEquals("-> bin/run", snapshot.get("link"));
        assertEquals(Installs.sha256(root.resolve("bin/run")) + " rwxr-xr-x",
                snapshot.get("bin/run"));
        assertEquals(3 + 1, snapshot.size());
    }

    @Test
    void aSnapshotChangesWithAFilesContentOrMode() throws IOException {
        Path file = Installs.executable(dir.resolve("bin/run"), "one\n");
        Map<String, String> before = Installs.snapshot(dir);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, String> chmodded = Installs.snapshot(dir);
        Files.writeString(file, "two\n");
        assertNotEquals(before, chmodded);
        assertNotEquals(chmodded, Installs.snapshot(dir));
    }

    @Test
    void aMissingRootHasAnEmptySnapshot() throws IOException {
        assertEquals(Map.of(), Installs.snapshot(dir.resolve("none")));
    }

    @Test
    void sha256IsTheFilesDigestInHex() throws IOException {
        Path file = Files.writeString(dir.resolve("abc"), "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Installs.sha256(file));
    }

    @Test
    void aGrafanaReleaseHasItsConfigPublicFilesAndExecutable() throws IOException {
        Path home = Installs.grafanaRelease(dir.resolve("grafana"), "grafana-server",
                "#!/bin/sh\nexit 0\n");
        assertTrue(Files.isRegularFile(home.resolve("conf/defaults.ini")));
        assertTrue(Files.isDirectory(home.resolve("public/build")));
        assertTrue(Files.isExecutable(home.resolve("bin/grafana-server")));
    }
}
