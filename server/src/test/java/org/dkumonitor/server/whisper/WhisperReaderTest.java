package org.dkumonitor.server.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhisperReaderTest {

    private static final long T = 1_700_000_040L;
    private static final List<Retention> SMALL = List.of(new Retention(10, 6),
            new Retention(60, 10));

    @TempDir
    Path dir;

    private Path file(String name, double base, int points) {
        Path file = dir.resolve(name);
        WhisperFile.create(file, SMALL, AggregationMethod.AVERAGE, 0.5f, false);
        write(file, base, points);
        return file;
    }

    /** {@code points} points ten seconds apart up to T, the ring wrapping when more than six. */
    private static void write(Path file, double base, int points) {
        List<TimeSeriesPoint> list = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            list.add(new TimeSeriesPoint(T - 10L * (points - 1 - i), base + i));
        }
        try (WhisperFile whisper = WhisperFile.open(file, true)) {
            for (TimeSeriesPoint point : list) {
                whisper.updateMany(List.of(point), point.timestamp());
            }
        }
    }

    private static FetchResult direct(Path file, long from, long until, long now) {
        try (WhisperFile whisper = WhisperFile.open(file, false)) {
            return whisper.fetch(from, until, now);
        }
    }

    @Test
    void readsWhatWhisperFileReadsOverEveryWindowIncludingAWrappedRing() {
        Path file = file("a.wsp", 1, 23);
        try (WhisperReader reader = new WhisperReader(4)) {
            for (long from = T - 600; from < T; from += 7) {
                for (long until : new long[] {from + 1, from + 25, T, T + 100}) {
                    WhisperReader.Read read = reader.fetch(file, from, until, T);
                    assertEquals(direct(file, from, until, T), read.fetched(),
                            "from " + from + " until " + until);
                    assertEquals(SMALL.get(0).secondsPerPoint(),
                            read.header().archives().get(0).secondsPerPoint());
                }
            }
            assertNull(reader.fetch(file, T + 10, T + 20, T).fetched(), "after now");
        }
    }

    @Test
    void seesPointsWrittenAfterTheFileWasOpened() {
        Path file = file("a.wsp", 1, 3);
        try (WhisperReader reader = new WhisperReader(4)) {
            double[] before = reader.fetch(file, T - 50, T, T).fetched().values();
            assertEquals(1, reader.openFiles());
            try (WhisperFile writer = WhisperFile.open(file, true)) {
                writer.update(42, T - 40, T);
            }
            double[] after = reader.fetch(file, T - 50, T, T).fetched().values();
            assertEquals(Double.NaN, before[0]);
            assertEquals(42, after[0]);
            assertEquals(1, reader.openFiles());
        }
    }

    @Test
    void readsTheNewFileOnceAPathIsReplacedByARename() throws IOException {
        Path file = file("a.wsp", 1, 6);
        Path other = file("b.wsp", 100, 6);
        try (WhisperReader reader = new WhisperReader(4)) {
            assertEquals(6, reader.fetch(file, T - 60, T, T).fetched().values()[5]);
            Files.move(other, file, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            assertEquals(105, reader.fetch(file, T - 60, T, T).fetched().values()[5]);
        }
    }

    @Test
    void readsAFileRewrittenInPlaceWithAnotherLayout() throws IOException {
        Path file = file("a.wsp", 1, 6);
        Path other = dir.resolve("b.wsp");
        WhisperFile.create(other, List.of(new Retention(10, 20)), AggregationMethod.SUM, 0,
                false);
        write(other, 100, 20);
        try (WhisperReader reader = new WhisperReader(4)) {
            assertEquals(6, reader.fetch(file, T - 60, T, T).fetched().values()[5]);
            // same inode, other size and archives (a tool rewriting the file where it is)
            Files.write(file, Files.readAllBytes(other));
            WhisperReader.Read read = reader.fetch(file, T - 200, T, T);
            assertEquals(20, read.header().archives().get(0).points());
            assertEquals(119, read.fetched().values()[19]);
        }
    }

    @Test
    void aDeletedFileReadsAsMissingAndIsClosed() throws IOException {
        Path file = file("a.wsp", 1, 6);
        try (WhisperReader reader = new WhisperReader(4)) {
            reader.fetch(file, T - 60, T, T);
            assertEquals(1, reader.openFiles());
            Files.delete(file);
            assertNull(reader.fetch(file, T - 60, T, T));
            assertEquals(0, reader.openFiles());
            assertNull(reader.fetch(dir, T - 60, T, T), "a directory is not a whisper file");
        }
    }

    @Test
    void keepsAtMostMaxOpenFilesAndStillReadsEveryOne() {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            files.add(file("m" + i + ".wsp", i * 10, 6));
        }
        for (int maxOpen : new int[] {0, 3}) {
            try (WhisperReader reader = new WhisperReader(maxOpen)) {
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < files.size(); i++) {
                        double[] values = reader.fetch(files.get(i), T - 60, T, T).fetched()
                                .values();
                        assertEquals(i * 10 + 5, values[5]);
                        assertEquals(true, reader.openFiles() <= maxOpen);
                    }
                }
            }
        }
    }

    @Test
    void fetchesOfManyMoreFilesThanItKeepsOpenNeverFindAChannelClosedUnderThem()
            throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            files.add(file("c" + i + ".wsp", i, 6));
        }
        try (WhisperReader reader = new WhisperReader(2)) {
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 8; t++) {
                int offset = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int n = 0; n < 3000; n++) {
                            int i = (n * 7 + offset) % files.size();
                            assertEquals(i + 5, reader.fetch(files.get(i), T - 60, T, T)
                                    .fetched().values()[5]);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(List.of(), failures);
            assertEquals(true, reader.openFiles() <= 2);
        }
    }

    @Test
    void closesFilesUnusedForAMinute() {
        Path a = file("a.wsp", 1, 6);
        Path b = file("b.wsp", 1, 6);
        AtomicLong nanos = new AtomicLong(1_000);
        try (WhisperReader reader = new WhisperReader(4, nanos::get)) {
            reader.fetch(a, T - 60, T, T);
            nanos.addAndGet(WhisperReader.IDLE_NANOS / 2);
            reader.fetch(b, T - 60, T, T);
            assertEquals(2, reader.openFiles());
            nanos.addAndGet(WhisperReader.IDLE_NANOS / 2 + 1_000);
            reader.fetch(b, T - 60, T, T);
            assertEquals(1, reader.openFiles(), "a, unused for over a minute, is closed");
        }
    }
}
