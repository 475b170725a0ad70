package org.dkumonitor.server.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.schema.StorageAggregation;
import org.dkumonitor.server.schema.StorageSchemas;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.FetchResult;
import org.dkumonitor.server.whisper.WhisperFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PersisterTest {

    private static final long NOW = 1_700_000_040L;
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochSecond(NOW));
    private static final StorageSchemas SCHEMAS = StorageSchemas.parse("s.conf",
            "[all]\npattern = .\nretentions = 10s:1h,1m:1d\n");
    private static final StorageAggregation AGGREGATION = StorageAggregation.parse("a.conf",
            "[max]\npattern = \\.max$\naggregationMethod = max\nxFilesFactor = 0\n");

    private FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    private final MetricCache cache = new MetricCache(100_000);

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    private Persister persister(Path root, int workers) {
        return new Persister(cache, new WhisperSettings(root, () -> SCHEMAS,
                () -> AGGREGATION, CLOCK, false, 8), workers, Duration.ofMillis(20));
    }

    @Test
    void stopWritesEveryReceivedPoint() {
        Path root = fs.getPath("/whisper");
        Persister persister = persister(root, 3);
        persister.start();
        for (int m = 0; m < 50; m++) {
            for (int p = 0; p < 30; p++) {
                cache.add("host.m" + m + ".max", NOW - 10 * p, m * 100 + p);
            }
        }
        persister.stop();
        assertEquals(0, cache.size());
        assertEquals(1500, persister.committedPoints());
        assertEquals(50, persister.creates());
        try (WhisperFile file = WhisperFile.open(root.resolve("host/m7/max.wsp"), false)) {
            assertEquals(AggregationMethod.MAX, file.header().aggregation());
            assertEquals(0f, file.header().xFilesFactor());
            FetchResult r = file.fetch(NOW - 30, NOW, NOW);
            assertArrayEquals(new double[] {702, 701, 700}, r.values());
        }
    }

    @Test
    void aBurstOfNewNamesIsCreatedAFewAPassWhileExistingMetricsAreWrittenEveryPass()
            throws Exception {
        Path root = fs.getPath("/whisper");
        Persister persister = new Persister(cache, new WhisperSettings(root, () -> SCHEMAS,
                () -> AGGREGATION, CLOCK, false, 8), 1, Duration.ofMillis(20),
                new DeadLetters(fs.getPath("/dead"), 1 << 20), Duration.ofMinutes(5), 2);
        cache.add("soak.canary.value", NOW - 60, 1);
        assertEquals(Persister.Pass.COMPLETE, persister.passOnce());
        for (int i = 0; i < 7; i++) {
            cache.add("soak.burst.n" + i, NOW, i); // sorted before the canary
        }
        cache.add("soak.canary.value", NOW - 50, 2);

        assertEquals(Persister.Pass.DEFERRED, persister.passOnce());
        assertEquals(3, persister.creates(), "the canary's file, then two of the burst");
        assertEquals(0, cache.queued("soak.canary.value"), "the canary's point did not wait");
        assertEquals(5, cache.size(), "the other new names wait in the cache, not dropped");
        cache.add("soak.canary.value", NOW - 40, 3);
        assertEquals(Persister.Pass.DEFERRED, persister.passOnce());
        assertEquals(0, cache.queued("soak.canary.value"));
        assertEquals(3, cache.size());

        assertTrue(persister.barrier().get(), "a barrier waits for every pass it takes");
        assertEquals(0, cache.size());
        assertEquals(8, persister.creates());
        try (WhisperFile file = WhisperFile.open(root.resolve("soak/canary/value.wsp"),
                false)) {
            assertArrayEquals(new double[] {1, 2, 3}, file.fetch(NOW - 70, NOW - 40, NOW)
                    .values());
        }
    }

    @Test
    void aBarrierWhileWorkersRunIsAnsweredOnlyOnceTheDeferredFilesExist() throws Exception {
        Path root = fs.getPath("/whisper");
        Persister persister = new Persister(cache, new WhisperSettings(root, () -> SCHEMAS,
                () -> AGGREGATION, CLOCK, false, 8), 1, Duration.ofMillis(20),
                new DeadLetters(fs.getPath("/dead"), 1 << 20), Duration.ofMinutes(5), 1);
        persister.start();
        try {
            for (int i = 0; i < 20; i++) {
                cache.add("new.n" + i, NOW, i);
            }
            assertTrue(persister.barrier().get());
            assertEquals(0, cache.size(), "every point queued before the barrier is on disk");
            assertEquals(20, persister.creates());
        } finally {
            persister.stop();
        }
    }

    @Test
    void anIdleWorkerWritesAPointAsSoonAsItArrivesNotAfterTheIdleWait() throws Exception {
        Path root = fs.getPath("/whisper");
        Persister persister = new Persister(cache, new WhisperSettings(root, () -> SCHEMAS,
                () -> AGGREGATION, CLOCK, false, 8), 2, Duration.ofHours(1));
        persister.start();
        try {
            // both workers have found nothing to do and sleep for up to an hour
            Thread.sleep(50);
            cache.add("woken.up", NOW, 7);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (persister.committedPoints() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(1, persister.committedPoints(), "written long before the idle wait");
        } finally {
            persister.stop();
        }
    }

    @Test
    void barrierAnswersOnceQueuedPointsAreOnDisk() throws Exception {
        Path root = fs.getPath("/whisper");
        Persister persister = persister(root, 2);
        persister.start();
        try {
            cache.add("a.b", NOW, 1);
            cache.add("a.c", NOW, 2);
            assertTrue(persister.barrier().get());
            assertTrue(Files.exists(root.resolve("a/b.wsp")));
            assertTrue(Files.exists(root.resolve("a/c.wsp")));
            assertEquals(0, cache.size());
        } finally {
            persister.stop();
        }
    }

    @Test
    void aFullDiskKeepsPointsInTheCacheAndWritesThemWhenSpaceReturns() throws Exception {
        fs.close();
        fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setBlockSize(4096)
                .setMaxSize(64 * 4096).build());
        Path root = fs.getPath("/whisper");
        Files.createDirectories(root);
        Path filler = fs.getPath("/filler");
        Files.write(filler, new byte[60 * 4096]);
        Persister persister = persister(root, 1);
        cache.add("big.metric", NOW, 42);
        assertFalse(persister.barrier().get(), "no room for the new file");
        assertEquals(1, cache.size());
        assertFalse(Files.exists(root.resolve("big/metric.wsp")));
        try (var left = Files.walk(root)) {
            assertEquals(List.of(root, root.resolve("big")), left.toList(),
                    "no half-created or temporary file is left behind");
        }
        Files.delete(filler);
        assertTrue(persister.barrier().get());
        assertEquals(0, cache.size());
        try (WhisperFile file = WhisperFile.open(root.resolve("big/metric.wsp"), false)) {
            assertArrayEquals(new double[] {42}, file.fetch(NOW - 10, NOW, NOW).values());
        }
        assertTrue(persister.stats().retries() >= 1);
        persister.stop();
    }

    @Test
    void pointsForACorruptFileGoToTheDeadLettersWithoutHoldingUpTheOthers() throws Exception {
        Path root = fs.getPath("/whisper");
        Files.createDirectories(root.resolve("bad"));
        Files.write(root.resolve("bad/file.wsp"), new byte[] {0, 0, 0, 42, 1, 2, 3});
        Persister persister = persister(root, 1);
        cache.add("bad.file", NOW, 1.5);
        cache.add("bad.file", NOW - 10, 2);
        cache.add("good.file", NOW, 1);
        assertTrue(persister.barrier().get(), "the bad metric does not hold up the barrier");
        assertEquals(0, cache.size());
        assertEquals(1, persister.errors());
        assertEquals(1, persister.committedPoints());
        assertEquals(1, persister.quarantined());
        Path deadLetters = fs.getPath("/dead-letter");
        assertEquals(List.of("bad.file 2 " + (NOW - 10), "bad.file 1.5 " + NOW),
                Files.readAllLines(deadLetters.resolve(DeadLetters.POINTS)));
        assertTrue(Files.readString(deadLetters.resolve(DeadLetters.QUARANTINED))
                .contains("bad.file"));
        cache.add("bad.file", NOW, 3);
        assertTrue(persister.barrier().get());
        assertEquals(3, Files.readAllLines(deadLetters.resolve(DeadLetters.POINTS)).size(),
                "later points follow");
        assertEquals(1, persister.quarantined(), "counted once");
        persister.stop();
    }

    @Test
    void aNameWhosePathIsTooLongForTheStoreIsSetAsideAtOnce() throws Exception {
        Path root = fs.getPath("/whisper");
        Persister persister = persister(root, 1);
        // every node is valid, but the path passes PATH_MAX
        String name = String.join(".", java.util.Collections.nCopies(20, "n".repeat(203)));
        cache.add(name, NOW, 1);
        cache.add("fine.name", NOW, 1);
        assertTrue(persister.barrier().get());
        assertEquals(0, cache.size());
        assertEquals(1, persister.quarantined());
        assertTrue(Files.exists(root.resolve("fine/name.wsp")));
        assertEquals(1, Files.readAllLines(fs.getPath("/dead-letter", DeadLetters.POINTS))
                .size());
        persister.stop();
    }

    @Test
    void aMetricFailingAloneIsSetAsideAfterTheQuarantineDelayAndTriedAgainLater()
            throws Exception {
        Path root = fs.getPath("/whisper");
        Files.createDirectories(root);
        Files.writeString(root.resolve("blocked"), "a plain file where a directory must go");
        long[] millis = {NOW * 1000};
        InstantSource clock = () -> Instant.ofEpochMilli(millis[0]);
        Persister persister = new Persister(cache, new WhisperSettings(root, () -> SCHEMAS,
                () -> AGGREGATION, clock, false, 8), 1, Duration.ofMillis(20),
                new DeadLetters(fs.getPath("/dead"), 1 << 20), Duration.ofMinutes(5));
        cache.add("blocked.metric", NOW, 1);
        assertFalse(persister.barrier().get(), "an I/O failure is retried at first");
        assertEquals(1, cache.size());
        millis[0] += Duration.ofMinutes(6).toMillis();
        cache.add("other.metric", NOW, 1);
        assertFalse(persister.barrier().get(), "still failing, but the store works");
        millis[0] += 1000;
        assertTrue(persister.barrier().get(), "set aside now");
        assertEquals(0, cache.size());
        assertEquals(1, persister.heldForRetry());
        cache.add("blocked.metric", NOW + 10, 2);
        assertTrue(persister.barrier().get());
        assertEquals(2, Files.readAllLines(fs.getPath("/dead", DeadLetters.POINTS)).size());
        Files.delete(root.resolve("blocked"));
        millis[0] += Duration.ofMinutes(11).toMillis();
        cache.add("blocked.metric", NOW + 20, 3);
        assertTrue(persister.barrier().get());
        assertTrue(Files.exists(root.resolve("blocked/metric.wsp")), "tried again, and let go");
        assertEquals(0, persister.heldForRetry());
        persister.stop();
    }

    @Test
    void aHeldMetricWaitsInTheCacheReadableUntilReleased() throws Exception {
        Path root = fs.getPath("/whisper");
        Persister persister = persister(root, 2);
        persister.start();
        try {
            cache.add("held.one", NOW - 10, 1);
            assertTrue(persister.barrier().get());
            try (Persister.Hold _ = persister.hold(List.of("held.one"), true)) {
                cache.add("held.one", NOW, 2);
                cache.add("free.one", NOW, 3);
                assertFalse(persister.barrier().get(), "the held point is not on disk");
                assertTrue(Files.exists(root.resolve("free/one.wsp")));
                assertEquals(1, cache.read("held.one").size(), "readable while held");
                // nobody writes the file now: it may be replaced under the persister
                Files.delete(root.resolve("held/one.wsp"));
            }
            assertTrue(persister.barrier().get());
            try (WhisperFile file = WhisperFile.open(root.resolve("held/one.wsp"), false)) {
                assertArrayEquals(new double[] {Double.NaN, 2}, file.fetch(NOW - 20, NOW, NOW)
                        .values(), "written into the new file, not through the old handle");
            }
        } finally {
            persister.stop();
        }
    }

    @Test
    void aHoldWhoseHolderTookThePointsLetsTheBarrierComplete() throws Exception {
        Path root = fs.getPath("/whisper");
        Persister persister = persister(root, 1);
        persister.start();
        try (Persister.Hold _ = persister.hold(List.of("gone.soon"), false)) {
            cache.add("gone.soon", NOW, 1);
            assertTrue(persister.barrier().get());
            assertFalse(Files.exists(root.resolve("gone/soon.wsp")));
        } finally {
            persister.stop();
        }
    }

    @Test
    void aCreationTheGateDefersWaitsAndIsNeverDropped() throws Exception {
        Path root = fs.getPath("/whisper");
        java.util.concurrent.atomic.AtomicBoolean open =
                new java.util.concurrent.atomic.AtomicBoolean();
        Persister persister = new Persister(cache, new WhisperSettings(root, () -> SCHEMAS,
                () -> AGGREGATION, CLOCK, false, 8), 1, Duration.ofMillis(20),
                metric -> open.get());
        persister.start();
        try {
            cache.add("new.metric", NOW, 5);
            assertFalse(persister.barrier().get());
            assertFalse(Files.exists(root.resolve("new/metric.wsp")));
            assertEquals(1, cache.size());
            open.set(true);
            assertTrue(persister.barrier().get());
            assertEquals(0, cache.size());
            assertEquals(1, persister.committedPoints());
        } finally {
            persister.stop();
        }
    }

    @Test
    void pointsOlderThanTheFileKeepsAreCountedAndToldByName() throws Exception {
        Path root = fs.getPath("/whisper");
        org.dkumonitor.server.refusals.RecentRefusals refusals =
                new org.dkumonitor.server.refusals.RecentRefusals(CLOCK);
        Persister persister = new Persister(cache, new WhisperSettings(root, () -> SCHEMAS,
                () -> AGGREGATION, CLOCK, false, 8, refusals), 1, Duration.ofMillis(20));
        cache.add("old.points", NOW - 2 * 86_400, 1);
        cache.add("old.points", NOW - 86_401, 2);
        cache.add("old.points", NOW, 3);
        assertTrue(persister.barrier().get());
        assertEquals(2, persister.stats().tooOld());
        assertEquals(1, persister.committedPoints());
        assertEquals(2L, refusals.lastHour("old.points").get(
                org.dkumonitor.server.refusals.RecentRefusals.Reason.TOO_OLD));
        persister.stop();
    }

    @Test
    void aHoldWhileThePersisterIsNotRunningIsRefusedWithTheReason() {
        Persister persister = persister(fs.getPath("/whisper"), 2);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> persister.hold(List.of("a.b", "c.d"), true));
        assertTrue(e.getMessage().contains("not running"), e.getMessage());
    }

    @Test
    void withBatchingASteadySenderGetsSeveralPointsPerUpdateAndABarrierWritesAll()
            throws Exception {
        Path root = fs.getPath("/whisper");
        Persister persister = new Persister(cache, new WhisperSettings(root, () -> SCHEMAS,
                () -> AGGREGATION, CLOCK, false, 64), 1, Duration.ofMillis(200),
                CreateGate.ALWAYS, Duration.ofSeconds(30));
        persister.start();
        try {
            // 50 metrics, a point each every 10 ms, never quiet: batched by count
            for (int round = 0; round < 30; round++) {
                for (int m = 0; m < 50; m++) {
                    cache.add("steady.m" + m, NOW - 300 + round, round);
                }
                Thread.sleep(10);
            }
            assertTrue(persister.barrier().get(), "a barrier writes what is not due yet");
            assertEquals(0, cache.size());
            assertEquals(1500, persister.committedPoints());
            assertTrue(persister.updates() <= 1500 / 2, persister.updates() + " updates for"
                    + " 1500 points: batched");
        } finally {
            persister.stop();
        }
    }

    @Test
    void withBatchingAQuietSpellWritesEverythingAtOnce() throws Exception {
        Path root = fs.getPath("/whisper");
        Persister persister = new Persister(cache, new WhisperSettings(root, () -> SCHEMAS,
                () -> AGGREGATION, CLOCK, false, 64), 1, Duration.ofHours(1),
                CreateGate.ALWAYS, Duration.ofSeconds(30));
        persister.start();
        try {
            cache.add("lonely.one", NOW, 1);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (persister.committedPoints() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(1, persister.committedPoints(), "written once nothing else came,"
                    + " long before the batch time or the idle wait");
        } finally {
            persister.stop();
        }
    }

    @Test
    void settledWaitsForBatchingToWriteThePointsInsteadOfWritingThemAtOnce() throws Exception {
        Path root = fs.getPath("/whisper");
        Persister persister = new Persister(cache, new WhisperSettings(root, () -> SCHEMAS,
                () -> AGGREGATION, CLOCK, false, 64), 1, Duration.ofMillis(200),
                CreateGate.ALWAYS, Duration.ofSeconds(30));
        persister.start();
        java.util.concurrent.atomic.AtomicBoolean noisy =
                new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong longestGap =
                new java.util.concurrent.atomic.AtomicLong();
        Thread noise = Thread.ofPlatform().start(() -> {
            long last = System.nanoTime();
            for (int i = 0; noisy.get(); i++) { // never quiet: only full metrics are due
                cache.add("noise.m" + (i % 20), NOW - 300 + i / 20, i);
                long now = System.nanoTime();
                longestGap.accumulateAndGet(now - last, Math::max);
                last = now;
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            cache.add("settle.me", NOW, 1);
            CompletableFuture<Boolean> settled = persister.settled();
            Thread.sleep(600);
            // a stalled machine may pause the noise past the quiet spell, which writes all
            boolean stalled = longestGap.get() >= 150_000_000L;
            assertTrue(!settled.isDone() || stalled, "a young point is not written for a"
                    + " checkpoint (longest pause of the noise " + longestGap.get() + " ns)");
            assertTrue(!Files.exists(root.resolve("settle/me.wsp")) || stalled);
            noisy.set(false);
            noise.join();
            assertTrue(settled.get(10, java.util.concurrent.TimeUnit.SECONDS),
                    "written once due (here: the quiet that followed)");
            assertTrue(Files.exists(root.resolve("settle/me.wsp")));
        } finally {
            noisy.set(false);
            noise.join();
            persister.stop();
        }
    }

    @Test
    void settledIsFalseWhileAHeldMetricKeepsItsPointsPending() throws Exception {
        Path root = fs.getPath("/whisper");
        Persister persister = new Persister(cache, new WhisperSettings(root, () -> SCHEMAS,
                () -> AGGREGATION, CLOCK, false, 64), 1, Duration.ofMillis(50),
                CreateGate.ALWAYS, Duration.ofSeconds(30));
        persister.start();
        try (Persister.Hold _ = persister.hold(List.of("held.one"), true)) {
            cache.add("held.one", NOW, 1);
            assertFalse(persister.settled().get(10, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            persister.stop();
        }
    }
}
