package org.dkumonitor.installer;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.layout.PortMap;

/** Requests, fake bundles and fake Grafana releases for the installer's tests. */
final class TestInstalls {

    static final InstallPlan.GrafanaSecrets SECRETS =
            new InstallPlan.GrafanaSecrets("admin-secret-1", "secret-key-2");
    static final InstallPlan.GottwallKeys GOTTWALL =
            new InstallPlan.GottwallKeys("gottwall-private-3", "default-public-4");

    private TestInstalls() {
    }

    /** A unix jimfs with POSIX permissions, as the installer's files need. */
    static FileSystem unixFileSystem() {
        return Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix").build());
    }

    static InstallRequest request(Path dataDir, InstallType type, Path bundle,
            Optional<GrafanaHome> grafana) {
        return new InstallRequest(new DataDir(dataDir), type, new PortMap(15000), "127.0.0.1",
                "127.0.0.1", "", "127.0.0.1", bundle, grafana, "127.0.0.1",
                type == InstallType.RELAY
                        ? List.of("10.0.0.1:15001:a", "10.0.0.2:15001:b") : List.of(),
                List.of());
    }

    /** A bundle with the launchers the links point at, and the built-in UI's directory. */
    static Path bundle(Path where) throws IOException {
        for (String launcher : InstallPlan.LAUNCHERS) {
            executable(where.resolve("bin").resolve(launcher), "#!/bin/sh\n");
        }
        Files.createDirectories(where.resolve(InstallPlan.BUILT_IN_UI));
        return where;
    }

    /** An unpacked Grafana release: conf/defaults.ini, public/, bin/{@code executable}. */
    static Path grafanaRelease(Path home, String executable) throws IOException {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/defaults.ini"), "[server]\n");
        Files.createDirectories(home.resolve("public/build"));
        executable(home.resolve("bin").resolve(executable), "#!/bin/sh\nexit 0\n");
        return home;
    }

    static void executable(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Every entry under {@code root}: files by content, links by target, directories. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return entries;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.toList()) {
                String name = root.relativize(path).toString();
                if (Files.isSymbolicLink(path)) {
                    entries.put(name, "-> " + Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path)) {
                    entries.put(name, "dir");
                } else {
                    entries.put(name, Files.readString(path) + " "
                            + PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
                }
            }
        }
        return entries;
    }
}
