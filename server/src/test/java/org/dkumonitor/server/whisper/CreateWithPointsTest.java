package org.dkumonitor.server.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file made with its first points ({@link WhisperFile#createAndOpen(Path, List,
 * AggregationMethod, float, Allocation, SortedPoints, long)}, written from memory) has the bytes
 * of a file made empty and then updated with them, which the golden tests pin to python
 * whisper's.
 */
class CreateWithPointsTest {

    private static final long NOW = 1_700_000_000L;
    private static final List<Retention> SCHEMA = List.of(new Retention(10, 360),
            new Retention(60, 120), new Retention(600, 48));

    @Test
    void aFileMadeWithItsFirstPointsHasTheBytesOfOneMadeThenUpdated(@TempDir Path dir)
            throws IOException {
        Random random = new Random(21);
        for (int round = 0; round < 300; round++) {
            AggregationMethod method = AggregationMethod.values()[
                    random.nextInt(AggregationMethod.values().length)];
            float xFilesFactor = new float[] {0f, 0.1f, 0.5f, 1f}[random.nextInt(4)];
            SortedPoints points = randomPoints(random);
            Path made = dir.resolve("made/m" + round + ".wsp");
            Path updated = dir.resolve("updated/m" + round + ".wsp");
            WhisperFile.createAndOpen(made, SCHEMA, method, xFilesFactor, Allocation.RESERVE,
                    points, NOW).close();
            try (WhisperFile file = WhisperFile.createAndOpen(updated, SCHEMA, method,
                    xFilesFactor, Allocation.RESERVE)) {
                file.updateMany(points, NOW);
            }
            assertArrayEquals(Files.readAllBytes(updated), Files.readAllBytes(made),
                    "round " + round + ": " + method + " xff " + xFilesFactor + " "
                            + Arrays.toString(Arrays.copyOf(points.timestamps(),
                                    points.size())));
        }
    }

    @Test
    void theFileMadeKeepsTakingUpdatesAsAnyOther(@TempDir Path dir) throws IOException {
        Path made = dir.resolve("made.wsp");
        Path updated = dir.resolve("updated.wsp");
        SortedPoints first = new SortedPoints(new long[] {NOW - 600, NOW - 300, NOW - 60},
                new double[] {1, 2, 3}, 3);
        SortedPoints second = new SortedPoints(new long[] {NOW - 50, NOW - 40, NOW},
                new double[] {4, 5, 6}, 3);
        try (WhisperFile file = WhisperFile.createAndOpen(made, SCHEMA,
                AggregationMethod.AVERAGE, 0f, Allocation.RESERVE, first, NOW)) {
            file.updateMany(second, NOW);
        }
        try (WhisperFile file = WhisperFile.createAndOpen(updated, SCHEMA,
                AggregationMethod.AVERAGE, 0f, Allocation.RESERVE)) {
            file.updateMany(first, NOW);
            file.updateMany(second, NOW);
        }
        assertArrayEquals(Files.readAllBytes(updated), Files.readAllBytes(made));
    }

    @Test
    void refusesToMakeAFileOverAnExistingOneAndLeavesNothingBehind(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("taken.wsp");
        Files.writeString(file, "someone else's");
        SortedPoints points = new SortedPoints(new long[] {NOW - 10}, new double[] {1}, 1);
        WhisperException refused = assertThrows(WhisperException.class,
                () -> WhisperFile.createAndOpen(file, SCHEMA, AggregationMethod.SUM, 0.5f,
                        Allocation.RESERVE, points, NOW));
        assertEquals(refused.getMessage(), file + ": cannot create: the file exists already");
        assertEquals("someone else's", Files.readString(file));
        try (var entries = Files.list(dir)) {
            assertEquals(List.of(file), entries.toList(), "no other file left");
        }
    }

    @Test
    void aNewFileIsMadeWithoutANameWhereTheFileSystemAllows(@TempDir Path dir)
            throws IOException {
        // Linux with /proc (this project's machines): the unnamed way, else the temporary one
        NewFile made = NewFile.make(dir.resolve("a/b.wsp"));
        try {
            int probe = NativeFiles.openUnnamed(dir);
            if (probe >= 0) {
                NativeFiles.close(probe);
            }
            assertEquals(probe >= 0 ? NewFile.Unnamed.class : NewFile.Temporary.class,
                    made.getClass());
            try (var entries = Files.list(dir.resolve("a"))) {
                assertEquals(made instanceof NewFile.Unnamed ? 0 : 1, entries.count(),
                        "no name before it is complete (or only a hidden temporary one)");
            }
        } finally {
            made.discard();
        }
    }

    /** Points within the file's retention, some duplicated, some in the coarser archives. */
    private static SortedPoints randomPoints(Random random) {
        int count = 1 + random.nextInt(random.nextBoolean() ? 8 : 200);
        long[] timestamps = new long[count];
        double[] values = new double[count];
        long span = new long[] {600, 3600, 7200, 86_400}[random.nextInt(4)];
        for (int i = 0; i < count; i++) {
            timestamps[i] = NOW - random.nextLong(span);
            values[i] = random.nextInt(5) == 0 ? Double.NaN : random.nextInt(1000) / 8.0;
        }
        Arrays.sort(timestamps);
        return new SortedPoints(timestamps, values, count);
    }
}
