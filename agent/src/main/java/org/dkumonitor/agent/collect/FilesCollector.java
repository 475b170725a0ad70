package org.dkumonitor.agent.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
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

    private void collect(FileGlob glob, Instant now, MetricSink sink) {
        PathMatcher matcher = fileSystem.getPathMatcher("glob:" + glob.glob());
        Path base = fileSystem.getPath(glob.baseDirectory());
        long count = 0;
        long bytes = 0;
        long newestMillis = Long.MIN_VALUE;
        long newestSize = 0;
        if (Files.isDirectory(base)) {
            int depth = glob.crossesDirectories() ? Integer.MAX_VALUE : 1;
            try (Stream<Path> found = Files.find(base, depth,
                    (path, attributes) -> attributes.isRegularFile() && matcher.matches(path))) {
                for (Path path : (Iterable<Path>) found::iterator) {
                    BasicFileAttributes attributes;
                    try {
                        attributes = Files.readAttributes(path, BasicFileAttributes.class);
                    } catch (IOException e) {
                        continue; // deleted since it was listed
                    }
                    count++;
                    bytes += attributes.size();
                    long modified = attributes.lastModifiedTime().toMillis();
                    if (modified > newestMillis) {
                        newestMillis = modified;
                        newestSize = attributes.size();
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                throw new CollectionException("files: cannot list " + base + " for '"
                        + glob.name() + "': " + e.getMessage());
            }
        }
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
