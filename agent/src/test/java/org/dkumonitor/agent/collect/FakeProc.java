package org.dkumonitor.agent.collect;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A /proc tree in memory (jimfs) that tests fill with the kernel's text formats. */
final class FakeProc {

    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    private final Path root = fs.getPath("/proc");

    ProcFiles files() {
        return new ProcFiles(root);
    }

    FakeProc write(String relative, String text) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    FakeProc delete(String relative) {
        try {
            Path path = root.resolve(relative);
            if (Files.isDirectory(path)) {
                try (var walk = Files.walk(path)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            } else {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Runs one collection and returns what it put, by path. */
    static Map<String, Double> collect(Collector collector, Instant now) {
        Map<String, Double> values = new TreeMap<>();
        collector.collect(now, (path, value) -> {
            if (!Double.isFinite(value)) {
                throw new AssertionError("non-finite value put for " + path);
            }
            if (values.put(path, value) != null) {
                throw new AssertionError("path put twice in one round: " + path);
            }
        });
        return values;
    }
}
