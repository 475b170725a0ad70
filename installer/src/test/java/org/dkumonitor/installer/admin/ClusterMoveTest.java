package org.dkumonitor.installer.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.core.cluster.CarbonHashRing;
import org.dkumonitor.core.cluster.ClusterNode;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.MetricsServer;
import org.dkumonitor.server.ServerConfig;
import org.dkumonitor.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * dkmadmin cluster plan and move against real servers on loopback: a third node joins a ring of
 * two, the metrics the ring now gives it move there (merged with what it already received),
 * and leave the old nodes; a second run finds nothing to do.
 */
@Timeout(120)
class ClusterMoveTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path root;

    private final List<MetricsServer> servers = new ArrayList<>();
    /** Two minutes ahead: the files written now count as quiet for a move's removal. */
    private final InstantSource clock = InstantSource.offset(InstantSource.system(),
            Duration.ofMinutes(2));

    @AfterEach
    void stop() {
        servers.forEach(MetricsServer::stop);
    }

    private MetricsServer node(String name, String schemas) throws IOException {
        DataDir dataDir = new DataDir(root.resolve(name));
        Files.createDirectories(dataDir.conf());
        Files.writeString(dataDir.confFile("storage-schemas.conf"), schemas);
        MetricsServer server = MetricsServer.start(dataDir, new ServerConfig(
                new ServerConfig.Carbon("127.0.0.1", 0, false, null, 600, null),
                new ServerConfig.Api("127.0.0.1", 0),
                new ServerConfig.Storage(20, null, null, null, null, null),
                new ServerConfig.SelfMetrics(false, null, null), null), clock);
        servers.add(server);
        return server;
    }

    private static void send(MetricsServer node, String lines) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), node.plaintextPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(lines.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            socket.getInputStream().read();
        }
    }

    private static String get(MetricsServer node, String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.apiPort()
                + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The values of a metric on one node alone, as render's raw text: "v1,v2,None,...". */
    private static String values(MetricsServer node, String metric, long from, long until)
            throws Exception {
        String raw = get(node, "/render?format=raw&local=1&target=" + metric + "&from=" + from
                + "&until=" + until).strip();
        return raw.isEmpty() ? "" : raw.substring(raw.indexOf('|') + 1);
    }

    private static void awaitWritten(MetricsServer node) {
        Await.until("the cache is written out", Duration.ofSeconds(20),
                () -> node.cache().size() == 0);
    }

    private String member(String instance, MetricsServer node) {
        return "127.0.0.1:" + node.plaintextPort() + ":" + instance + "=127.0.0.1:"
                + node.apiPort();
    }

    private int dkmadmin(StringWriter out, String... args) {
        CommandLine command = new CommandLine(new DkmAdminCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(out, true));
        return command.execute(args);
    }

    @Test
    void aNodeJoinsAndTheMetricsTheRingGivesItMoveThere() throws Exception {
        String minutes = "[all]\npattern = .*\nretentions = 60s:1d\n";
        MetricsServer a = node("a", minutes);
        MetricsServer b = node("b", minutes);
        // the new node keeps the 'sys.' metrics at ten seconds: another schema for one name
        MetricsServer c = node("c", "[fine]\npattern = ^sys\\.\nretentions = 10s:6h,60s:1d\n"
                + minutes);
        long now = clock.instant().getEpochSecond();
        long last = now - Math.floorMod(now, 60) - 600;
        CarbonHashRing two = new CarbonHashRing(List.of(ClusterNode.parse("127.0.0.1:1:a"),
                ClusterNode.parse("127.0.0.1:2:b")));
        StringBuilder toA = new StringBuilder();
        StringBuilder toB = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            String name = (m % 2 == 0 ? "app." : "sys.") + "metric" + m;
            names.add(name);
            StringBuilder into = two.nodeFor(name).instance().equals("a") ? toA : toB;
            for (int p = 0; p < 30; p++) {
                into.append(name).append(' ').append(m * 100 + p).append(' ')
                        .append(last - 60L * p).append('\n');
            }
        }
        send(a, toA.toString());
        send(b, toB.toString());
        awaitWritten(a);
        awaitWritten(b);
        String nodes = member("a", a) + "," + member("b", b) + "," + member("c", c);
        CarbonHashRing three = new CarbonHashRing(List.of(ClusterNode.parse("127.0.0.1:1:a"),
                ClusterNode.parse("127.0.0.1:2:b"), ClusterNode.parse("127.0.0.1:3:c")));
        List<String> toC = names.stream().filter(n -> three.nodeFor(n).instance().equals("c"))
                .toList();
        assertTrue(toC.size() >= 5, "the new node takes its share: " + toC);
        // since the relays point at the new ring, c already has the newest point of one metric,
        // with its own value, which the move must keep
        String first = toC.get(0);
        send(c, first + " 424242 " + last + "\n");
        awaitWritten(c);

        StringWriter plan = new StringWriter();
        assertEquals(3, dkmadmin(plan, "cluster", "plan", "--nodes", nodes), plan.toString());
        assertTrue(plan.toString().contains(toC.size() + " metrics to move"), plan.toString());

        // an earlier run that filled one metric and was cut off before removing the old copy
        String half = toC.get(1);
        MetricsServer holder = two.nodeFor(half).instance().equals("a") ? a : b;
        StringWriter filled = new StringWriter();
        HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.apiPort()
                + "/cluster/fill?metric=" + half + "&source=127.0.0.1:" + holder.apiPort()))
                .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        filled.flush();

        StringWriter move = new StringWriter();
        assertEquals(0, dkmadmin(move, "cluster", "move", "--apply", "--nodes", nodes),
                move.toString());
        assertTrue(move.toString().contains(toC.size() + " metrics moved"), move.toString());
        awaitWritten(c);
        for (String name : toC) {
            MetricsServer old = two.nodeFor(name).instance().equals("a") ? a : b;
            assertEquals("", values(old, name, last - 3600, last), name + " left " + old);
            String moved = values(c, name, last - 30 * 60, last);
            int m = Integer.parseInt(name.replaceAll("\\D", ""));
            String newest = name.equals(first) ? "424242.0" : (m * 100) + ".0";
            assertTrue(moved.endsWith("," + newest), name + " on c: " + moved);
            assertTrue(moved.contains((m * 100 + 29) + ".0"), "its whole history: " + moved);
        }
        StringWriter again = new StringWriter();
        assertEquals(0, dkmadmin(again, "cluster", "plan", "--nodes", nodes), again.toString());
        assertTrue(again.toString().contains("0 metrics to move"), again.toString());
    }

    @Test
    void refusesNodesItCannotUseWithAMessage() {
        StringWriter out = new StringWriter();
        int code = dkmadmin(out, "cluster", "plan", "--nodes",
                "127.0.0.1:2003=127.0.0.1:15002,127.0.0.1:2103=127.0.0.1:15102");
        assertEquals(1, code, out.toString());
        assertTrue(out.toString().contains("HOST:PORT:INSTANCE"), out.toString());
        StringWriter unreachable = new StringWriter();
        assertEquals(1, dkmadmin(unreachable, "cluster", "plan", "--nodes",
                "127.0.0.1:2003:a=127.0.0.1:1"), unreachable.toString());
        assertTrue(unreachable.toString().contains("cannot reach the API of 127.0.0.1:1"),
                unreachable.toString());
    }
}
