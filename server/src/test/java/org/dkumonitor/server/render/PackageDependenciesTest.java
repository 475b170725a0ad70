package org.dkumonitor.server.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which render packages may not name which: the output formats, graphs and tags take series
 * and Python's behaviours, not the function library; the Python helpers depend on no render
 * package. Read from the sources, so a new import or fully qualified name fails here.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/org/dkumonitor/server");

    @ParameterizedTest
    @CsvSource({"render/format, org.dkumonitor.server.render.functions",
        "render/graph, org.dkumonitor.server.render.functions",
        "render/tags, org.dkumonitor.server.render.functions",
        "python, org.dkumonitor.server.render"})
    void packageDoesNotNameAnother(String dir, String forbidden) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(SOURCES.resolve(dir))) {
            files = listing.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertTrue(files.size() > 2, "no sources found in " + SOURCES.resolve(dir));
        List<String> offenders = files.stream().filter(f -> read(f).contains(forbidden + "."))
                .map(f -> f.getFileName().toString()).toList();
        assertEquals(List.of(), offenders, dir + " names " + forbidden);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
