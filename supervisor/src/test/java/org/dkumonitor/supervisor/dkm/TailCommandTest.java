package org.dkumonitor.supervisor.dkm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailCommandTest {

    @TempDir
    Path dir;

    private List<String> tail(String content, int count) throws IOException {
        Path log = dir.resolve("p.log");
        Files.writeString(log, content);
        return TailCommand.lastLines(log, count);
    }

    @Test
    void givesTheLastLinesWithOrWithoutAFinalNewline() throws IOException {
        assertEquals(List.of("b", "c"), tail("a\nb\nc\n", 2));
        assertEquals(List.of("b", "c"), tail("a\nb\nc", 2));
    }

    @Test
    void givesTheWholeFileWhenItHasFewerLines() throws IOException {
        assertEquals(List.of("a", "b"), tail("a\nb\n", 10));
        assertEquals(List.of(), tail("", 10));
        assertEquals(List.of(), TailCommand.lastLines(dir.resolve("missing.log"), 10));
    }

    @Test
    void findsLinesAcrossReadBlocks() throws IOException {
        String content = IntStream.range(0, 20_000).mapToObj(i -> "line " + i)
                .collect(Collectors.joining("\n", "", "\n"));

        assertEquals(List.of("line 19997", "line 19998", "line 19999"), tail(content, 3));
        assertEquals(1500, tail(content, 1500).size());
        assertEquals("line 18500", tail(content, 1500).get(0));
    }
}
