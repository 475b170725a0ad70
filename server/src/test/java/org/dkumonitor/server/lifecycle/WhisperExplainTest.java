package org.dkumonitor.server.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.dkumonitor.server.refusals.RecentRefusals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhisperExplainTest {

    private static final String SCHEMAS = "# retentions\n[web]\npattern = ^web\\.\n"
            + "retentions = 10s:1d\n\n[default]\npattern = .*\nretentions = 60s:1d\n";
    private static final long T = Store.START;

    @TempDir
    Path dir;

    @Test
    void tellsTheRulesFileWaitingPointsAndRefusals() throws Exception {
        try (Store store = new Store(dir, SCHEMAS)) {
            store.send("web.hits.count", T - 100, 5, 10);
            store.flush();
            store.persister.hold(List.of("web.hits.count"), true);
            store.send("web.hits.count", T - 20, 2, 10);
            store.refusals.record("web.hits.count", RecentRefusals.Reason.FUTURE, 3);
            MetricLifecycle.Explanation e = store.admin.lifecycle().explain("web.hits.count");
            assertEquals("storage-schemas.conf", e.schema().file());
            assertEquals(4, e.schema().line());
            assertEquals("web", e.schema().section());
            assertEquals("sum", e.aggregation().section());
            assertEquals(1, e.aggregation().line());
            assertNotNull(e.file());
            assertTrue(e.file().agreesWithRules());
            assertEquals(T - 60, e.file().newestPoint());
            assertEquals(2, e.waiting().points());
            assertTrue(e.waiting().inWriteAheadLog());
            assertEquals(3L, e.refusedLastHour().get(RecentRefusals.Reason.FUTURE));
        }
    }

    @Test
    void aMetricWithoutAFileOrWithAnUnsafeNameIsExplainedToo() throws Exception {
        try (Store store = new Store(dir, SCHEMAS)) {
            store.refusals.record("a..b", RecentRefusals.Reason.NAME, 2);
            MetricLifecycle.Explanation bad = store.admin.lifecycle().explain("a..b");
            assertNotNull(bad.nameError());
            assertNull(bad.file());
            assertEquals(2L, bad.refusedLastHour().get(RecentRefusals.Reason.NAME));
            MetricLifecycle.Explanation none = store.admin.lifecycle().explain("no.such");
            assertNull(none.nameError());
            assertNull(none.file());
            assertEquals("default", none.schema().section());
            assertEquals(8, none.schema().line(), "the [default] section's retentions");
            assertFalse(none.refusedLastHour().values().stream().anyMatch(c -> c > 0));
        }
    }
}
