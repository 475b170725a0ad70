package org.dkumonitor.server.clickhouse;

import static org.dkumonitor.server.clickhouse.BackedServer.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ClickHouse away, failing or slow: the log keeps every point until ClickHouse has it, in
 * bounded memory; a read that ClickHouse cannot answer is a 5xx that names it; a query past the
 * time limit is cancelled on ClickHouse too.
 */
class ClickHouseFaultsTest {

    private static final String TINY_USER = """
            <?xml version="1.0"?>
            <yandex>
              <profiles><tiny><max_memory_usage>1000</max_memory_usage></tiny></profiles>
              <users><tiny><password></password><networks><ip>127.0.0.1</ip></networks>
                <profile>tiny</profile><quota>default</quota></tiny></users>
            </yandex>
            """;

    @TempDir
    Path root;

    private static String lines(String prefix, int metrics, int points, long end) {
        StringBuilder out = new StringBuilder();
        for (int p = 0; p < points; p++) {
            for (int m = 0; m < metrics; m++) {
                out.append(prefix).append(".m").append(m).append(' ').append(m + p).append(' ')
                        .append(end - 10L * (points - p)).append('\n');
            }
        }
        return out.toString();
    }

    @Test
    void clickHouseDownAtStartThenDuringLoadLosesNoPointInBoundedMemory() throws Exception {
        int http = ClickHouseServer.freePort();
        ClickHouseServer clickhouse = ClickHouseServer.prepare(root.resolve("clickhouse"),
                Map.of(), http, ClickHouseServer.freePort());
        long now = System.currentTimeMillis() / 1000;
        ServerConfig.ClickHouse config = BackedServer.clickhouse(List.of(clickhouse.url()),
                "outage", 20, 30);
        try (BackedServer server = BackedServer.start(root.resolve("server"), config, 1000,
                InstantSource.system())) {
            // down at start: the server runs, takes points, and says why it cannot read
            server.send(lines("early", 100, 20, now));
            HttpResponse<String> down = server.get("/render?format=json&target=early.m1");
            assertEquals(503, down.statusCode());
            assertTrue(down.body().contains("ClickHouse at " + clickhouse.url()), down.body());
            assertTrue(server.store().cache().size() <= 1000 + 2000, "bounded while down");
            assertTrue(server.store().backlogBytes() > 0 || !server.store().flush(200));

            clickhouse.launch();
            server.flush();
            assertEquals("2000", clickhouse.sql("SELECT count() FROM outage.graphite").strip());

            // down during load: more points than the cache holds, none lost
            clickhouse.stop();
            for (int round = 0; round < 5; round++) {
                server.send(lines("late" + round, 200, 10, now));
            }
            assertTrue(server.store().cache().shedPoints() > 0,
                    "a full cache sheds what the log keeps, instead of blocking the receivers");
            assertTrue(server.store().cache().size() <= 1000 + 2000);
            assertTrue(server.store().uploadFailures() > 0);
            clickhouse.launch();
            server.flush();
            assertEquals("12000", clickhouse.sql("SELECT count() FROM outage.graphite").strip());
            assertEquals("0", clickhouse.sql("SELECT count() FROM (SELECT Path, Time, count() AS"
                    + " c FROM outage.graphite GROUP BY Path, Time HAVING c > 1)").strip());
            assertTrue(server.render("from=-1h&target=" + q("late4.m199")).toString()
                    .contains("[" + (199 + 9) + ".0,"));
        } finally {
            clickhouse.stop();
        }
    }

    @Test
    void errorAnswersAndSlowQueriesAreA5xxNamingClickHouse() throws Exception {
        try (ClickHouseServer clickhouse = ClickHouseServer.start(root.resolve("clickhouse"),
                Map.of("users.d/tiny.xml", TINY_USER))) {
            long t = System.currentTimeMillis() / 1000 - 60;
            try (BackedServer server = BackedServer.start(root.resolve("server"),
                    BackedServer.clickhouse(List.of(clickhouse.url()), "errors", 20, 1), 10_000,
                    InstantSource.system())) {
                server.send(lines("err", 3, 3, t));
                server.flush();

                // a query ClickHouse cannot finish in time: 504, and killed there too
                clickhouse.sql("RENAME TABLE errors.graphite TO errors.real");
                clickhouse.sql("CREATE VIEW errors.graphite AS SELECT 'err.m1' AS Path,"
                        + " toFloat64(number) AS Value, toUInt32(" + t + ") AS Time,"
                        + " toDate(Time) AS Date, toUInt32(1) AS Timestamp FROM system.numbers"
                        + " WHERE sleep(0.05) = 0");
                long started = System.nanoTime();
                HttpResponse<String> slow = server.get("/render?format=json&from=-1h"
                        + "&target=err.m1");
                assertEquals(504, slow.statusCode(), slow.body());
                assertTrue(slow.body().contains("did not answer within 1000 ms"), slow.body());
                assertTrue(System.nanoTime() - started < 2_900_000_000L, "answered at the limit");
                long deadline = System.nanoTime() + 10_000_000_000L;
                String running;
                do {
                    ClickHouseServer.sleep(100);
                    running = clickhouse.sql("SELECT query_id, elapsed, query FROM"
                            + " system.processes WHERE query LIKE '%errors.graphite%'"
                            + " AND query NOT LIKE '%system.processes%' FORMAT TSV");
                } while (!running.isEmpty() && System.nanoTime() < deadline);
                assertEquals("", running, "the slow query was cancelled on ClickHouse");

                // an error answer: the table is gone
                clickhouse.sql("DROP TABLE errors.graphite");
                HttpResponse<String> missing = server.get("/render?format=json&from=-1h"
                        + "&target=err.m1");
                assertEquals(502, missing.statusCode());
                assertTrue(missing.body().contains("ClickHouse at") && missing.body()
                        .contains("error 60") && missing.body().contains("dkmadmin clickhouse"
                        + " init"), missing.body());
            }
            // a memory limit, and a syntax error, both as typed errors with ClickHouse's text
            ClickHouseHttp tiny = new ClickHouseHttp(List.of(clickhouse.url()),
                    new Credentials("tiny", ""), Duration.ofSeconds(2), Duration.ofSeconds(10));
            ClickHouseException memory = org.junit.jupiter.api.Assertions.assertThrows(
                    ClickHouseException.class, () -> tiny.execute("SELECT groupArray(number)"
                            + " FROM system.numbers LIMIT 1000000 FORMAT TSV"));
            assertEquals(241, memory.code(), memory.getMessage());
            assertEquals(502, memory.forReaders().status());
            ClickHouseException syntax = org.junit.jupiter.api.Assertions.assertThrows(
                    ClickHouseException.class, () -> clickhouse.client().execute("SELEC 1"));
            assertEquals(62, syntax.code());
            assertTrue(syntax.getMessage().contains("Syntax error"), syntax.getMessage());
        }
    }

    @Test
    void hostileNamesAreDataNeverSql() throws Exception {
        try (ClickHouseServer clickhouse = ClickHouseServer.start(root.resolve("clickhouse"),
                Map.of())) {
            long t = System.currentTimeMillis() / 1000 / 10 * 10 - 60;
            try (BackedServer server = BackedServer.start(root.resolve("server"),
                    BackedServer.clickhouse(List.of(clickhouse.url()), "hostile", 20, 30),
                    10_000, InstantSource.system())) {
                server.send("it's.a\"quote 1 " + t + "\nabc.x 2 " + t + "\nquery;x='1 3 " + t
                        + "\n");
                server.flush();
                // names no carbon line can carry, written by another writer
                clickhouse.sql("INSERT INTO hostile.graphite VALUES ('tab\\tname.x', 4, " + t
                        + ", toDate(" + t + "), 1), ('back\\\\slash.x', 5, " + t + ", toDate("
                        + t + "), 1)");
                clickhouse.sql("INSERT INTO hostile.graphite_index VALUES ('1970-02-12', 20002,"
                        + " 'tab\\tname.x', 1), ('1970-02-12', 20001, 'tab\\tname.', 1),"
                        + " ('1970-02-12', 20002, 'back\\\\slash.x', 1)");
                assertTrue(server.render("from=-10min&target=" + q("it?s.a?quote")).toString()
                        .contains("[1.0," + t + "]"));
                assertTrue(server.get("/metrics/find?query=" + q("it's.*")).body()
                        .contains("it's.a\\\"quote"));
                assertTrue(server.render("from=-10min&target=" + q("seriesByTag(\"x='1\")"))
                        .toString().contains("[3.0," + t + "]"));
                assertTrue(server.render("from=-10min&target=" + q("tab?name.*")).toString()
                        .contains("[4.0," + t + "]"));
                String tab = server.get("/metrics/find?query=" + q("tab\tname.*")).body();
                assertTrue(tab.contains("tab\\tname.x"), tab);
                assertTrue(server.render("from=-10min&target=" + q("back\\\\slash.x")).toString()
                        .contains("[5.0," + t + "]"));
                String back = server.get("/metrics/find?format=completer&query="
                        + q("back\\*.*")).body();
                assertTrue(back.contains("back\\\\slash"), back);
                for (String hostile : List.of("x'); DROP TABLE hostile.graphite; --",
                        "x\\'.*", "a_c.x", "a%.x", "\\", "'", "it's.a\".*", "{',\\}.*",
                        "[']*.x", "x\u0000y")) {
                    HttpResponse<String> render = server.get("/render?format=json&from=-10min"
                            + "&target=" + q(hostile));
                    assertTrue(render.statusCode() == 200 || render.statusCode() == 400,
                            hostile + ": " + render.statusCode() + " " + render.body());
                    assertTrue(!render.body().contains("abc.x"), hostile);
                    HttpResponse<String> find = server.get("/metrics/find?query=" + q(hostile));
                    assertTrue(find.statusCode() == 200 || find.statusCode() == 400,
                            hostile + ": " + find.statusCode() + " " + find.body());
                }
                assertEquals("5", clickhouse.sql("SELECT count() FROM hostile.graphite").strip());
            }
        }
    }

}
