package org.dkumonitor.server.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.dkumonitor.server.whisper.WhisperFile;
import org.dkumonitor.server.whisper.WhisperResize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnlineResizeTest {

    private static final String BEFORE = "[default]\npattern = .*\nretentions = 10s:1h\n";
    private static final String AFTER = "[default]\npattern = .*\nretentions = 10s:6h,1m:1d\n";
    private static final long T = Store.START;

    @TempDir
    Path dir;

    @Test
    void aDryRunListsTheFilesThatDisagreeByRuleAndChangesNothing() throws Exception {
        try (Store store = new Store(dir, BEFORE)) {
            store.send("a.one", T - 60, 3, 10);
            store.send("a.two.count", T - 60, 3, 10);
            store.flush();
            newRules(store, AFTER);
            OnlineResize.Result result = store.admin.resize().run(null, false);
            assertFalse(result.applied());
            assertEquals(2, result.check().mismatches().size());
            StorageCheck.RuleCount rule = result.check().byRule().get(0);
            assertEquals("storage-schemas.conf", rule.file());
            assertEquals(3, rule.line());
            assertEquals(2, rule.files());
            assertEquals(List.of(new WhisperResize.Layout(
                    org.dkumonitor.server.schema.RetentionParser.parseList("10s:1h"),
                    org.dkumonitor.server.whisper.AggregationMethod.AVERAGE, 0.5f)),
                    List.of(layout(store, "a.one")), "untouched");
            assertEquals(1, store.admin.resize().run("a.two", false).check().mismatches()
                    .size(), "a glob narrows it");
        }
    }

    @Test
    void resizingUnderLoadLosesNoPoint() throws Exception {
        int metrics = 40;
        try (Store store = new Store(dir, BEFORE)) {
            for (int m = 0; m < metrics; m++) {
                store.send("load.m" + m, T - 3000, 30, 10);
            }
            store.flush();
            newRules(store, AFTER);
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicInteger rounds = new AtomicInteger();
            Thread sender = Thread.ofPlatform().start(() -> {
                // every metric gets one more point per round, each into its own slot
                for (int r = 0; sending.get() && r < 200; r++) {
                    for (int m = 0; m < metrics; m++) {
                        store.send("load.m" + m, T - 2700 + 10L * r, 1, 10);
                    }
                    rounds.incrementAndGet();
                }
            });
            OnlineResize.Result result;
            try {
                result = store.admin.resize().run(null, true);
            } finally {
                sending.set(false);
                sender.join();
            }
            store.flush();
            assertEquals(metrics, result.resized());
            for (int m = 0; m < metrics; m++) {
                assertEquals(30 + rounds.get(), store.pointsOnDisk("load.m" + m, 3600),
                        "load.m" + m + " after " + rounds.get() + " rounds during the resize");
                assertTrue(new WhisperResize.Layout(
                        org.dkumonitor.server.schema.RetentionParser.parseList("10s:6h,1m:1d"),
                        org.dkumonitor.server.whisper.AggregationMethod.AVERAGE, 0.5f)
                        .matches(layout(store, "load.m" + m)));
            }
            assertEquals(0, store.admin.resize().run(null, false).check().mismatches().size());
        }
    }

    @Test
    void aResizeKilledHalfwayLeavesEveryFileWholeAndASecondRunFinishes() throws Exception {
        int files = 120;
        String before = "[default]\npattern = .*\nretentions = 10s:1d\n";
        String after = "[default]\npattern = .*\nretentions = 10s:2d,1m:1y\n";
        try (Store store = new Store(dir, before)) {
            for (int m = 0; m < files; m++) {
                store.send("killed.m" + m, T - 86_000, 8600, 10);
            }
            store.flush();
        }
        Files.writeString(dir.resolve("storage-schemas.conf"), after);
        // another JVM resizes the same tree and is killed with SIGKILL once it has done a few
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), ResizeChild.class.getName(),
                dir.toString()).redirectErrorStream(true).start();
        try {
            assertEquals("resizing", new String(child.getInputStream().readNBytes(8)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (resized(dir, files) < 3 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        try (Store store = new Store(dir, after)) {
            long left = store.admin.resize().run(null, false).check().mismatches().size();
            for (int m = 0; m < files; m++) {
                assertEquals(8600, store.pointsOnDisk("killed.m" + m, 86_400),
                        "killed.m" + m + " is whole, old or new");
            }
            OnlineResize.Result second = store.admin.resize().run(null, true);
            assertEquals(left, second.resized(), "the second run does what the first left");
            assertTrue(second.temporariesRemoved() <= 1, "at most the one being written");
            assertEquals(0, store.admin.resize().run(null, false).check().mismatches().size());
            try (var hidden = Files.walk(store.whisper)) {
                assertEquals(0, hidden.filter(p -> p.getFileName().toString().startsWith("."))
                        .count(), "no temporary file left");
            }
            assertTrue(left > 0 && left < files, "killed halfway: " + left + " left of "
                    + files);
        }
    }

    /** How many of the test's files have the new layout (two archives) already. */
    private static int resized(Path dir, int files) {
        int done = 0;
        for (int m = 0; m < files; m++) {
            Path file = dir.resolve("whisper/killed/m" + m + ".wsp");
            try (WhisperFile whisper = WhisperFile.open(file, false)) {
                done += whisper.header().archives().size() == 2 ? 1 : 0;
            } catch (RuntimeException e) {
                // being replaced right now
            }
        }
        return done;
    }

    private static WhisperResize.Layout layout(Store store, String metric) {
        try (WhisperFile file = WhisperFile.open(store.file(metric), false)) {
            return new WhisperResize.Layout(WhisperResize.retentions(file.header()),
                    file.header().aggregation(), file.header().xFilesFactor());
        }
    }

    private static void newRules(Store store, String schemas) throws IOException {
        Path file = store.dir.resolve("storage-schemas.conf");
        Files.writeString(file, schemas);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertTrue(store.rules.reloadIfChanged());
    }

    /** The resize of the killed-halfway test, in a JVM of its own. */
    public static final class ResizeChild {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            try (Store store = new Store(dir, Files.readString(dir.resolve(
                    "storage-schemas.conf")))) {
                System.out.print("resizing");
                System.out.flush();
                store.admin.resize().run(null, true);
            }
        }
    }
}
