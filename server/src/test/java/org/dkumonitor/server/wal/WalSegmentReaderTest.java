package org.dkumonitor.server.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.carbon.PointBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log read back record by record, a torn tail left out; segments closed on demand. */
class WalSegmentReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryRecordOfClosedSegmentsAndIgnoresATornTail() throws Exception {
        MetricCache cache = new MetricCache(1000, true);
        WriteAheadLog wal = new WriteAheadLog(dir, cache, Duration.ofSeconds(60));
        assertEquals(0, wal.adoptSegments());
        wal.start();
        PointBatch batch = new PointBatch();
        batch.add("a.b", 100, 1.5);
        batch.add("é.c", 110, -2);
        wal.store(batch);
        List<Long> sealed = new ArrayList<>();
        long closed = wal.rotate(number -> {
            sealed.add(number);
            cache.seal("a.b");
        });
        assertEquals(List.of(closed), sealed);
        batch.clear();
        batch.add("later", 120, 3);
        wal.store(batch);
        wal.stop(false);
        List<Path> segments = wal.segmentsUpTo(Long.MAX_VALUE);
        assertEquals(2, segments.size());
        assertEquals(segments.subList(0, 1), wal.segmentsUpTo(closed));
        assertEquals(List.of("a.b 100 1.5", "é.c 110 -2.0"), read(segments.get(0)));
        try (FileChannel torn = FileChannel.open(segments.get(1), StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            torn.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2}));
        }
        List<String> records = new ArrayList<>();
        long ignored = WalSegmentReader.read(segments.get(1), (name, offset, length, time, value)
                -> records.add(new String(name, offset, length, StandardCharsets.UTF_8) + " "
                        + time + " " + value));
        assertEquals(List.of("later 120 3.0"), records);
        assertEquals(6, ignored);
        WriteAheadLog again = new WriteAheadLog(dir, new MetricCache(), Duration.ofSeconds(1));
        assertEquals(2, again.adoptSegments(), "a restart takes the segments over unread");
    }

    private static List<String> read(Path segment) throws Exception {
        List<String> records = new ArrayList<>();
        assertEquals(0, WalSegmentReader.read(segment, (name, offset, length, time, value) ->
                records.add(new String(name, offset, length, StandardCharsets.UTF_8) + " " + time
                        + " " + value)));
        return records;
    }
}
