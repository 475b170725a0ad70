package org.dkumonitor.server.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageWatchTest {

    private static final long T = Store.START;

    @TempDir
    Path dir;

    @Test
    void countsTheFilesThatDisagreeAndSaysSoOncePerRule() throws Exception {
        try (Store store = new Store(dir, "[a]\npattern = ^a\\.\nretentions = 10s:1h\n\n"
                + "[b]\npattern = .*\nretentions = 60s:1d\n")) {
            store.send("a.one", T - 60, 2, 10);
            store.send("a.two", T - 60, 2, 10);
            store.send("b.one.count", T - 60, 2, 60);
            store.flush();
            StorageWatch watch = new StorageWatch(store.whisper, store.rules);
            assertEquals(-1, watch.mismatched(), "unknown before the first check");
            List<String> lines = logged(watch);
            assertEquals(0, watch.mismatched());
            assertTrue(lines.get(0).startsWith("all 3 whisper files agree"), lines.toString());

            Path schemas = store.dir.resolve("storage-schemas.conf");
            Files.writeString(schemas, "[a]\npattern = ^a\\.\nretentions = 10s:2h\n\n"
                    + "[b]\npattern = .*\nretentions = 60s:1d\n");
            Files.writeString(store.dir.resolve("storage-aggregation.conf"),
                    "[sum]\npattern = \\.count$\nxFilesFactor = 0.5\naggregationMethod = max\n");
            FileTime later = FileTime.fromMillis(System.currentTimeMillis() + 5000);
            Files.setLastModifiedTime(schemas, later);
            Files.setLastModifiedTime(store.dir.resolve("storage-aggregation.conf"), later);
            assertTrue(store.rules.reloadIfChanged());
            lines = new ArrayList<>(logged(watch));
            lines.sort(null);
            assertEquals(3, watch.mismatched());
            assertEquals(2, lines.size(), "one line per rule: " + lines);
            assertTrue(lines.get(0).startsWith("1 whisper file disagrees with"
                    + " storage-aggregation.conf:1 [sum]"), lines.get(0));
            assertTrue(lines.get(1).startsWith("2 whisper files disagree with"
                    + " storage-schemas.conf:3 [a] (retentions = 10:720), e.g. "), lines.get(1));
            assertTrue(lines.get(1).contains("dkmadmin storage resize --apply"), lines.get(1));
        }
    }

    private static List<String> logged(StorageWatch watch) {
        List<String> lines = new ArrayList<>();
        Logger log = Logger.getLogger(StorageWatch.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            watch.check();
        } finally {
            log.removeHandler(capture);
        }
        return lines;
    }
}
