package org.dkumonitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dkumonitor.core.cluster.CarbonHashRing;
import org.dkumonitor.core.cluster.ClusterNode;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.relay.LineCapture;
import org.dkumonitor.server.relay.RelayConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our relay and Debian's carbon-c-relay, both running, fed the same 10,000 metric names, each
 * forwarding to its own set of capture sockets standing for the same ring members: every name
 * must reach the same member. Skipped where carbon-c-relay is not installed (core's golden file
 * of placements still checks the ring there).
 */
@Timeout(120)
class RelayPlacementParityTest {

    private static final Path CARBON_C_RELAY = Path.of("/usr/bin/carbon-c-relay");

    @TempDir
    Path root;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    static List<String> names() {
        String[] plugins = {"cpu.0.percent.user", "memory.memory.used", "load.load.shortterm",
            "df.root.df_complex.free", "disk.sda.disk_ops.read", "interface.eth0.if_octets.rx",
            "processes.ps_state.running", "uptime.uptime"};
        List<String> names = new ArrayList<>(10_000);
        for (int i = 0; names.size() < 10_000; i++) {
            names.add(i % 3 == 0 ? "stats.timers.api" + i + ".upper_90"
                    : "collectd.host" + (i / plugins.length) + "." + plugins[i % plugins.length]);
        }
        return names;
    }

    @Test
    void threeNodesOfOneHostGetTheNamesCarbonCRelayGivesThem() throws Exception {
        assertSamePlacement(List.of("a", "b", "c"), "carbon-relay");
    }

    @Test
    void withCarbonCRelaysPlacementFourNodesWhoseRingPositionsCollideToo() throws Exception {
        List<ClusterNode> four = List.of(ClusterNode.parse("127.0.0.1:1:a"),
                ClusterNode.parse("127.0.0.1:2:b"), ClusterNode.parse("127.0.0.1:3:c"),
                ClusterNode.parse("127.0.0.1:4:d"));
        CarbonHashRing carbon = new CarbonHashRing(four, CarbonHashRing.Placement.CARBON_RELAY);
        CarbonHashRing cRelay = new CarbonHashRing(four,
                CarbonHashRing.Placement.CARBON_C_RELAY);
        long differ = names().stream()
                .filter(n -> !carbon.nodeFor(n).equals(cRelay.nodeFor(n))).count();
        assertTrue(differ > 0, "this ring has a collision, where carbon-relay's placement"
                + " and carbon-c-relay's differ");
        assertSamePlacement(List.of("a", "b", "c", "d"), "carbon-c-relay");
    }

    private void assertSamePlacement(List<String> instances, String placement) throws Exception {
        assumeTrue(Files.isExecutable(CARBON_C_RELAY), "carbon-c-relay is not installed");
        List<LineCapture> theirs = new ArrayList<>();
        List<LineCapture> ours = new ArrayList<>();
        List<String> ourDestinations = new ArrayList<>();
        StringBuilder cluster = new StringBuilder();
        for (String instance : instances) {
            LineCapture their = capture();
            LineCapture our = capture();
            theirs.add(their);
            ours.add(our);
            // the ring hashes host and instance, not port: the two sets stand for one ring
            cluster.append("        127.0.0.1:").append(their.port()).append('=')
                    .append(instance).append('\n');
            ourDestinations.add("127.0.0.1:" + our.port() + ":" + instance);
        }
        int relayPort = freePort();
        Path conf = root.resolve("relay.conf");
        Files.writeString(conf, "listen\n    type linemode\n        127.0.0.1:" + relayPort
                + " proto tcp\n    ;\ncluster nodes\n    carbon_ch replication 1\n" + cluster
                + "    ;\nmatch * send to nodes stop;\n");
        Process carbonCRelay = new ProcessBuilder(CARBON_C_RELAY.toString(), "-f",
                conf.toString(), "-s", "-l", root.resolve("relay.log").toString()).start();
        open.add(() -> {
            carbonCRelay.destroy();
            carbonCRelay.waitFor(10, TimeUnit.SECONDS);
        });
        DataDir dataDir = new DataDir(root.resolve("ours"));
        Files.createDirectories(dataDir.conf());
        MetricsServer relay = MetricsServer.start(dataDir, new ServerConfig(
                new ServerConfig.Carbon("127.0.0.1", 0, false, null, 60, null),
                new ServerConfig.Api("127.0.0.1", 0), null,
                new ServerConfig.SelfMetrics(false, null, null), null)
                .withRelay(new RelayConfig(ourDestinations, 1, placement, 10, null)),
                InstantSource.system());
        open.add(relay::stop);

        List<String> names = names();
        StringBuilder lines = new StringBuilder();
        long now = System.currentTimeMillis() / 1000;
        for (String name : names) {
            lines.append(name).append(" 1 ").append(now).append('\n');
        }
        send(relayPort, lines.toString(), 10_000);
        send(relay.plaintextPort(), lines.toString(), 0);
        Map<String, String> theirPlaces = places(theirs, instances, names.size());
        Map<String, String> ourPlaces = places(ours, instances, names.size());
        List<String> different = new ArrayList<>();
        for (String name : names) {
            if (!ourPlaces.get(name).equals(theirPlaces.get(name))) {
                different.add(name + ": carbon-c-relay " + theirPlaces.get(name) + ", ours "
                        + ourPlaces.get(name));
            }
        }
        assertEquals(List.of(), different.subList(0, Math.min(10, different.size())),
                different.size() + " of " + names.size() + " names placed differently");
        for (LineCapture capture : ours) {
            assertTrue(capture.lines().size() > names.size() / (4 * instances.size()),
                    "every member has its share");
        }
    }

    /** Which instance got each name; every name exactly once. */
    private static Map<String, String> places(List<LineCapture> captures, List<String> instances,
            int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (captures.stream().mapToInt(c -> c.lines().size()).sum() < expected) {
            assertTrue(System.currentTimeMillis() < deadline, "only "
                    + captures.stream().mapToInt(c -> c.lines().size()).sum() + " arrived");
            Thread.sleep(20);
        }
        Map<String, String> places = new HashMap<>();
        for (int i = 0; i < captures.size(); i++) {
            for (String name : captures.get(i).names()) {
                assertEquals(null, places.put(name, instances.get(i)), name + " sent twice");
            }
        }
        assertEquals(expected, places.size());
        return places;
    }

    private LineCapture capture() throws IOException {
        LineCapture capture = new LineCapture("127.0.0.1", 0);
        open.add(capture);
        return capture;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Sends the lines, retrying the connection for up to {@code waitMillis} (a relay starting). */
    private static void send(int port, String lines, long waitMillis) throws Exception {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (true) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = socket.getOutputStream();
                out.write(lines.getBytes(StandardCharsets.UTF_8));
                socket.shutdownOutput();
                socket.getInputStream().read();
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
