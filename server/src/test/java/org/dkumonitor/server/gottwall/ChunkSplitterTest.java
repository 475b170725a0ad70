package org.dkumonitor.server.gottwall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkSplitterTest {

    /** What the splitter handed over, as text: messages, and "overlong N" for skipped ones. */
    private static final class Seen implements ChunkSplitter.Handler {
        final List<String> events = new ArrayList<>();

        @Override
        public void message(byte[] bytes, int from, int to) {
            events.add(new String(bytes, from, to - from, StandardCharsets.UTF_8));
        }

        @Override
        public void overlong(long length) {
            events.add("overlong " + length);
        }
    }

    private static List<String> oneByteAtATime(String stream, int max) {
        ChunkSplitter splitter = new ChunkSplitter(max);
        Seen seen = new Seen();
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            splitter.feed(bytes, i, 1, seen);
        }
        return seen.events;
    }

    @Test
    void handsOverEachMessageOnceItsDelimiterArrives() {
        assertEquals(List.of("{\"a\": 1}", "{\"b\": 2}"),
                oneByteAtATime("{\"a\": 1}--chunk--{\"b\": 2}--chunk--{\"c\"", 1024));
        assertEquals(List.of("x", "y"), oneByteAtATime("--chunk--x--chunk----chunk--y--chunk--",
                1024), "empty pieces are skipped");
        assertEquals(List.of("a-b--c---", "d"), oneByteAtATime("a-b--c-----chunk--d--chunk--",
                1024));
    }

    @Test
    void keepsTheIncompleteTailPending() {
        ChunkSplitter splitter = new ChunkSplitter(1024);
        Seen seen = new Seen();
        byte[] bytes = "{\"a\": 1}--chunk--{\"b\": 2}--chu".getBytes(StandardCharsets.UTF_8);
        splitter.feed(bytes, 0, bytes.length, seen);
        assertEquals(List.of("{\"a\": 1}"), seen.events);
        assertEquals(13, splitter.pending());
    }

    @Test
    void skipsAMessageLongerThanTheLimitAndGoesOn() {
        String big = "x".repeat(5000);
        assertEquals(List.of("a", "overlong 5000", "b"), oneByteAtATime("a--chunk--" + big
                + "--chunk--b--chunk--", 1024));
        ChunkSplitter splitter = new ChunkSplitter(1024);
        Seen seen = new Seen();
        byte[] block = "y".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 160; i++) { // 10 MiB without a delimiter
            splitter.feed(block, 0, block.length, seen);
        }
        assertEquals(List.of(), seen.events);
        assertEquals(160L * block.length, splitter.pending());
        byte[] end = "--chunk--z--chunk--".getBytes(StandardCharsets.US_ASCII);
        splitter.feed(end, 0, end.length, seen);
        assertEquals(List.of("overlong " + 160L * block.length, "z"), seen.events);
    }

    @Test
    void splitsTheSameWhateverTheReadsAre() throws IOException {
        Random random = new Random(18);
        StringBuilder stream = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String message = "{\"n\": \"m" + i + "-" + "-".repeat(random.nextInt(5)) + "\"}";
            expected.add(message);
            stream.append(message).append("--chunk--");
        }
        byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 5; round++) {
            ChunkSplitter splitter = new ChunkSplitter(1024);
            Seen seen = new Seen();
            ByteArrayInputStream in = new ByteArrayInputStream(bytes) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, 1 + random.nextInt(700)));
                }
            };
            while (splitter.readFrom(in, seen) >= 0) {
                // until the end
            }
            assertEquals(expected, seen.events);
            assertEquals(0, splitter.pending());
        }
    }
}
