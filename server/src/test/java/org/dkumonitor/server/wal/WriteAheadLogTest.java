package org.dkumonitor.server.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.carbon.PointBatch;
import org.dkumonitor.server.whisper.TimeSeriesPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriteAheadLogTest {

    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    private final Path dir = fs.getPath("/storage/wal");

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    private static PointBatch batch(String name, long from, int count) {
        PointBatch batch = new PointBatch();
        for (int i = 0; i < count; i++) {
            batch.add(name, from + i, i * 0.5);
        }
        return batch;
    }

    private WriteAheadLog started(MetricCache cache) throws IOException {
        WriteAheadLog wal = new WriteAheadLog(dir, cache, Duration.ofHours(1));
        wal.replay();
        wal.start();
        return wal;
    }

    @Test
    void replaysWhatWasCommittedBeforeACrash() throws IOException {
        MetricCache cache = new MetricCache();
        WriteAheadLog wal = started(cache);
        wal.store(batch("a.b", 1_700_000_000L, 3));
        wal.store(batch("tagged;k=v", 4_000_000_000L, 1));
        wal.commitNow();
        // a crash: nothing else happens; a new process replays
        MetricCache after = new MetricCache();
        WriteAheadLog next = new WriteAheadLog(dir, after, Duration.ofHours(1));
        assertEquals(4, next.replay());
        assertEquals(cache.read("a.b"), after.read("a.b"));
        assertEquals(List.of(new TimeSeriesPoint(4_000_000_000L, 0)), after.read("tagged;k=v"));
    }

    @Test
    void ignoresATornTailAndKeepsTheBlocksBeforeIt() throws IOException {
        WriteAheadLog wal = started(new MetricCache());
        wal.store(batch("a", 1_700_000_000L, 2));
        wal.commitNow();
        wal.store(batch("b", 1_700_000_000L, 2));
        wal.commitNow();
        Path segment = wal.segments().get(0);
        byte[] bytes = Files.readAllBytes(segment);
        for (int cut = 1; cut < 30; cut++) {
            Files.write(segment, java.util.Arrays.copyOf(bytes, bytes.length - cut));
            MetricCache after = new MetricCache();
            assertEquals(2, new WriteAheadLog(dir, after, Duration.ofHours(1)).replay(),
                    "cut " + cut);
            assertEquals(2, after.read("a").size());
        }
        byte[] flipped = bytes.clone();
        flipped[flipped.length - 3] ^= 1;
        Files.write(segment, flipped);
        assertEquals(2, new WriteAheadLog(dir, new MetricCache(), Duration.ofHours(1)).replay());
    }

    @Test
    void startsANewSegmentOnceOneReachesItsSize() throws IOException {
        WriteAheadLog wal = new WriteAheadLog(dir, new MetricCache(), Duration.ofHours(1),
                64 * 1024);
        wal.replay();
        wal.start();
        for (int i = 0; i < 40; i++) {
            wal.store(batch("segment.metric.number." + i, 1_700_000_000L, 200));
            wal.commitNow();
        }
        List<Path> segments = wal.segments();
        assertTrue(segments.size() >= 4, segments.toString());
        for (Path segment : segments) {
            assertTrue(Files.size(segment) < 64 * 1024 + 8 * 1024, segment.toString());
        }
        wal.close();
        assertEquals(8000, new WriteAheadLog(dir, new MetricCache(), Duration.ofHours(1))
                .replay());
    }

    @Test
    void replaysALogMuchLargerThanTheCacheInTheCachesMemoryWhileItDrains() throws Exception {
        WriteAheadLog wal = started(new MetricCache());
        for (int i = 0; i < 50; i++) {
            wal.store(batch("big.m" + (i % 7), 1_700_000_000L + i * 1000L, 400));
        }
        wal.commitNow();
        MetricCache bounded = new MetricCache(1000);
        long[] drained = {0};
        long[] peak = {0};
        java.util.concurrent.atomic.AtomicBoolean done =
                new java.util.concurrent.atomic.AtomicBoolean();
        Thread persister = Thread.ofPlatform().start(() -> {
            while (!done.get() || bounded.size() > 0) {
                peak[0] = Math.max(peak[0], bounded.size());
                for (String metric : bounded.metrics()) {
                    var points = bounded.takeSorted(metric);
                    if (points != null) {
                        drained[0] += points.size();
                        bounded.written(metric);
                    }
                }
                Thread.onSpinWait();
            }
        });
        assertEquals(20_000, new WriteAheadLog(dir, bounded, Duration.ofHours(1)).replay());
        done.set(true);
        persister.join();
        assertEquals(20_000, drained[0]);
        assertTrue(peak[0] <= 1000 + 400, "at most the bound and one block: " + peak[0]);
    }

    @Test
    void checkpointDeletesSegmentsOnlyOncePersisted() throws IOException {
        MetricCache cache = new MetricCache();
        WriteAheadLog wal = started(cache);
        wal.store(batch("a", 1_700_000_000L, 2));
        wal.checkpoint(() -> false);
        assertEquals(2, wal.segments().size(), "not persisted: the old segment stays");
        wal.store(batch("b", 1_700_000_000L, 1));
        wal.checkpoint(() -> true);
        assertEquals(1, wal.segments().size());
        wal.store(batch("c", 1_700_000_000L, 1));
        wal.commitNow();
        MetricCache after = new MetricCache();
        assertEquals(1, new WriteAheadLog(dir, after, Duration.ofHours(1)).replay());
        assertEquals(1, after.read("c").size());
    }

    @Test
    void aFullDiskKeepsTheBlocksAndWritesThemWholeWhenSpaceReturns() throws IOException {
        FileSystem small = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setBlockSize(1024).setMaxSize(64 * 1024).build());
        Path walDir = small.getPath("/wal");
        WriteAheadLog wal = new WriteAheadLog(walDir, new MetricCache(), Duration.ofHours(1));
        wal.start();
        wal.store(batch("before", 1_700_000_000L, 10));
        wal.commitNow();
        Path filler = small.getPath("/filler");
        try (var out = Files.newOutputStream(filler)) {
            byte[] block = new byte[1024];
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            // the disk is full now
        }
        wal.store(batch("during", 1_700_000_000L, 2000));
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, wal::commitNow);
        Files.delete(filler);
        wal.store(batch("after", 1_700_000_000L, 10));
        wal.commitNow();
        MetricCache after = new MetricCache();
        assertEquals(2020, new WriteAheadLog(walDir, after, Duration.ofHours(1)).replay());
        assertEquals(2000, after.read("during").size());
        small.close();
    }

    @Test
    void aCleanStopWithEverythingPersistedLeavesNoSegment() throws IOException {
        WriteAheadLog wal = started(new MetricCache());
        wal.store(batch("a", 1_700_000_000L, 2));
        wal.stop(true);
        assertEquals(List.of(), wal.segments());
    }

    @Test
    void aStopWithPointsLeftKeepsThemForTheNextStart() throws IOException {
        WriteAheadLog wal = started(new MetricCache());
        wal.store(batch("a", 1_700_000_000L, 2));
        wal.stop(false);
        MetricCache after = new MetricCache();
        WriteAheadLog next = started(after);
        assertEquals(2, after.size());
        assertTrue(next.segments().size() >= 2);
        next.stop(false);
        Files.writeString(dir.resolve("wal-0000000000000099.log"), "garbage",
                StandardOpenOption.CREATE);
        assertEquals(2, new WriteAheadLog(dir, new MetricCache(), Duration.ofHours(1))
                .replay());
    }
}
