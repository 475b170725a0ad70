package org.dkumonitor.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Install directories for the installer's tests, in-process (on jimfs) and end to end (the
 * real bundle): snapshots that show whether a run changed anything, executables, and a Grafana
 * release's layout as the installer recognises it.
 */
public final class Installs {

    private Installs() {
    }

    /**
     * Every entry under {@code root}, by its path relative to it: a file by its sha256 and mode,
     * a link by its target, a directory as "dir". Empty when {@code root} does not exist.
     */
    public static Map<String, String> snapshot(Path root) throws IOException {
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

    /** The file's sha256, in hex. */
    public static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code content} to {@code file} (its directories made), mode rwxr-xr-x. */
    public static Path executable(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** A Grafana release whose bin/{@code executable} exits 0 (see the other overload). */
    public static Path grafanaRelease(Path home, String executable) throws IOException {
        return grafanaRelease(home, executable, "#!/bin/sh\nexit 0\n");
    }

    /**
     * An unpacked Grafana release at {@code home}, as the installer recognises one:
     * conf/defaults.ini, public/ (index.html, build/) and bin/{@code executable} running
     * {@code script}.
     */
    public static Path grafanaRelease(Path home, String executable, String script)
            throws IOException {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/defaults.ini"), "[server]\n");
        Files.createDirectories(home.resolve("public/build"));
        Files.writeString(home.resolve("public/index.html"), "stand-in\n");
        executable(home.resolve("bin").resolve(executable), script);
        return home;
    }
}
