package org.dkumonitor.installer;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.layout.PortMap;
import org.dkumonitor.testkit.Installs;

/**
 * Requests and fake bundles for the installer's tests; snapshots, executables and Grafana
 * releases are testkit's {@link Installs}, shared with the bundle's end-to-end tests.
 */
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
                List.of(), Optional.empty());
    }

    /** A bundle with the launchers the links point at, and the built-in UI's directory. */
    static Path bundle(Path where) throws IOException {
        for (String launcher : InstallPlan.LAUNCHERS) {
            Installs.executable(where.resolve("bin").resolve(launcher), "#!/bin/sh\n");
        }
        Files.createDirectories(where.resolve(InstallPlan.BUILT_IN_UI));
        return where;
    }
}
