package org.dkumonitor.server.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.dkumonitor.server.metrics.TaggedNameLog;
import org.dkumonitor.server.schema.StorageAggregation;
import org.dkumonitor.server.schema.StorageSchemas;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;
import org.dkumonitor.server.whisper.SortedPoints;
import org.dkumonitor.server.whisper.WhisperFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layout a writer keeps of a file between two writes (header, bases, inode and size) is
 * used only while the file at the metric's path is still that one.
 */
class WhisperWriterLayoutTest {

    private static final long NOW = 1_700_000_040L;
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochSecond(NOW));
    private static final StorageSchemas SCHEMAS = StorageSchemas.parse("s.conf",
            "[all]\npattern = .\nretentions = 10s:1h,1m:1d\n");
    private static final StorageAggregation AGGREGATION = StorageAggregation.parse("a.conf",
            "[all]\npattern = .\naggregationMethod = average\nxFilesFactor = 0\n");

    @TempDir
    Path root;

    private WhisperWriter writer() {
        return new WhisperWriter(new WhisperSettings(root, () -> SCHEMAS, () -> AGGREGATION,
                CLOCK, false, 8), new PersistStats(), new TaggedNameLog(root),
                CreateGate.ALWAYS);
    }

    private static SortedPoints point(long timestamp, double value) {
        return new SortedPoints(new long[] {timestamp}, new double[] {value}, 1);
    }

    private double[] fetch(Path file, long from) {
        try (WhisperFile whisper = WhisperFile.open(file, false)) {
            return whisper.fetch(from, NOW, NOW).values();
        }
    }

    @Test
    void theNextWriteUsesTheKeptLayoutWithoutReadingTheHeaderAndLandsInTheSameFile()
            throws Exception {
        WhisperWriter writer = writer();
        writer.write("a.b", point(NOW - 20, 1), null);
        WhisperFile.Layout layout = writer.lastLayout();
        assertNotNull(layout, "a local file system tells inode and size");
        writer.forget("a.b"); // closed: the next write opens it again
        writer.write("a.b", point(NOW - 10, 2), layout);
        assertTrue(writer.lastLayout() == layout, "the same layout, kept");
        assertArrayEquals(new double[] {1, 2, Double.NaN},
                fetch(root.resolve("a/b.wsp"), NOW - 30));
    }

    @Test
    void aFileReplacedByHandWithAnotherLayoutIsReadAfreshNotWrittenThroughTheOldOne()
            throws Exception {
        WhisperWriter writer = writer();
        writer.write("a.b", point(NOW - 20, 1), null);
        WhisperFile.Layout old = writer.lastLayout();
        writer.forget("a.b");
        // as whisper-resize or a restore would: another file moved over the name
        Path other = root.resolve("a/b.wsp.new");
        WhisperFile.create(other, List.of(new Retention(1, 600), new Retention(60, 1440)),
                AggregationMethod.AVERAGE, 0, true);
        Files.move(other, root.resolve("a/b.wsp"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        writer.write("a.b", point(NOW - 10, 2), old);
        assertFalse(writer.lastLayout() == old, "read afresh");
        try (WhisperFile file = WhisperFile.open(root.resolve("a/b.wsp"), false)) {
            assertTrue(file.header().archives().getFirst().secondsPerPoint() == 1);
            double[] values = file.fetch(NOW - 11, NOW - 9, NOW).values();
            assertArrayEquals(new double[] {2, Double.NaN}, values,
                    "written at its place in the new file's one-second archive");
        }
    }

    @Test
    void aFileReplacedByOneOfTheSameSizeIsKnownByItsInodeAndReadAfresh() throws Exception {
        WhisperWriter writer = writer();
        writer.write("a.b", point(NOW - 600, 1), null);
        WhisperFile.Layout old = writer.lastLayout();
        writer.forget("a.b");
        // the same rules, so the same size, but another base: the kept one would misplace
        Path other = root.resolve("a/b.wsp.new");
        try (WhisperFile made = WhisperFile.createAndOpen(other,
                List.of(new Retention(10, 360), new Retention(60, 1440)),
                AggregationMethod.AVERAGE, 0, true)) {
            made.updateMany(point(NOW - 30, 7), NOW);
        }
        assertEquals(Files.size(root.resolve("a/b.wsp")), Files.size(other));
        Files.move(other, root.resolve("a/b.wsp"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        writer.write("a.b", point(NOW - 10, 2), old);
        assertFalse(writer.lastLayout() == old, "read afresh");
        assertArrayEquals(new double[] {7, Double.NaN, 2, Double.NaN},
                fetch(root.resolve("a/b.wsp"), NOW - 40), "beside the new file's own point");
    }

    @Test
    void aFileRemovedByHandIsMadeAgainFromTheRules() throws Exception {
        WhisperWriter writer = writer();
        writer.write("a.b", point(NOW - 20, 1), null);
        WhisperFile.Layout old = writer.lastLayout();
        writer.forget("a.b");
        Files.delete(root.resolve("a/b.wsp"));
        assertTrue(writer.write("a.b", point(NOW - 10, 2), old), "created again");
        assertArrayEquals(new double[] {Double.NaN, 2, Double.NaN}, fetch(root.resolve("a/b.wsp"),
                NOW - 30));
    }
}
