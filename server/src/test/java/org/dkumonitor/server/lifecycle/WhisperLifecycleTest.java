package org.dkumonitor.server.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.whisper.FetchResult;
import org.dkumonitor.server.whisper.WhisperFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhisperLifecycleTest {

    private static final String SCHEMAS = "[other]\npattern = ^other\\.\nretentions = 60s:1d\n\n"
            + "[default]\npattern = .*\nretentions = 10s:1d,1m:7d\n";
    private static final long T = Store.START;

    @TempDir
    Path dir;

    @Test
    void deleteRemovesFilesCachedAndLoggedPointsAndEmptyDirectories() throws Exception {
        try (Store store = new Store(dir, SCHEMAS)) {
            store.send("apps.web.hits", T - 600, 10, 10);
            store.send("apps.web.errors", T - 600, 10, 10);
            store.send("apps.db.hits", T - 600, 10, 10);
            store.flush();
            store.send("apps.web.hits", T - 10, 2, 10); // only cached and logged
            MetricLifecycle.Deleted deleted = store.admin.lifecycle().delete("apps.web", false,
                    false);
            assertEquals(List.of("apps.web.errors", "apps.web.hits"), deleted.metrics());
            assertFalse(Files.exists(store.whisper.resolve("apps/web")), "pruned");
            assertTrue(Files.exists(store.file("apps.db.hits")));
            assertTrue(store.cache.read("apps.web.hits").isEmpty());
            MetricCache replayed = store.replayed();
            assertTrue(replayed.read("apps.web.hits").isEmpty(),
                    "a restart does not bring deleted points back from the log");
        }
    }

    @Test
    void aDryRunListsAndChangesNothing() throws Exception {
        try (Store store = new Store(dir, SCHEMAS)) {
            store.send("a.b", T - 60, 3, 10);
            store.flush();
            MetricLifecycle.Deleted deleted = store.admin.lifecycle().delete("a.*", false, true);
            assertEquals(List.of("a.b"), deleted.metrics());
            assertTrue(Files.exists(store.file("a.b")));
        }
    }

    @Test
    void deletingEverythingNeedsForce() throws Exception {
        try (Store store = new Store(dir, SCHEMAS)) {
            store.send("a.b", T - 60, 3, 10);
            store.flush();
            for (String sweeping : List.of("*", "*.*")) {
                LifecycleException e = assertThrows(LifecycleException.class,
                        () -> store.admin.lifecycle().delete(sweeping, false, false));
                assertTrue(e.getMessage().contains("force"), e.getMessage());
            }
            assertTrue(Files.exists(store.file("a.b")));
            assertEquals(List.of("a.b"), store.admin.lifecycle().delete("*", true, false)
                    .metrics());
            assertFalse(Files.exists(store.whisper.resolve("a")));
            assertTrue(Files.exists(store.whisper), "the tree's root stays");
        }
    }

    @Test
    void renameMovesFileAndCachedPointsAndSubtree() throws Exception {
        try (Store store = new Store(dir, SCHEMAS)) {
            store.send("old.x", T - 300, 10, 10);
            store.send("old.sub.y", T - 300, 10, 10);
            store.flush();
            store.send("old.x", T - 20, 3, 10); // cached only
            store.send("old.z", T - 20, 2, 10); // no file yet
            MetricLifecycle.Renamed renamed = store.admin.lifecycle().rename("old", "new.place",
                    false, false);
            assertEquals(3, renamed.moves().size());
            store.flush();
            assertFalse(Files.exists(store.whisper.resolve("old")));
            assertEquals(13, store.pointsOnDisk("new.place.x", 600));
            assertEquals(10, store.pointsOnDisk("new.place.sub.y", 600));
            assertEquals(2, store.pointsOnDisk("new.place.z", 600));
            assertTrue(store.replayed().read("old.x").isEmpty()
                    && store.replayed().read("old.z").isEmpty(), "the log moved on");
        }
    }

    @Test
    void renameIntoAnExistingMetricFillsItsGapsWithoutOverwriting() throws Exception {
        try (Store store = new Store(dir, SCHEMAS)) {
            store.send("from.m", T - 100, 10, 10); // values 1..10 at T-100..T-10
            store.send("to.m", T - 50, 2, 10); // values 1, 2 at T-50, T-40
            store.flush();
            MetricLifecycle.Renamed renamed = store.admin.lifecycle().rename("from.m", "to.m",
                    false, false);
            assertTrue(renamed.moves().get(0).merged());
            try (WhisperFile file = WhisperFile.open(store.file("to.m"), false)) {
                FetchResult r = file.fetch(T - 110, T - 10, T);
                assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 1.0, 2.0, 8.0, 9.0, 10.0),
                        java.util.Arrays.stream(r.values()).boxed().toList());
            }
            assertFalse(Files.exists(store.file("from.m")));
        }
    }

    @Test
    void renameRefusesItselfItsOwnSubtreeGlobsAndAnotherSchemaWithoutForce() throws Exception {
        try (Store store = new Store(dir, SCHEMAS)) {
            store.send("a.b", T - 60, 3, 10);
            store.send("other.b", T - 60, 3, 60);
            store.flush();
            MetricLifecycle lifecycle = store.admin.lifecycle();
            assertTrue(assertThrows(LifecycleException.class, () -> lifecycle.rename("a.b",
                    "a.b", false, false)).getMessage().contains("onto itself"));
            assertTrue(assertThrows(LifecycleException.class, () -> lifecycle.rename("a",
                    "a.b.c", false, false)).getMessage().contains("own subtree"));
            assertTrue(assertThrows(LifecycleException.class, () -> lifecycle.rename("a.*",
                    "c", false, false)).getMessage().contains("glob"));
            assertTrue(assertThrows(LifecycleException.class, () -> lifecycle.rename("a.b",
                    "x..y", false, false)).getMessage().contains("to"));
            LifecycleException schema = assertThrows(LifecycleException.class,
                    () -> lifecycle.rename("a.b", "other.b", false, false));
            assertTrue(schema.getMessage().contains("other archives"), schema.getMessage());
            assertTrue(Files.exists(store.file("a.b")), "nothing moved");
            lifecycle.rename("a.b", "other.b", true, false);
            assertFalse(Files.exists(store.file("a.b")));
        }
    }

    @Test
    void renameWhilePointsKeepArrivingLosesNone() throws Exception {
        try (Store store = new Store(dir, SCHEMAS)) {
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            store.send("live.m", T - 8000, 1, 10);
            store.flush();
            sent.incrementAndGet();
            Thread sender = Thread.ofPlatform().start(() -> {
                // one point per slot, older first: every point lands in its own slot
                for (int i = 1; sending.get() && i < 790; i++) {
                    store.send("live.m", T - 8000 + 10L * i, 1, 10);
                    sent.incrementAndGet();
                    Thread.onSpinWait();
                }
            });
            store.admin.lifecycle().rename("live.m", "moved.m", false, false);
            sending.set(false);
            sender.join();
            store.flush();
            int moved = store.pointsOnDisk("moved.m", 8100);
            int stayed = Files.exists(store.file("live.m")) ? store.pointsOnDisk("live.m", 8100)
                    : 0;
            assertEquals(sent.get(), moved + stayed, "moved " + moved + ", sent to the old"
                    + " name after the rename " + stayed);
        }
    }

    @Test
    void deleteWhilePointsKeepArrivingKeepsOnlyThoseSentAfter() throws Exception {
        try (Store store = new Store(dir, SCHEMAS)) {
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            CountDownLatch deleted = new CountDownLatch(1);
            Thread sender = Thread.ofPlatform().start(() -> {
                for (int i = 0; sending.get() && i < 790; i++) {
                    if (i == 700) {
                        // a slow delete (an fsync on a busy disk) must leave points to send after
                        awaitQuietly(deleted);
                    }
                    store.send("busy.m", T - 8000 + 10L * i, 1, 10);
                    sent.incrementAndGet();
                    if (i % 50 == 0) {
                        Thread.yield();
                    }
                }
            });
            while (sent.get() < 100) {
                Thread.onSpinWait();
            }
            int before = sent.get();
            store.admin.lifecycle().delete("busy.m", false, false);
            int after = sent.get();
            deleted.countDown();
            while (sent.get() < Math.min(790, after + 50)) {
                Thread.onSpinWait();
            }
            sending.set(false);
            sender.join();
            store.flush();
            int total = sent.get();
            MetricCache replayed = store.replayed();
            for (var point : replayed.read("busy.m")) {
                assertTrue(point.timestamp() >= T - 8000 + 10L * before,
                        "a point sent before the delete came back from the log: " + point);
            }
            try (WhisperFile file = WhisperFile.open(store.file("busy.m"), false)) {
                FetchResult r = file.fetch(T - 8010, T, T);
                for (int i = 0; i < total; i++) {
                    double value = r.values()[(int) ((T - 8000 + 10L * i - r.from()) / 10)];
                    if (i < before) {
                        assertTrue(Double.isNaN(value), "point " + i + " was deleted");
                    } else if (i >= after) {
                        assertEquals(1.0, value, "point " + i + " came after the delete");
                    }
                }
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
