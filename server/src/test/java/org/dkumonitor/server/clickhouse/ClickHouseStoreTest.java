package org.dkumonitor.server.clickhouse;

import static org.dkumonitor.server.clickhouse.BackedServer.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.ServerConfig;
import org.dkumonitor.server.metrics.MetricName;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;
import org.dkumonitor.server.whisper.TimeSeriesPoint;
import org.dkumonitor.server.whisper.WhisperFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server storing in a real ClickHouse (Debian's 18.16), through carbon plaintext and the
 * Graphite API: carbon-clickhouse's rows, find through the index, reads merged with the cache,
 * de-duplication, the rollup step, sums computed in SQL. One ClickHouse for the class, one
 * database per test.
 */
class ClickHouseStoreTest {

    @TempDir
    static Path shared;
    private static ClickHouseServer clickhouse;

    @TempDir
    Path root;

    @BeforeAll
    static void startClickHouse() throws Exception {
        clickhouse = ClickHouseServer.start(shared.resolve("clickhouse"), Map.of());
    }

    @AfterAll
    static void stopClickHouse() {
        if (clickhouse != null) {
            clickhouse.stop();
        }
    }

    private BackedServer server(String database, int uploadMillis) throws Exception {
        return BackedServer.start(root, BackedServer.clickhouse(List.of(clickhouse.url()),
                database, uploadMillis, 30), 100_000, InstantSource.system());
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void writesCarbonClickhouseRowsThatFindAndRenderRead() throws Exception {
        long t = now() - now() % 10 - 100;
        try (BackedServer server = server("rows", 50)) {
            server.send("web.host1.cpu.user 1 " + t + "\nweb.host1.cpu.sys 2 " + t
                    + "\nweb.host2.cpu.user 3 " + t + "\ncpu.load;host=a;dc=x 4 " + t + "\n");
            server.flush();
            assertEquals("cpu.load?dc=x&host=a\t4\t" + t + "\n"
                    + "web.host1.cpu.sys\t2\t" + t + "\n"
                    + "web.host1.cpu.user\t1\t" + t + "\n"
                    + "web.host2.cpu.user\t3\t" + t + "\n",
                    clickhouse.sql("SELECT Path, Value, Time FROM rows.graphite"
                            + " ORDER BY Path FORMAT TSV"));
            assertEquals(String.valueOf(t / 86_400 * 86_400), clickhouse.sql(
                    "SELECT DISTINCT toUInt32(toDateTime(Date)) FROM rows.graphite").strip());
            assertEquals("""
                    20001\tweb.
                    20002\tweb.host1.
                    20002\tweb.host2.
                    20003\tweb.host1.cpu.
                    20003\tweb.host2.cpu.
                    20004\tweb.host1.cpu.sys
                    20004\tweb.host1.cpu.user
                    20004\tweb.host2.cpu.user
                    30004\tsys.cpu.host1.web
                    30004\tuser.cpu.host1.web
                    30004\tuser.cpu.host2.web
                    """, clickhouse.sql("SELECT DISTINCT Level, Path FROM rows.graphite_index"
                    + " WHERE Date = '1970-02-12' ORDER BY Level, Path FORMAT TSV"));
            assertEquals("4\tweb.host1.cpu.sys\n10004\tsys.cpu.host1.web\n",
                    clickhouse.sql("SELECT Level, Path FROM rows.graphite_index WHERE Date ="
                            + " toDate(" + t + ") AND Path LIKE '%sys%' ORDER BY Level"
                            + " FORMAT TSV"));
            assertEquals("""
                    __name__=cpu.load\tcpu.load?dc=x&host=a\t['__name__=cpu.load','dc=x','host=a']
                    dc=x\tcpu.load?dc=x&host=a\t['__name__=cpu.load','dc=x','host=a']
                    host=a\tcpu.load?dc=x&host=a\t['__name__=cpu.load','dc=x','host=a']
                    """, clickhouse.sql("SELECT Tag1, Path, Tags FROM rows.graphite_tagged"
                    + " ORDER BY Tag1 FORMAT TSV"));

            JsonNode found = BackedServer.json(server.get("/metrics/find?format=completer"
                    + "&query=web.*").body());
            assertEquals(List.of("web.host1.", "web.host2."), found.get("metrics")
                    .findValuesAsText("path"));
            assertEquals("[\"web.host1.cpu.sys\",\"web.host1.cpu.user\"]",
                    BackedServer.json(server.get("/metrics/expand?query=web.host1.cpu.*"
                            + "&leavesOnly=1").body()).get("results").toString());
            JsonNode rendered = server.render("from=-10min&target=" + q("web.*.cpu.user"));
            assertEquals(2, rendered.size());
            assertEquals("web.host2.cpu.user", rendered.get(1).get("target").asText());
            assertTrue(rendered.get(1).get("datapoints").toString().contains("[3.0," + t + "]"),
                    rendered.toString());
            JsonNode tagged = server.render("from=-10min&target=" + q("seriesByTag('host=a')"));
            assertEquals("cpu.load;dc=x;host=a", tagged.get(0).get("target").asText());
            assertTrue(tagged.get(0).get("datapoints").toString().contains("[4.0," + t + "]"));
        }
    }

    @Test
    void tagsApiAndClusterFindReadClickHouseAndTaggingByRequestIsRefusedByName()
            throws Exception {
        long t = now() - now() % 10 - 100;
        try (BackedServer server = server("tags", 50)) {
            server.send("disk.used;host=a;dc=x 1 " + t + "\ndisk.used;host=b;dc=y 2 " + t
                    + "\nplain.metric 3 " + t + "\n");
            server.flush();
            HttpResponse<String> found = server.get("/tags/findSeries?expr=" + q("dc=y"));
            assertEquals(200, found.statusCode(), found.body());
            assertEquals("[\"disk.used;dc=y;host=b\"]", found.body());
            HttpResponse<String> values = server.get("/tags/host");
            assertTrue(values.body().contains("\"value\":\"a\""), values.body());
            HttpResponse<String> tagged = server.post("/tags/tagSeries", "path="
                    + q("disk.free;host=c"));
            assertEquals(501, tagged.statusCode());
            assertTrue(tagged.body().contains("ClickHouse"), tagged.body());
            HttpResponse<String> pickle = server.get("/metrics/find?local=1&format=pickle"
                    + "&query=plain.*");
            assertEquals(200, pickle.statusCode(), pickle.body());
            assertTrue(pickle.body().contains("plain.metric"), pickle.body());
        }
    }

    @Test
    void aPointIsGraphableBeforeClickHouseHasIt() throws Exception {
        long t = now() - now() % 10 - 30;
        try (BackedServer server = server("cached", 60_000)) {
            server.send("fresh.metric 42 " + t + "\n");
            String window = "from=-5min&now=" + (t + 30) + "&target=fresh.metric";
            JsonNode before = server.render(window);
            assertTrue(before.toString().contains("[42.0," + t + "]"), before.toString());
            assertEquals("0", clickhouse.sql("SELECT count() FROM cached.graphite").strip());
            assertTrue(server.get("/metrics/find?query=fresh.*").body().contains("fresh.metric"));
            server.flush();
            assertEquals("1", clickhouse.sql("SELECT count() FROM cached.graphite").strip());
            assertEquals(before, server.render(window));
        }
    }

    @Test
    void theNewestTimestampWinsAmongRowsNotYetMerged() throws Exception {
        long t = now() - now() % 10 - 50;
        try (BackedServer server = server("dedup", 50)) {
            server.send("dup.metric 1 " + t + "\n");
            server.flush();
            clickhouse.sql("INSERT INTO dedup.graphite VALUES ('dup.metric', 7, " + t
                    + ", toDate(" + t + "), 4000000000), ('dup.metric', 5, " + t + ", toDate("
                    + t + "), 3000000000)");
            assertEquals("3", clickhouse.sql("SELECT count() FROM dedup.graphite").strip());
            JsonNode series = server.render("from=-5min&target=dup.metric");
            assertTrue(series.toString().contains("[7.0," + t + "]"), series.toString());
        }
    }

    @Test
    void theStepFollowsTheRequestsAgeAndTheRollupFunction() throws Exception {
        long day = 86_400;
        long now = now() - now() % 3600;
        long base = now - 2 * day - 3600;
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 6; i++) { // 10 s apart: one minute of the 1-minute archive
            long t = base + 10L * i;
            lines.append("old.gauge ").append(i + 1).append(' ').append(t).append('\n');
            lines.append("old.hits.count ").append(i + 1).append(' ').append(t).append('\n');
            lines.append("old.peak.max ").append(i + 1).append(' ').append(t).append('\n');
        }
        try (BackedServer server = server("steps", 50)) {
            server.send(lines.toString());
            server.flush();
            String window = "&now=" + now + "&from=" + (base - 60) + "&until=" + (base + 60);
            JsonNode old = server.render("target=old.gauge&target=old.hits.count"
                    + "&target=old.peak.max" + window);
            assertEquals("[[3.5," + base + "],[null," + (base + 60) + "]]",
                    old.get(0).get("datapoints").toString());
            assertEquals("[[21.0," + base + "],[null," + (base + 60) + "]]",
                    old.get(1).get("datapoints").toString());
            assertEquals("[[6.0," + base + "],[null," + (base + 60) + "]]",
                    old.get(2).get("datapoints").toString());
            JsonNode fine = server.render("target=old.gauge&now=" + (base + 100) + "&from="
                    + (base - 10) + "&until=" + (base + 20));
            assertEquals("[[1.0," + base + "],[2.0," + (base + 10) + "],[3.0," + (base + 20)
                    + "]]", fine.get(0).get("datapoints").toString());
        }
    }

    @Test
    void aggregatesComputedInClickHouseEqualTheSeriesAddedHere() throws Exception {
        long t0 = now() - now() % 10 - 600;
        StringBuilder lines = new StringBuilder();
        for (int m = 0; m < 20; m++) {
            for (int i = 0; i < 50; i++) {
                if ((m + i) % 7 != 0) {
                    lines.append("agg.m").append(m).append(' ').append(m * 0.5 + i * 1.25)
                            .append(' ').append(t0 + 10L * i).append('\n');
                }
            }
        }
        try (BackedServer server = server("aggregates", 60_000)) {
            // two points in one slot of a metric (rolled up by its function), and rows not
            // merged yet that share a time (the newest Timestamp wins)
            lines.append("agg.m1 100 ").append(t0 + 205).append('\n');
            server.send(lines.toString());
            server.flush();
            clickhouse.sql("INSERT INTO aggregates.graphite VALUES ('agg.m2', 999, " + (t0 + 300)
                    + ", toDate(" + t0 + "), 4000000000), ('agg.m2', -999, " + (t0 + 300)
                    + ", toDate(" + t0 + "), 1)");
            // newer points still in the cache replace and add to what ClickHouse holds
            server.send("agg.m3 1000 " + (t0 + 480) + "\nagg.m4 -7 " + (t0 + 490) + "\n");
            String window = "&from=" + (t0 - 10) + "&until=" + (t0 + 500);
            for (String function : List.of("sumSeries", "averageSeries", "minSeries",
                    "maxSeries")) {
                JsonNode pushed = server.render("target=" + q(function + "(agg.*)") + window);
                JsonNode here = server.render("target=" + q(function + "(group(agg.*))")
                        + window);
                assertEquals(function + "(agg.*)", pushed.get(0).get("target").asText());
                assertEquals(here.get(0).get("datapoints").size(),
                        pushed.get(0).get("datapoints").size());
                for (int i = 0; i < here.get(0).get("datapoints").size(); i++) {
                    JsonNode a = here.get(0).get("datapoints").get(i);
                    JsonNode b = pushed.get(0).get("datapoints").get(i);
                    assertEquals(a.get(1), b.get(1));
                    assertEquals(a.get(0).isNull(), b.get(0).isNull(), function + " " + a);
                    if (!a.get(0).isNull()) {
                        assertEquals(a.get(0).asDouble(), b.get(0).asDouble(), 1e-9,
                                function + " at " + a.get(1));
                    }
                }
            }
            JsonNode sum = server.render("target=" + q("sumSeries(agg.*)") + window);
            assertTrue(sum.toString().contains("[" + (1000.0 + sum(lines, t0 + 480, "agg.m3"))
                    + "," + (t0 + 480) + "]"), sum.toString());
            JsonNode max = server.render("target=" + q("maxSeries(agg.*)") + window);
            assertTrue(max.toString().contains("[999.0," + (t0 + 300) + "]"), max.toString());
        }
    }

    @Test
    void dualWriteKeepsWhisperFilesWrittenBesideClickHouse() throws Exception {
        long t = now() - now() % 10 - 20;
        ServerConfig.ClickHouse config = new ServerConfig.ClickHouse(List.of(
                clickhouse.url().toString()), "dual", null, null, null, null,
                "conf/clickhouse.credentials", null, null, true, true, 30, 1000, 20, null);
        try (BackedServer server = BackedServer.start(root, config, 10_000,
                InstantSource.system())) {
            server.send("both.stores 5 " + t + "\n");
            server.flush();
            assertEquals("5", clickhouse.sql("SELECT Value FROM dual.graphite").strip());
        }
        Path file = MetricName.whisperFile(root.resolve("storage/whisper"), "both.stores");
        try (WhisperFile whisper = WhisperFile.open(file, false)) {
            assertEquals(5.0, whisper.fetch(t - 10, t, t + 10).values()[0]);
        }
    }

    @Test
    void clickHouseMergesByTheRollupTheStorageRulesGive() {
        assertEquals(List.of(), RollupCheck.differences(clickhouse.client(), clickhouse.url(),
                ClickHouseServer.testRules(), "graphite_rollup"));
    }

    @Test
    void importCopiesEveryArchiveOnceAndGoesOnWhereItStopped() throws Exception {
        long now = now() - now() % 60;
        Path whisper = root.resolve("whisper");
        List<Retention> archives = List.of(new Retention(10, 60), new Retention(60, 60));
        for (String metric : List.of("imp.a", "imp.b")) {
            List<TimeSeriesPoint> points = new ArrayList<>();
            for (long t = now - 3000; t <= now; t += 10) {
                points.add(new TimeSeriesPoint(t, t % 600 + (metric.endsWith("b") ? 0.5 : 0)));
            }
            Path file = MetricName.whisperFile(whisper, metric);
            WhisperFile.create(file, archives, AggregationMethod.AVERAGE, 0, false);
            try (WhisperFile open = WhisperFile.open(file, true)) {
                open.updateMany(points, now);
            }
        }
        Files.writeString(whisper.resolve("imp/bad.wsp"), "not whisper");
        try (BackedServer server = server("imported", 50)) {
            ClickHouseHttp http = clickhouse.client();
            Tables tables = new Tables("imported", "graphite", "graphite_index",
                    "graphite_tagged", "graphite_rollup");
            Path state = root.resolve("import.done");
            StringWriter progress = new StringWriter();
            WhisperImport run = new WhisperImport(whisper, http, tables, state,
                    InstantSource.fixed(Instant.ofEpochSecond(now)), new PrintWriter(progress));
            List<String> metrics = run.metrics("imp");
            assertEquals(List.of("imp.a", "imp.b", "imp.bad"), metrics);
            WhisperImport.Summary first = run.run(metrics, false);
            assertEquals(1, first.failed(), progress.toString());
            assertTrue(progress.toString().contains("skipped imp.bad"), progress.toString());
            // each: 60 points of 10 s for the last 10 minutes, then the 41 minutes of 60 s
            // before them that hold data (the points began 50 minutes ago)
            assertEquals(202, first.points());
            String distinct = "SELECT count() FROM (SELECT DISTINCT Path, Time FROM"
                    + " imported.graphite)";
            assertEquals("202", clickhouse.sql(distinct).strip());
            assertEquals("1", clickhouse.sql("SELECT DISTINCT Timestamp FROM imported.graphite")
                    .strip(), "imported rows are older than any the server writes");
            JsonNode fine = server.render("target=imp.a&from=" + (now - 60) + "&until=" + now
                    + "&now=" + now);
            assertEquals("[" + (double) ((now - 50) % 600) + "," + (now - 50) + "]",
                    fine.get(0).get("datapoints").get(0).toString());
            JsonNode coarse = server.render("target=imp.a&from=" + (now - 1800) + "&until="
                    + (now - 1740) + "&now=" + now);
            assertEquals(1, countValues(coarse.get(0).get("datapoints")), coarse.toString());

            // a second run, and a run that finds an interrupted one's state, change nothing
            run.run(metrics, false);
            assertEquals("202", clickhouse.sql(distinct).strip());
            Files.writeString(state, "imp.a\nimp.b\n");
            WhisperImport.Summary resumed = run.run(metrics, false);
            assertEquals(2, resumed.skipped());
            assertEquals(0, resumed.points());
            assertEquals(coarse, server.render("target=imp.a&from=" + (now - 1800) + "&until="
                    + (now - 1740) + "&now=" + now));
            assertTrue(!Files.exists(state), "a completed run forgets its progress");
        }
    }

    private static int countValues(JsonNode datapoints) {
        int count = 0;
        for (JsonNode point : datapoints) {
            count += point.get(0).isNull() ? 0 : 1;
        }
        return count;
    }

    /** The sum at {@code t} of every agg metric but {@code except}, from the lines sent. */
    private static double sum(StringBuilder lines, long t, String except) {
        double total = 0;
        for (String line : lines.toString().split("\n")) {
            String[] parts = line.split(" ");
            if (Long.parseLong(parts[2]) == t && !parts[0].equals(except)) {
                total += Double.parseDouble(parts[1]);
            }
        }
        return total;
    }
}
