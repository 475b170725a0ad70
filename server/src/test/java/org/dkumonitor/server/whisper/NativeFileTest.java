package org.dkumonitor.server.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persister's descriptor-based handle writes exactly what a channel writes. */
class NativeFileTest {

    private static final long NOW = 1_700_000_000L;
    private static final List<Retention> ARCHIVES = List.of(new Retention(10, 20_000),
            new Retention(60, 6000), new Retention(3600, 200));

    @Test
    void opensOnThisLinuxFileSystem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.wsp");
        WhisperFile.create(file, ARCHIVES, AggregationMethod.AVERAGE, 0.5f, false);
        try (NativeFile opened = NativeFile.open(file)) {
            assertTrue(opened != null && opened != NativeFile.UNAVAILABLE,
                    "a descriptor on the default file system of Linux");
            assertEquals(Files.size(file), opened.size());
        }
    }

    @Test
    void answersNullForAMissingFileInsteadOfThrowing(@TempDir Path dir) {
        assertNull(WhisperFile.openForUpdate(dir.resolve("missing/b.wsp")));
        assertNull(WhisperFile.openForUpdate(dir.resolve("b.wsp")));
    }

    @Test
    void writesTheSameBytesAsAChannelForSmallAndLargeBatches(@TempDir Path dir)
            throws IOException {
        for (int count : new int[] {1, 3, 7, 12_000}) {
            Path viaChannel = dir.resolve("channel-" + count + ".wsp");
            Path viaDescriptor = dir.resolve("descriptor-" + count + ".wsp");
            WhisperFile.create(viaChannel, ARCHIVES, AggregationMethod.SUM, 0.5f, false);
            WhisperFile.create(viaDescriptor, ARCHIVES, AggregationMethod.SUM, 0.5f, false);
            for (int round = 0; round < 3; round++) {
                SortedPoints points = points(count, NOW + round * 7L * count);
                long now = NOW + round * 7L * count + 10L * count;
                try (WhisperFile file = WhisperFile.open(viaChannel, true)) {
                    file.updateMany(points, now);
                }
                try (WhisperFile file = WhisperFile.openForUpdate(viaDescriptor)) {
                    file.updateMany(points, now);
                    FetchResult fetched = file.fetch(now - 3000, now, now);
                    try (WhisperFile reference = WhisperFile.open(viaChannel, false)) {
                        assertEquals(reference.fetch(now - 3000, now, now), fetched);
                    }
                }
            }
            assertArrayEquals(Files.readAllBytes(viaChannel), Files.readAllBytes(viaDescriptor),
                    count + " points a batch");
        }
    }

    @Test
    void refusesATruncatedFileAsAChannelDoes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("short.wsp");
        Files.write(file, new byte[10]);
        WhisperException e = assertThrows(WhisperException.class,
                () -> WhisperFile.openForUpdate(file));
        assertTrue(e.getMessage().contains("not a whisper file"), e.getMessage());
    }

    @Test
    void aFailedOpenSaysWhy(@TempDir Path dir) throws IOException {
        Path directory = dir.resolve("dir.wsp");
        Files.createDirectory(directory);
        WhisperException e = assertThrows(WhisperException.class,
                () -> WhisperFile.openForUpdate(directory));
        assertTrue(e.getMessage().contains(directory.toString()), e.getMessage());
    }

    private static SortedPoints points(int count, long first) {
        long[] timestamps = new long[count];
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            timestamps[i] = first + 10L * i + (i % 3);
            values[i] = i * 1.5;
        }
        return new SortedPoints(timestamps, values, count);
    }
}
