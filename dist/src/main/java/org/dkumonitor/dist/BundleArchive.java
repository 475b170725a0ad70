package org.dkumonitor.dist;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes the bundle as a reproducible tar.gz: entries in name order under one top directory,
 * owner 0:0, one fixed time, permission bits kept (launchers and runtime/bin executable),
 * symbolic links as links; the gzip header carries no time and no name.
 */
final class BundleArchive {

    private BundleArchive() {
    }

    static void write(Path bundle, String topDirectory, Path tarball, Instant timestamp)
            throws IOException {
        GzipParameters gzip = new GzipParameters();
        gzip.setCompressionLevel(9);
        gzip.setModificationTime(0);
        try (OutputStream raw = Files.newOutputStream(tarball);
                GzipCompressorOutputStream compressed = new GzipCompressorOutputStream(raw, gzip);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(bundle)) {
                files = walk.sorted().toList();
            }
            for (Path file : files) {
                String name = topDirectory + (file.equals(bundle) ? ""
                        : "/" + bundle.relativize(file).toString());
                tar.putArchiveEntry(entry(file, name, timestamp));
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(file, tar);
                }
                tar.closeArchiveEntry();
            }
        }
    }

    private static TarArchiveEntry entry(Path file, String name, Instant timestamp)
            throws IOException {
        TarArchiveEntry entry;
        if (Files.isSymbolicLink(file)) {
            entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(file).toString());
        } else if (Files.isDirectory(file)) {
            entry = new TarArchiveEntry(name + "/");
            entry.setMode(0040755);
        } else {
            entry = new TarArchiveEntry(name);
            entry.setSize(Files.size(file));
            entry.setMode(0100000 | mode(file));
        }
        entry.setModTime(Date.from(timestamp));
        entry.setIds(0, 0);
        entry.setNames("root", "root");
        return entry;
    }

    private static int mode(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file,
                LinkOption.NOFOLLOW_LINKS);
        return permissions.contains(PosixFilePermission.OWNER_EXECUTE) ? 0755 : 0644;
    }
}
