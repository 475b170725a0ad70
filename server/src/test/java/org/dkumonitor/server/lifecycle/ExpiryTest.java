package org.dkumonitor.server.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpiryTest {

    private static final String SCHEMAS = "[default]\npattern = .*\nretentions = 1h:1y\n";
    private static final long DAY = 86_400;
    private static final long T = Store.START;

    @TempDir
    Path dir;

    /** A metric whose file was last written {@code daysAgo} days before the store's clock. */
    private static void metric(Store store, String name, long daysAgo) throws Exception {
        store.send(name, T - 3600, 1, 3600);
        store.flush();
        Files.setLastModifiedTime(store.file(name),
                FileTime.fromMillis((T - daysAgo * DAY) * 1000));
    }

    @Test
    void removesOnlyMetricsNotUpdatedForTheAgeAndWithNothingWaiting() throws Exception {
        try (Store store = new Store(dir, SCHEMAS)) {
            metric(store, "old.gone", 40);
            metric(store, "old.waiting", 40);
            metric(store, "fresh.kept", 2);
            store.persister.hold(List.of("old.waiting"), true);
            store.send("old.waiting", T - 60, 1, 60); // a point waiting in the cache
            Expiry.Result dry = store.admin.expiry().run(30 * DAY, false, false);
            assertEquals(List.of("old.gone"), dry.metrics());
            assertTrue(Files.exists(store.file("old.gone")), "a dry run removes nothing");
            Expiry.Result applied = store.admin.expiry().run(30 * DAY, true, false);
            assertTrue(applied.applied());
            assertFalse(Files.exists(store.file("old.gone")));
            assertFalse(Files.exists(store.whisper.resolve("old/gone.wsp")));
            assertTrue(Files.exists(store.file("old.waiting")));
            assertTrue(Files.exists(store.file("fresh.kept")));
        }
    }

    @Test
    void aClockInThePastExpiresNothingWrittenAfterIt() throws Exception {
        try (Store store = new Store(dir, SCHEMAS)) {
            metric(store, "a.b", 1);
            metric(store, "c.d", 1);
            store.now.set(T - 400 * DAY); // the clock was set back more than a year
            Expiry.Result result = store.admin.expiry().run(30 * DAY, true, false);
            assertEquals(List.of(), result.metrics());
            assertEquals(2, result.inTheFuture());
            assertTrue(Files.exists(store.file("a.b")) && Files.exists(store.file("c.d")));
        }
    }

    @Test
    void whenEveryMetricLooksStaleNothingIsRemovedWithoutForce() throws Exception {
        try (Store store = new Store(dir, SCHEMAS)) {
            metric(store, "a.b", 1);
            store.now.set(T + 400 * DAY); // the clock jumped ahead (or nothing came for a year)
            Expiry.Result result = store.admin.expiry().run(30 * DAY, true, false);
            assertTrue(result.refused().contains("clock"), result.refused());
            assertTrue(Files.exists(store.file("a.b")));
            assertNull(store.admin.expiry().run(30 * DAY, true, true).refused());
            assertFalse(Files.exists(store.file("a.b")));
        }
    }

    @Test
    void theDailyRunListsADayBeforeItRemoves() throws Exception {
        try (Store store = new Store(dir, SCHEMAS)) {
            metric(store, "stale.one", 40);
            metric(store, "fresh.one", 1);
            store.admin.expiry().daily(30 * DAY);
            assertTrue(Files.exists(store.file("stale.one")), "listed, not removed");
            store.now.addAndGet(DAY);
            store.admin.expiry().daily(30 * DAY);
            assertFalse(Files.exists(store.file("stale.one")));
            assertTrue(Files.exists(store.file("fresh.one")));
        }
    }

    @Test
    void refusesAnAgeUnderAnHour() throws Exception {
        try (Store store = new Store(dir, SCHEMAS)) {
            assertThrows(LifecycleException.class, () -> store.admin.expiry().run(60, true,
                    false));
        }
    }
}
