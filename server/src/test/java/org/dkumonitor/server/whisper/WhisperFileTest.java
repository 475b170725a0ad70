package org.dkumonitor.server.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhisperFileTest {

    private static final long T = 1_700_000_040L;
    private static final List<Retention> B = List.of(new Retention(10, 6), new Retention(60, 3));

    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

    @AfterEach
    void closeFs() throws IOException {
        fs.close();
    }

    @Test
    void createsParentDirectoriesAndLeavesNoTemporaryFile() throws IOException {
        Path file = fs.getPath("/w/a/b/c.wsp");
        WhisperFile.create(file, B, AggregationMethod.AVERAGE, 0.5f, false);
        assertEquals(148, Files.size(file));
        try (var entries = Files.list(file.getParent())) {
            assertEquals(List.of(file), entries.toList());
        }
    }

    @Test
    void aFileCreatedAndOpenedIsTheSameAsOneCreatedThenOpened(@TempDir Path dir)
            throws IOException {
        Path direct = dir.resolve("x/direct.wsp");
        Path reopened = dir.resolve("y/reopened.wsp");
        SortedPoints points = new SortedPoints(new long[] {T - 20, T - 10, T},
                new double[] {1, 2, 3}, 3);
        try (WhisperFile file = WhisperFile.createAndOpen(direct, B, AggregationMethod.SUM,
                0.5f, false)) {
            file.updateMany(points, T);
        }
        WhisperFile.create(reopened, B, AggregationMethod.SUM, 0.5f, false);
        try (WhisperFile file = WhisperFile.open(reopened, true)) {
            file.updateMany(points, T);
        }
        assertArrayEquals(Files.readAllBytes(reopened), Files.readAllBytes(direct));
        try (var entries = Files.list(direct.getParent())) {
            assertEquals(List.of(direct), entries.toList(), "no temporary file left");
        }
    }

    @Test
    void createsTheFileOfTheLongestNodeANameMayHaveOnARealFileSystem(@TempDir Path dir)
            throws IOException {
        // the temporary name is the node's name and more: it must still fit NAME_MAX
        String ascii = "n".repeat(org.dkumonitor.server.metrics.MetricName.MAX_NODE_BYTES);
        String wide = "\u00e9".repeat(org.dkumonitor.server.metrics.MetricName.MAX_NODE_BYTES
                / 2) + "x";
        for (String node : List.of(ascii, wide)) {
            Path file = dir.resolve(node + WhisperFormat.EXTENSION);
            WhisperFile.create(file, B, AggregationMethod.AVERAGE, 0.5f, false);
            assertEquals(148, Files.size(file));
        }
        try (var entries = Files.list(dir)) {
            assertEquals(2, entries.count(), "no temporary file left");
        }
    }

    @Test
    void aTemporaryNameNeverPassesTheFileNameLimit() {
        for (int length = 1; length <= 300; length += 7) {
            String name = NewFile.Temporary.name(fs.getPath("/w/" + "\u4e2d".repeat(length)
                    + ".wsp"));
            assertTrue(name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    <= WhisperFile.MAX_FILE_NAME_BYTES, name);
            assertTrue(name.startsWith(".") && name.endsWith(".tmp"), name);
        }
    }

    @Test
    void refusesToCreateOverAnExistingFileOnAFileSystemWithHardLinks(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("c.wsp");
        WhisperFile.create(file, B, AggregationMethod.AVERAGE, 0.5f, false);
        byte[] before = Files.readAllBytes(file);
        WhisperException e = assertThrows(WhisperException.class,
                () -> WhisperFile.createAndOpen(file, B, AggregationMethod.SUM, 0.5f, false));
        assertTrue(e.getMessage().contains("exists"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the existing file is untouched");
        try (var entries = Files.list(dir)) {
            assertEquals(List.of(file), entries.toList(), "no temporary file left");
        }
    }

    @Test
    void refusesToCreateOverAnExistingFile() {
        Path file = fs.getPath("/c.wsp");
        WhisperFile.create(file, B, AggregationMethod.AVERAGE, 0.5f, false);
        WhisperException e = assertThrows(WhisperException.class,
                () -> WhisperFile.create(file, B, AggregationMethod.SUM, 0.5f, false));
        assertTrue(e.getMessage().contains("exists"), e.getMessage());
    }

    @Test
    void sparseFileReadsLikeAZeroFilledOne(@TempDir Path dir) throws IOException {
        Path sparse = dir.resolve("s.wsp");
        Path full = dir.resolve("f.wsp");
        List<Retention> big = List.of(new Retention(60, 1440), new Retention(300, 8640),
                new Retention(3600, 26_280));
        WhisperFile.create(sparse, big, AggregationMethod.MAX, 0.1f, true);
        WhisperFile.create(full, big, AggregationMethod.MAX, 0.1f, false);
        assertArrayEquals(Files.readAllBytes(full), Files.readAllBytes(sparse));
    }

    @Test
    void refusesXFilesFactorOutsideZeroToOne() {
        assertThrows(WhisperException.class, () -> WhisperFile.create(fs.getPath("/x.wsp"), B,
                AggregationMethod.AVERAGE, 1.5f, false));
        assertThrows(WhisperException.class, () -> WhisperFile.create(fs.getPath("/x.wsp"), B,
                AggregationMethod.AVERAGE, Float.NaN, false));
    }

    @Test
    void refusesCorruptHeaders() throws IOException {
        Path file = fs.getPath("/bad.wsp");
        WhisperFile.create(file, B, AggregationMethod.AVERAGE, 0.5f, false);
        byte[] bytes = Files.readAllBytes(file);
        for (int[] corruption : new int[][] {{3, 9}, {3, 0}, {8, 0x40}, {15, 9}, {19, 200}}) {
            byte[] copy = bytes.clone();
            copy[corruption[0]] = (byte) corruption[1];
            Files.write(file, copy);
            assertThrows(WhisperException.class, () -> WhisperFile.open(file, false).close(),
                    "byte " + corruption[0] + " = " + corruption[1]);
        }
        Files.write(file, new byte[] {0, 0, 0, 1});
        assertThrows(WhisperException.class, () -> WhisperFile.open(file, false).close());
    }

    @Test
    void readsAFileWhoseArchivesAreNotWhereCreationWouldPutThem() throws IOException {
        // readers must use the stored offsets: move archive 0 after archive 1
        Path file = fs.getPath("/moved.wsp");
        ByteBuffer b = ByteBuffer.allocate(148);
        b.putInt(1).putInt(180).putFloat(0.5f).putInt(2);
        b.putInt(40 + 36).putInt(10).putInt(6);
        b.putInt(40).putInt(60).putInt(3);
        b.position(40 + 36);
        b.putInt((int) (T - 10)).putDouble(5.0).putInt((int) T).putDouble(6.0);
        Files.write(file, b.array());
        try (WhisperFile whisper = WhisperFile.open(file, false)) {
            FetchResult r = whisper.fetch(T - 20, T, T);
            assertEquals(new FetchResult(T - 10, T + 10, 10, new double[] {5.0, 6.0}), r);
        }
    }

    @Test
    void dropsPointsOlderThanTheLastArchiveAndKeepsTheRest() {
        Path file = fs.getPath("/old.wsp");
        WhisperFile.create(file, B, AggregationMethod.AVERAGE, 0.5f, false);
        try (WhisperFile whisper = WhisperFile.open(file, true)) {
            whisper.updateMany(List.of(new TimeSeriesPoint(T - 10_000, 1),
                    new TimeSeriesPoint(T, 2)), T);
            FetchResult r = whisper.fetch(T - 10, T, T);
            assertArrayEquals(new double[] {2.0}, r.values());
            assertEquals(T, r.from());
        }
    }

    @Test
    void rejectsFromAfterUntil() {
        Path file = fs.getPath("/i.wsp");
        WhisperFile.create(file, B, AggregationMethod.AVERAGE, 0.5f, false);
        try (WhisperFile whisper = WhisperFile.open(file, false)) {
            assertThrows(WhisperException.class, () -> whisper.fetch(T, T - 1, T));
        }
    }
}
