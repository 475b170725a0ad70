package org.dkumonitor.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Makes the bundle {@code dkumonitor-VERSION/} and its tarball beside it:
 *
 * <pre>
 * installer            the installer's launcher
 * bin/                 dkm, dkmadmin, dkm-server, dkm-agent, dkm-supervisor launchers
 * lib/                 the jars, and launcher.sh which the launchers source
 * runtime/             a jlink Java runtime: the target host needs no Java
 * ui/                  the built-in UI's files, which an install's static/ links to
 * grafana/             a Grafana release, with --grafana=TARBALL only
 * VERSION
 * </pre>
 *
 * Run by the dist module's package phase (and by {@code ./make-package --skip-build}) with
 * {@code --version= --jars= --launchers= --out= --timestamp= --skip-archive=} and an optional
 * {@code --grafana=TARBALL}. The tarball is reproducible: the same inputs give the same bytes.
 */
public final class Packager {

    private Packager() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        String version = required(options, "version");
        Path jars = Path.of(required(options, "jars"));
        Path launchers = Path.of(required(options, "launchers"));
        Path out = Path.of(required(options, "out"));
        Instant timestamp = Instant.parse(required(options, "timestamp"));
        boolean skipArchive = Boolean.parseBoolean(options.getOrDefault("skip-archive", "false"));
        String grafana = options.getOrDefault("grafana", "").strip();

        String name = "dkumonitor-" + version;
        Path bundle = out.resolve(name);
        say("Packaging " + name + " into " + bundle);
        deleteTree(bundle);
        Files.createDirectories(bundle);

        say("  runtime/: jlink " + String.join(",", RuntimeImage.MODULES));
        RuntimeImage.link(bundle.resolve("runtime"));
        say("  lib/: " + copyJars(jars, bundle.resolve("lib")) + " jars");
        say("  launchers: " + copyLaunchers(launchers, bundle));
        say("  ui/: " + BuiltInUi.write(bundle.resolve("lib"), bundle.resolve("ui"))
                + " built-in UI files");
        if (!grafana.isEmpty()) {
            say("  grafana/: " + GrafanaRelease.unpack(Path.of(grafana).toAbsolutePath(),
                    bundle.resolve("grafana")) + " files from " + grafana);
        }
        Files.writeString(bundle.resolve("VERSION"), version + "\n");
        touchAll(bundle, timestamp);
        say("  bundle: " + megabytes(sizeOf(bundle)));

        if (skipArchive) {
            say("Skipped the archive (--skip-archive)");
            return;
        }
        Path tarball = out.resolve(name + ".tar.gz");
        say("Archiving " + tarball);
        BundleArchive.write(bundle, name, tarball, timestamp);
        say("Wrote " + tarball + " (" + megabytes(Files.size(tarball)) + ", "
                + Files.size(tarball) + " bytes)");
    }

    private static int copyJars(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        List<Path> jars;
        try (Stream<Path> files = Files.list(from)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        for (Path jar : jars) {
            Files.copy(jar, to.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        return jars.size();
    }

    /** Copies the launcher tree; every file under a bin/ or at the top is made executable. */
    private static String copyLaunchers(Path from, Path bundle) throws IOException {
        StringBuilder names = new StringBuilder();
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                Path relative = from.relativize(file);
                Path target = bundle.resolve(relative.toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                boolean executable = relative.getNameCount() == 1
                        || relative.getName(0).toString().equals("bin");
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(
                        executable ? "rwxr-xr-x" : "rw-r--r--"));
                names.append(names.isEmpty() ? "" : " ").append(relative);
            }
        }
        return names.toString();
    }

    /** Same modification time everywhere, so that the tarball is the same for the same input. */
    private static void touchAll(Path bundle, Instant timestamp) throws IOException {
        try (Stream<Path> files = Files.walk(bundle)) {
            for (Path file : files.toList()) {
                if (!Files.isSymbolicLink(file)) {
                    Files.setLastModifiedTime(file, FileTime.from(timestamp));
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static long sizeOf(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            long total = 0;
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                total += Files.size(file);
            }
            return total;
        }
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("expected --name=value, found " + arg);
            }
            options.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + "= is required");
        }
        return value;
    }

    private static void say(String line) {
        System.out.println("[make-package] " + line);
        System.out.flush();
    }
}
