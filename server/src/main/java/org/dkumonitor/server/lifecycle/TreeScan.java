package org.dkumonitor.server.lifecycle;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dkumonitor.server.metrics.MetricName;
import org.dkumonitor.server.whisper.WhisperFormat;

/**
 * Walks a whisper tree (or one subtree) for its metric files, as the API's tree shows them:
 * hidden names and the tagged series' {@code _tagged/} directory are left out. Also notes the
 * hidden temporary files ({@code .<name>.wsp.<pid>-<n>.tmp}) of processes no longer running:
 * what a crash during a create or a resize leaves. A long name is cut short in its temporary
 * name (NAME_MAX), {@code .wsp} with it, so the extension is not required there.
 */
final class TreeScan {

    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.(\\d+)-\\d+\\.tmp");

    /** One metric file: its name, path and last modification (epoch seconds). */
    record Entry(String metric, Path path, long modified) {
    }

    /** The files found, and the temporary files that no running process owns. */
    record Result(List<Entry> files, List<Path> staleTemporaries) {
    }

    private TreeScan() {
    }

    /**
     * The metric files under {@code root}, or those whose names start with the nodes of
     * {@code prefix} (dotted: the directory of all but its last node is walked, so that both the
     * metric {@code a.b} and everything below the branch {@code a.b} are found).
     */
    static Result scan(Path root, String prefix) throws IOException {
        List<Entry> files = new ArrayList<>();
        List<Path> stale = new ArrayList<>();
        Path start = start(root, prefix);
        if (!Files.isDirectory(start)) {
            return new Result(files, stale);
        }
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (dir.equals(start)) {
                    return FileVisitResult.CONTINUE;
                }
                String name = dir.getFileName().toString();
                boolean tagged = dir.getParent().equals(root)
                        && name.equals(MetricName.TAGGED_DIRECTORY);
                return name.startsWith(".") || tagged
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String name = file.getFileName().toString();
                if (!attributes.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                if (name.startsWith(".")) {
                    Matcher temporary = TEMPORARY.matcher(name);
                    if (temporary.matches() && !alive(Long.parseLong(temporary.group(1)))) {
                        stale.add(file);
                    }
                } else if (name.endsWith(WhisperFormat.EXTENSION)
                        && name.length() > WhisperFormat.EXTENSION.length()) {
                    files.add(new Entry(metricName(root, file), file,
                            attributes.lastModifiedTime().toInstant().getEpochSecond()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // vanished meanwhile
            }
        });
        return new Result(files, stale);
    }

    private static Path start(Path root, String prefix) {
        Path start = root;
        if (prefix != null && !prefix.isEmpty()) {
            String[] nodes = prefix.split("\\.");
            for (int i = 0; i < nodes.length - 1; i++) {
                start = start.resolve(nodes[i]);
            }
        }
        return start;
    }

    static String metricName(Path root, Path file) {
        StringBuilder name = new StringBuilder();
        for (Path node : root.relativize(file)) {
            if (!name.isEmpty()) {
                name.append('.');
            }
            name.append(node);
        }
        return name.substring(0, name.length() - WhisperFormat.EXTENSION.length());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).isPresent();
    }
}
