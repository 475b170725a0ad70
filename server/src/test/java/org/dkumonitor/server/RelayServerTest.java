package org.dkumonitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dkumonitor.core.cluster.CarbonHashRing;
import org.dkumonitor.core.cluster.ClusterNode;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.relay.LineCapture;
import org.dkumonitor.server.relay.RelayConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The relay role end to end: points in on the carbon port, out to the ring's members. */
@Timeout(60)
class RelayServerTest {

    @TempDir
    Path root;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private LineCapture capture(int port) throws IOException {
        LineCapture capture = new LineCapture("127.0.0.1", port);
        open.add(capture);
        return capture;
    }

    private MetricsServer relay(List<String> destinations, int replication, int spoolMegabytes,
            boolean selfMetrics) throws IOException {
        DataDir dataDir = new DataDir(root);
        Files.createDirectories(dataDir.conf());
        ServerConfig config = new ServerConfig(
                new ServerConfig.Carbon("127.0.0.1", 0, false, 0, 60, null),
                new ServerConfig.Api("127.0.0.1", 0), null,
                new ServerConfig.SelfMetrics(selfMetrics, 3600, "relayhost"), null)
                .withRelay(new RelayConfig(destinations, replication, null, spoolMegabytes, 4));
        MetricsServer server = MetricsServer.start(dataDir, config, InstantSource.system());
        open.add(server::stop);
        return server;
    }

    private static void send(int port, String lines) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(lines.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            socket.getInputStream().read();
        }
    }

    private static String lines(int count, long timestamp) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append("relay.test.m").append(i).append(".value ").append(i).append(' ')
                    .append(timestamp).append('\n');
        }
        return out.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void placesEveryPointOnTheMemberCarbonsRingChooses() throws Exception {
        List<LineCapture> members = List.of(capture(0), capture(0), capture(0));
        List<String> destinations = List.of("127.0.0.1:" + members.get(0).port() + ":a",
                "127.0.0.1:" + members.get(1).port() + ":b",
                "127.0.0.1:" + members.get(2).port() + ":c");
        MetricsServer server = relay(destinations, 1, 10, false);
        long now = System.currentTimeMillis() / 1000;
        send(server.plaintextPort(), lines(3000, now));
        CarbonHashRing ring = new CarbonHashRing(destinations.stream().map(ClusterNode::parse)
                .toList());
        int total = 0;
        long deadline = System.currentTimeMillis() + 20_000;
        while (members.stream().mapToInt(c -> c.lines().size()).sum() < 3000
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        for (int m = 0; m < 3; m++) {
            ClusterNode node = ClusterNode.parse(destinations.get(m));
            for (String name : members.get(m).names()) {
                assertEquals(node, ring.nodeFor(name), name + " went to " + node);
                total++;
            }
            assertTrue(members.get(m).lines().size() > 500, "each member gets its share");
        }
        assertEquals(3000, total);
        assertTrue(members.get(0).lines().contains("relay.test.m0.value 0 " + now)
                || members.get(1).lines().contains("relay.test.m0.value 0 " + now)
                || members.get(2).lines().contains("relay.test.m0.value 0 " + now),
                "the line is forwarded as received");
    }

    @Test
    void replicationFactorTwoSendsEachMetricToTwoMembers() throws Exception {
        List<LineCapture> members = List.of(capture(0), capture(0), capture(0));
        // the ring hashes host and instance: members on one address need instances
        List<String> destinations = List.of("127.0.0.1:" + members.get(0).port() + ":x",
                "127.0.0.1:" + members.get(1).port() + ":y",
                "127.0.0.1:" + members.get(2).port() + ":z");
        MetricsServer server = relay(destinations, 2, 10, false);
        send(server.plaintextPort(), lines(1000, System.currentTimeMillis() / 1000));
        long deadline = System.currentTimeMillis() + 20_000;
        while (members.stream().mapToInt(c -> c.lines().size()).sum() < 2000
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        Map<String, Integer> copies = new java.util.HashMap<>();
        for (LineCapture member : members) {
            Set<String> once = new HashSet<>(member.names());
            assertEquals(member.names().size(), once.size(), "never twice to one member");
            once.forEach(name -> copies.merge(name, 1, Integer::sum));
        }
        assertEquals(1000, copies.size());
        assertTrue(copies.values().stream().allMatch(c -> c == 2), "two copies each");
    }

    @Test
    void pointsOnThePicklePortAreRelayedAsCarbonLines() throws Exception {
        LineCapture member = capture(0);
        MetricsServer server = relay(List.of("127.0.0.1:" + member.port()), 1, 10, false);
        long now = System.currentTimeMillis() / 1000;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.picklePort())) {
            // carbon's pickle protocol 0: [('pickled.metric', (now, 2.5))]
            byte[] pickle = ("(lp0\n(S'pickled.metric'\np1\n(L" + now + "L\nF2.5\ntp2\n"
                    + "tp3\na.").getBytes(StandardCharsets.ISO_8859_1);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(pickle.length);
            out.write(pickle);
            socket.shutdownOutput();
            socket.getInputStream().read();
        }
        assertTrue(member.await(1, 10_000), "got " + member.lines());
        assertEquals(List.of("pickled.metric 2.5 " + now), member.lines());
    }

    @Test
    void aDestinationDownAtStartGetsItsPointsLaterInOrder() throws Exception {
        int port = freePort();
        MetricsServer server = relay(List.of("127.0.0.1:" + port), 1, 10, false);
        long now = System.currentTimeMillis() / 1000;
        // more batches than the memory queue holds (4 here): the rest go to the disk spool
        for (int round = 0; round < 5; round++) {
            send(server.plaintextPort(), lines(3000, now - 60 * (5 - round)));
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (server.relay().queuedLines() < 15_000 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(15_000, server.relay().queuedLines(), "all kept while it is down");
        assertTrue(Files.list(root.resolve("storage/spool/relay")).findAny().isPresent(),
                "spooled to disk");
        LineCapture member = capture(port);
        assertTrue(member.await(15_000, 30_000), "got " + member.lines().size());
        List<String> lines = member.lines();
        long last = 0;
        for (String line : lines) {
            long timestamp = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            assertTrue(timestamp >= last, "in the order received: " + line);
            last = timestamp;
        }
        assertEquals(15_000, new HashSet<>(lines).size(), "every point, none twice");
    }

    @Test
    void aFullSpoolDropsTheOldestAndCountsThemPerDestination() throws Exception {
        LineCapture up = capture(0);
        int downPort = freePort();
        List<String> destinations = List.of("127.0.0.1:" + up.port() + ":up",
                "127.0.0.1:" + downPort + ":down");
        MetricsServer server = relay(destinations, 2, 1, true);
        long now = System.currentTimeMillis() / 1000;
        for (int round = 0; round < 12; round++) {
            send(server.plaintextPort(), lines(5000, now - 60 * (12 - round)));
            // one round at a time for the member that is up, so that only the one that is down
            // outgrows its spool (a loaded machine made the up one spool and drop too)
            assertTrue(up.await(5000 * (round + 1), 20_000), "round " + round + ": "
                    + up.lines().size() + " lines");
        }
        assertTrue(up.await(60_000, 30_000), () -> "the member that is up gets everything: "
                + up.lines().size() + " lines");
        Map<String, Double> figures = server.selfMetrics().report();
        String down = "destinations.127_0_0_1_" + downPort + "_down.";
        assertTrue(figures.get(down + "dropped") > 0, figures.toString());
        assertTrue(figures.get(down + "queued") > 0, figures.toString());
        assertTrue(figures.get(down + "queued") < 60_000, "bounded: " + figures);
        String upPrefix = "destinations.127_0_0_1_" + up.port() + "_up.";
        assertEquals(0.0, figures.get(upPrefix + "dropped"));
        assertTrue(figures.get(upPrefix + "sent") >= 60_000, figures.toString());
        assertEquals(60_000.0, figures.get("metricsReceived"));
        assertTrue(server.selfMetrics().prefix().startsWith("carbon.relays.relayhost"),
                server.selfMetrics().prefix());
        assertFalse(Files.exists(root.resolve("storage/whisper/relay")), "nothing stored here");
    }
}
