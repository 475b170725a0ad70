package org.dkumonitor.server.clickhouse;

import static org.dkumonitor.server.clickhouse.BackedServer.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.dkumonitor.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same server, unchanged, over a Distributed table on two ClickHouse shards and over
 * Replicated tables on two replicas (with Debian's ZooKeeper), each a clickhouse-server of its
 * own on loopback; and a shard or replica going down.
 */
class ClickHouseClusterTest {

    private static final Path ZOOKEEPER_JAR = Path.of("/usr/share/java/zookeeper.jar");

    @TempDir
    Path root;

    private static String lines(int metrics, int points, long end, int offset) {
        StringBuilder out = new StringBuilder();
        for (int m = 0; m < metrics; m++) {
            for (int p = 0; p < points; p++) {
                out.append("cl.h").append(m % 5).append(".m").append(m).append(' ')
                        .append(m + p + offset).append(' ').append(end - 10L * (points - p))
                        .append('\n');
            }
        }
        return out.toString();
    }

    private static String replica(int tcpPort) {
        return "<replica><host>127.0.0.1</host><port>" + tcpPort + "</port><user>"
                + ClickHouseServer.USER + "</user><password>" + ClickHouseServer.PASSWORD
                + "</password></replica>";
    }

    @Test
    void readsAndWritesADistributedTableOverTwoShardsAndSurvivesAShardDown() throws Exception {
        int tcp1 = ClickHouseServer.freePort();
        int tcp2 = ClickHouseServer.freePort();
        String shards = "<?xml version=\"1.0\"?><yandex><remote_servers><dkm><shard>"
                + replica(tcp1) + "</shard><shard>" + replica(tcp2)
                + "</shard></dkm></remote_servers></yandex>";
        ClickHouseServer one = ClickHouseServer.prepare(root.resolve("one"),
                Map.of("config.d/shards.xml", shards), ClickHouseServer.freePort(), tcp1);
        ClickHouseServer two = ClickHouseServer.prepare(root.resolve("two"),
                Map.of("config.d/shards.xml", shards), ClickHouseServer.freePort(), tcp2);
        one.launch();
        two.launch();
        long end = System.currentTimeMillis() / 1000 / 10 * 10;
        ServerConfig.ClickHouse config = new ServerConfig.ClickHouse(List.of(
                one.url().toString(), two.url().toString()), "sharded", null, null, null, null,
                "conf/clickhouse.credentials", "dkm", false, true, null, 30, 1000, 20, null);
        try (BackedServer server = BackedServer.start(root.resolve("server"), config, 100_000,
                InstantSource.system())) {
            server.send(lines(100, 10, end, 0));
            server.flush();
            await(() -> one.sql("SELECT count() FROM sharded.graphite").strip(), "1000");
            // the Distributed index table sends the other shard's rows on its own time too
            await(() -> one.sql("SELECT uniq(Path) FROM sharded.graphite_index"
                    + " WHERE Path LIKE 'cl.h_.m%'").strip(), "100");
            long onOne = Long.parseLong(one.sql("SELECT count() FROM sharded.graphite_local")
                    .strip());
            long onTwo = Long.parseLong(two.sql("SELECT count() FROM sharded.graphite_local")
                    .strip());
            assertEquals(1000, onOne + onTwo);
            assertTrue(onOne > 0 && onTwo > 0, "both shards hold points: " + onOne + "/" + onTwo);
            JsonNode sum = server.render("from=-10min&target=" + q("sumSeries(cl.*.*)"));
            double expected = 0;
            for (int m = 0; m < 100; m++) {
                expected += m + 9;
            }
            assertTrue(sum.toString().contains("[" + expected + "," + (end - 10) + "]"),
                    sum.toString());
            assertEquals(5, BackedServer.json(server.get("/metrics/find?query=cl.*").body())
                    .size());

            two.stop();
            HttpResponse<String> down = server.get("/render?format=json&from=-10min&target="
                    + q("sumSeries(cl.*.*)"));
            assertTrue(down.statusCode() >= 500 && down.body().startsWith("ClickHouse at "),
                    down.statusCode() + " " + down.body());
            server.send(lines(100, 10, end, 1000).replace("cl.", "cl2."));
            server.flush(); // the Distributed table queues the down shard's rows
            two.launch();
            await(() -> one.sql("SELECT count() FROM sharded.graphite").strip(), "2000");
        } finally {
            one.stop();
            two.stop();
        }
    }

    @Test
    void readsAndWritesReplicatedTablesAndFailsOverToTheOtherReplica() throws Exception {
        assumeTrue(Files.isReadable(ZOOKEEPER_JAR), "Debian's zookeeper is not installed");
        int zkPort = ClickHouseServer.freePort();
        Process zookeeper = new ProcessBuilder("/usr/bin/java",
                "-Dzookeeper.admin.enableServer=false", "-Xmx64m",
                "-cp", ZOOKEEPER_JAR + ":/usr/share/java/slf4j-simple.jar",
                "org.apache.zookeeper.server.ZooKeeperServerMain", String.valueOf(zkPort),
                root.resolve("zookeeper").toString())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("zookeeper.log").toFile()).start();
        ClickHouseServer one = null;
        ClickHouseServer two = null;
        try {
            awaitPort(zkPort);
            one = replicaServer("one", zkPort, "r1");
            two = replicaServer("two", zkPort, "r2");
            long end = System.currentTimeMillis() / 1000 / 10 * 10;
            ServerConfig.ClickHouse config = new ServerConfig.ClickHouse(List.of(
                    one.url().toString(), two.url().toString()), "replicated", null, null, null,
                    null, "conf/clickhouse.credentials", null, true, true, null, 30, 1000, 20,
                    null);
            try (BackedServer server = BackedServer.start(root.resolve("server"), config,
                    100_000, InstantSource.system())) {
                server.send(lines(50, 10, end, 0));
                server.flush();
                ClickHouseServer second = two;
                await(() -> second.sql("SELECT count() FROM replicated.graphite").strip(),
                        "500");
                assertEquals("500", one.sql("SELECT count() FROM replicated.graphite").strip());

                one.stop(); // writes and reads go on through the other replica
                server.send(lines(50, 10, end, 0).replace("cl.", "later."));
                server.flush();
                assertEquals("1000", two.sql("SELECT count() FROM replicated.graphite").strip());
                JsonNode read = server.render("from=-10min&target=" + q("later.h1.m1"));
                assertTrue(read.toString().contains("[10.0," + (end - 10) + "]"),
                        read.toString());
                one.launch();
                ClickHouseServer first = one;
                await(() -> first.sql("SELECT count() FROM replicated.graphite").strip(),
                        "1000");
            }
        } finally {
            if (one != null) {
                one.stop();
            }
            if (two != null) {
                two.stop();
            }
            zookeeper.destroy();
            zookeeper.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private ClickHouseServer replicaServer(String name, int zkPort, String replica)
            throws IOException {
        String config = "<?xml version=\"1.0\"?><yandex><zookeeper><node><host>127.0.0.1</host>"
                + "<port>" + zkPort + "</port></node></zookeeper><macros><shard>01</shard>"
                + "<replica>" + replica + "</replica></macros><interserver_http_host>127.0.0.1"
                + "</interserver_http_host><interserver_http_port>"
                + ClickHouseServer.freePort() + "</interserver_http_port></yandex>";
        ClickHouseServer server = ClickHouseServer.prepare(root.resolve(name),
                Map.of("config.d/replica.xml", config), ClickHouseServer.freePort(),
                ClickHouseServer.freePort());
        server.launch();
        return server;
    }

    private static void await(Supplier<String> value, String expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = value.get();
        while (!last.equals(expected) && System.nanoTime() < deadline) {
            ClickHouseServer.sleep(100);
            last = value.get();
        }
        assertEquals(expected, last);
    }

    private static void awaitPort(int port) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                if (socket.isConnected()) {
                    return;
                }
            } catch (IOException e) {
                ClickHouseServer.sleep(100);
            }
        }
        throw new IOException("ZooKeeper did not listen on " + port);
    }
}
