package org.dkumonitor.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.testkit.Installs;

/**
 * The bundle the build made, unpacked and its installer run, for the ITs; snapshots of what an
 * install leaves are testkit's {@link Installs}, shared with the installer's own tests.
 */
final class Bundles {

    private Bundles() {
    }

    /** Unpacks the tarball the build made into {@code parent}/{@code name}. */
    static Path unpack(Path parent, String name) throws IOException, InterruptedException {
        Path tarball = Path.of(System.getProperty("dkm.tarball"));
        assertTrue(Files.isRegularFile(tarball), "no tarball at " + tarball);
        Path into = Files.createDirectories(parent.resolve(name));
        Command untar = Command.run("tar", "xzf", tarball.toString(), "-C", into.toString(),
                "--strip-components=1");
        assertEquals(0, untar.exitCode(), untar.toString());
        return into;
    }

    static Command installer(Path bundle, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(bundle.resolve("installer").toString());
        command.addAll(List.of(arguments));
        return Command.run(command.toArray(String[]::new));
    }

    /** A stand-in Grafana release: bin/grafana records how it was started, then waits. */
    static Path standInGrafana(Path home) throws IOException {
        return Installs.grafanaRelease(home, "grafana", """
                #!/bin/sh
                # stand-in for Grafana: records its arguments, environment and directory
                out="$(dirname "$0")/../started"
                printf '%s\\n' "$@" > "$out.args"
                env | sort > "$out.env"
                pwd > "$out.cwd"
                exec sleep 600
                """);
    }
}
