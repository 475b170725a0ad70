package org.dkumonitor.agent.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A /proc tree that tests fill with the kernel's text formats: a real directory under the
 * build's {@code target/}, since {@link ProcFiles} reads through java.io as it reads the real
 * /proc.
 */
final class FakeProc {

    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private final Path root;

    FakeProc() {
        try {
            Path parent = Files.createDirectories(Path.of("target", "fake-proc"));
            root = Files.createTempDirectory(parent, "proc").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ProcFiles files() {
        return new ProcFiles(root.toFile());
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
