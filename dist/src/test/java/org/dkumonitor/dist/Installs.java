package org.dkumonitor.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Unpacked bundles, installer runs and directory snapshots for the installer's ITs. */
final class Installs {

    private Installs() {
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
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/defaults.ini"), "[server]\n");
        Files.createDirectories(home.resolve("public"));
        Files.writeString(home.resolve("public/index.html"), "stand-in\n");
        Path executable = Files.createDirectories(home.resolve("bin")).resolve("grafana");
        Files.writeString(executable, """
                #!/bin/sh
                # stand-in for Grafana: records its arguments, environment and directory
                out="$(dirname "$0")/../started"
                printf '%s\\n' "$@" > "$out.args"
                env | sort > "$out.env"
                pwd > "$out.cwd"
                exec sleep 600
                """);
        Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    /** Every entry under {@code root}: a file by its sha256 and mode, a link by its target. */
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
                    entries.put(name, sha256(path) + " " + PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(path)));
                }
            }
        }
        return entries;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
