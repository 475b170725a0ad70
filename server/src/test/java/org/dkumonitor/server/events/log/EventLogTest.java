package org.dkumonitor.server.events.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {

    private static final LogOptions SMALL = new LogOptions(4096, 1 << 20, Duration.ofDays(30));

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(
            Instant.parse("2026-03-01T12:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private final AtomicLong room = new AtomicLong(Long.MAX_VALUE);
    private final AtomicInteger forces = new AtomicInteger();

    private EventLog open(LogOptions options) throws IOException {
        return EventLog.open(dir, options, clock, file -> new FaultyChannel(FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE), room, forces));
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> read(EventLog log, boolean newestFirst) throws IOException {
        List<String> seen = new ArrayList<>();
        log.scan(Long.MIN_VALUE, Long.MAX_VALUE, newestFirst, (time, payload) -> {
            seen.add(new String(payload.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    StandardCharsets.UTF_8));
            return true;
        });
        return seen;
    }

    @Test
    void readsBackWhatWasAppendedOldestOrNewestFirstAcrossSegments() throws IOException {
        List<String> expected = new ArrayList<>();
        try (EventLog log = open(SMALL)) {
            for (int i = 0; i < 300; i++) {
                log.append(log.now(), List.of(text("event " + i)));
                expected.add("event " + i);
            }
            assertTrue(log.segments().size() > 1, "rolled at 4096 bytes");
            assertEquals(expected, read(log, false));
            assertEquals(expected.reversed(), read(log, true));
        }
        try (EventLog log = open(SMALL)) {
            assertEquals(expected, read(log, false), "after a restart");
        }
    }

    @Test
    void scansOnlyTheTimeRangeAsked() throws IOException {
        try (EventLog log = open(SMALL)) {
            for (int i = 0; i < 100; i++) {
                now.set(Instant.ofEpochSecond(1_000 + i));
                log.append(log.now(), List.of(text("at " + (1_000 + i))));
            }
            List<String> seen = new ArrayList<>();
            log.scan(1_010 * 1_000_000_000L, 1_012 * 1_000_000_000L, true, (t, p) -> {
                seen.add(new String(p.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                        StandardCharsets.UTF_8));
                return true;
            });
            assertEquals(List.of("at 1012", "at 1011", "at 1010"), seen);
        }
    }

    @Test
    void concurrentAppendersShareFsyncs() throws Exception {
        try (EventLog log = open(new LogOptions(1 << 24, 1 << 26, Duration.ofDays(1)))) {
            int threads = 16;
            int each = 200;
            List<Thread> started = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                started.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < each; i++) {
                        log.append(log.now(), List.of(text(id + ":" + i)));
                    }
                }));
            }
            for (Thread thread : started) {
                thread.join();
            }
            assertEquals(threads * each, read(log, false).size());
            assertTrue(forces.get() < threads * each, forces.get() + " fsyncs for "
                    + threads * each + " appends");
        }
    }

    @Test
    void aTornTailIsCutAtTheLastWholeRecordWhereverTheCrashHit() throws IOException {
        try (EventLog log = open(new LogOptions(1 << 20, 1 << 22, Duration.ofDays(1)))) {
            for (int i = 0; i < 5; i++) {
                log.append(log.now(), List.of(text("whole " + i)));
            }
        }
        Path segment = dir.resolve(Segment.fileName(1));
        byte[] whole = Files.readAllBytes(segment);
        int lastStart = whole.length - (RecordFormat.OVERHEAD + "whole 4".length());
        for (int cut = lastStart; cut < whole.length; cut++) {
            Files.write(segment, java.util.Arrays.copyOf(whole, cut));
            try (EventLog log = open(new LogOptions(1 << 20, 1 << 22, Duration.ofDays(1)))) {
                assertEquals(List.of("whole 0", "whole 1", "whole 2", "whole 3"),
                        read(log, false), "cut at " + cut);
                log.append(log.now(), List.of(text("after")));
                assertEquals("after", read(log, true).getFirst());
            }
        }
        byte[] garbage = java.util.Arrays.copyOf(whole, whole.length + 7);
        garbage[whole.length] = 0x00;
        garbage[whole.length + 3] = 0x40;
        Files.write(segment, garbage);
        try (EventLog log = open(new LogOptions(1 << 20, 1 << 22, Duration.ofDays(1)))) {
            assertEquals(5, read(log, false).size());
        }
        whole[lastStart + RecordFormat.HEADER] ^= 1;
        Files.write(segment, whole);
        try (EventLog log = open(new LogOptions(1 << 20, 1 << 22, Duration.ofDays(1)))) {
            assertEquals(4, read(log, false).size(), "a flipped bit fails the CRC");
        }
    }

    @Test
    void theZerosAheadOfTheRecordsAreNotEvents() throws IOException {
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        try (EventLog log = EventLog.open(dir.resolve("live"), SMALL_SEGMENTS_OFF, clock)) {
            log.append(log.now(), List.of(text("one")));
            log.append(log.now(), List.of(text("two")));
            Path segment = dir.resolve("live").resolve(Segment.fileName(1));
            assertTrue(Files.size(segment) >= EventLog.PREALLOCATE_BYTES, "zero-filled ahead");
            // what a kill -9 leaves: the file as it is while the log runs
            Files.copy(segment, copy.resolve(Segment.fileName(1)));
        }
        try (EventLog log = EventLog.open(copy, SMALL_SEGMENTS_OFF, clock)) {
            assertEquals(List.of("one", "two"), read(log, false));
            log.append(log.now(), List.of(text("three")));
            assertEquals(List.of("one", "two", "three"), read(log, false));
        }
        assertTrue(Files.size(copy.resolve(Segment.fileName(1))) < 200, "closed: cut to its"
                + " records");
    }

    private static final LogOptions SMALL_SEGMENTS_OFF = new LogOptions(1 << 24, 1 << 26,
            Duration.ofDays(1));

    @Test
    void aFullDiskFailsTheAppendAndKeepsNothingOfIt() throws IOException {
        try (EventLog log = open(new LogOptions(1 << 20, 1 << 22, Duration.ofDays(1)))) {
            log.append(log.now(), List.of(text("kept")));
            room.set(10);
            EventLogException e = assertThrows(EventLogException.class,
                    () -> log.append(log.now(), List.of(text("refused"))));
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            room.set(Long.MAX_VALUE);
            log.append(log.now(), List.of(text("after space was freed")));
            assertEquals(List.of("kept", "after space was freed"), read(log, false));
        }
        try (EventLog log = open(new LogOptions(1 << 20, 1 << 22, Duration.ofDays(1)))) {
            assertEquals(List.of("kept", "after space was freed"), read(log, false));
        }
    }

    @Test
    void retentionDeletesTheOldestSegmentsBySizeAndByAge() throws IOException {
        LogOptions options = new LogOptions(4096, 3 * 4096, Duration.ofHours(1));
        try (EventLog log = open(options)) {
            for (int i = 0; i < 1000; i++) {
                log.append(log.now(), List.of(text("event %04d".formatted(i))));
            }
            log.enforceRetention();
            assertTrue(log.totalBytes() <= 3 * 4096 + 4096, log.totalBytes() + " bytes");
            List<String> left = read(log, false);
            assertEquals("event 0999", left.getLast());
            assertTrue(left.size() < 1000);
            now.set(now.get().plus(Duration.ofHours(2)));
            log.append(log.now(), List.of(text("new")));
            log.enforceRetention();
            assertEquals(List.of("new"), read(log, false).subList(
                    read(log, false).size() - 1, read(log, false).size()));
            assertTrue(read(log, false).size() <= 1 + 1000, "old segments went");
            assertTrue(log.segments().size() <= 2, log.segments().toString());
        }
    }

    @Test
    void appendsAfterCloseFail() throws IOException {
        EventLog log = open(SMALL);
        log.close();
        assertThrows(EventLogException.class, () -> log.append(log.now(), List.of(text("x"))));
    }
}
