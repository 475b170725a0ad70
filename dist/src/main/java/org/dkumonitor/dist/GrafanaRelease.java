package org.dkumonitor.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a Grafana release tarball ({@code grafana-VERSION.linux-amd64.tar.gz}, one top
 * directory) into the bundle's {@code grafana/}, without that top directory: directories,
 * files with their execute bit, and symbolic links that stay inside the release. An entry
 * that would land outside {@code grafana/} is an error, not skipped.
 */
final class GrafanaRelease {

    private GrafanaRelease() {
    }

    /** Unpacks {@code tarball} into {@code target}; returns the number of files. */
    static int unpack(Path tarball, Path target) throws IOException {
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalArgumentException("--grafana " + tarball + " is not a file; give"
                    + " a Grafana release tarball such as grafana-12.3.0.linux-amd64.tar.gz");
        }
        Files.createDirectories(target);
        int files = 0;
        try (InputStream raw = Files.newInputStream(tarball);
                GzipCompressorInputStream gzip = new GzipCompressorInputStream(raw);
                TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = withoutTopDirectory(entry.getName());
                if (name.isEmpty()) {
                    continue;
                }
                Path destination = target.resolve(name).normalize();
                if (!destination.startsWith(target)) {
                    throw new IllegalArgumentException(tarball + ": entry " + entry.getName()
                            + " would be written outside grafana/; this is no Grafana release");
                }
                Files.createDirectories(destination.getParent());
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else if (entry.isSymbolicLink()) {
                    Path link = destination.getParent().resolve(entry.getLinkName()).normalize();
                    if (!link.startsWith(target)) {
                        throw new IllegalArgumentException(tarball + ": link " + entry.getName()
                                + " points outside the release");
                    }
                    Files.deleteIfExists(destination);
                    Files.createSymbolicLink(destination, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.copy(tar, destination, StandardCopyOption.REPLACE_EXISTING);
                    boolean executable = (entry.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(destination, PosixFilePermissions.fromString(
                            executable ? "rwxr-xr-x" : "rw-r--r--"));
                    files++;
                }
            }
        }
        requireRelease(tarball, target);
        return files;
    }

    private static String withoutTopDirectory(String name) {
        String trimmed = name.startsWith("./") ? name.substring(2) : name;
        int slash = trimmed.indexOf('/');
        return slash < 0 ? "" : trimmed.substring(slash + 1);
    }

    private static void requireRelease(Path tarball, Path home) {
        boolean executable = Files.isExecutable(home.resolve("bin/grafana"))
                || Files.isExecutable(home.resolve("bin/grafana-server"));
        if (!executable || !Files.isRegularFile(home.resolve("conf/defaults.ini"))
                || !Files.isDirectory(home.resolve("public"))) {
            throw new UncheckedIOException(new IOException(tarball + " is not a Grafana release:"
                    + " it lacks bin/grafana (or bin/grafana-server), conf/defaults.ini or"
                    + " public/"));
        }
    }
}
