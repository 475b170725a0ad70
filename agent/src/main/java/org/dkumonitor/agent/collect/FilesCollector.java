package org.dkumonitor.agent.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.dkumonitor.agent.naming.MetricPaths;

/**
 * Backup monitoring: per named glob of {@code agent.yaml}'s {@code files}, the regular files that
 * match it, as {@code filecount.<name>.files} (how many) and {@code filecount.<name>.bytes}
 * (their total size), the names collectd's filecount plugin uses, and
 * {@code filecount.<name>.newest_age} (seconds since the newest one was last modified) and
 * {@code filecount.<name>.newest_size} (its bytes). A glob that matches nothing, or whose
 * directory does not exist, sends 0 files and 0 bytes and no newest_* (so a graph of the age
 * shows the gap, and an alert on files = 0 fires).
 */
public final class FilesCollector implements Collector {

    private final FileSystem fileSystem;
    private final List<FileGlob> globs;

    public FilesCollector(FileSystem fileSystem, List<FileGlob> globs) {
        this.fileSystem = fileSystem;
        this.globs = List.copyOf(globs);
    }

    @Override
    public String name() {
        return "files";
    }

    @Override
    public void collect(Instant now, MetricSink sink) {
        for (FileGlob glob : globs) {
            collect(glob, now, sink);
        }
    }

    /** What a walk found: the matching regular files' count, bytes and newest one. */
    private static final class Found extends SimpleFileVisitor<Path> {

        private final PathMatcher matcher;
        long count;
        long bytes;
        long newestMillis = Long.MIN_VALUE;
        long newestSize;

        Found(PathMatcher matcher) {
            this.matcher = matcher;
        }

        @Override
        public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) {
            if (attributes.isRegularFile() && matcher.matches(path)) {
                count++;
                bytes += attributes.size();
                long modified = attributes.lastModifiedTime().toMillis();
                if (modified > newestMillis) {
                    newestMillis = modified;
                    newestSize = attributes.size();
                }
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path path, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE; // deleted since it was listed
            }
            throw e;
        }
    }

    private void collect(FileGlob glob, Instant now, MetricSink sink) {
        PathMatcher matcher = fileSystem.getPathMatcher("glob:" + glob.glob());
        Path base = fileSystem.getPath(glob.baseDirectory());
        Found found = new Found(matcher);
        if (Files.isDirectory(base)) {
            int depth = glob.crossesDirectories() ? Integer.MAX_VALUE : 1;
            try {
                Files.walkFileTree(base, EnumSet.noneOf(FileVisitOption.class), depth, found);
            } catch (IOException | UncheckedIOException e) {
                throw new CollectionException("files: cannot list " + base + " for '"
                        + glob.name() + "': " + e.getMessage());
            }
        }
        long count = found.count;
        long bytes = found.bytes;
        long newestMillis = found.newestMillis;
        long newestSize = found.newestSize;
        String path = "filecount." + MetricPaths.escapeNode(glob.name());
        sink.put(path + ".files", count);
        sink.put(path + ".bytes", bytes);
        if (count > 0) {
            sink.put(path + ".newest_age",
                    Math.max(0, (now.toEpochMilli() - newestMillis) / 1000.0));
            sink.put(path + ".newest_size", newestSize);
        }
    }
}
