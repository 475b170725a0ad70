package org.dkumonitor.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dkumonitor.core.cluster.CarbonHashRing;
import org.dkumonitor.core.cluster.ClusterNode;
import org.dkumonitor.testkit.TestPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's cluster, from the real bundle on loopback: two storage nodes and a relay that is
 * also the front end, installed with --relay-to and --cluster-servers and started with dkm.
 * Points sent to the relay land on the node carbon's ring gives them, the front end answers
 * over both, and dkmadmin cluster plan finds nothing to move.
 */
@Timeout(300)
class ClusterBundleIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Path> installs = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (Path install : installs) {
            if (Files.exists(install.resolve("run/supervisor.sock"))) {
                Command.run(install.resolve("bin/dkm").toString(), "stop");
            }
        }
    }

    private Path install(Path bundle, Path dataDir, int port, String... more) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("-d", dataDir.toString(), "-p",
                Integer.toString(port)));
        arguments.addAll(List.of(more));
        Command install = Bundles.installer(bundle, arguments.toArray(String[]::new));
        assertEquals(0, install.exitCode(), install.toString());
        installs.add(dataDir);
        Command start = Command.run(dataDir.resolve("bin/dkm").toString(), "start");
        assertEquals(0, start.exitCode(), start.toString());
        return dataDir;
    }

    private String get(int port, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theReadmesClusterPlacesAndAnswersAsCarbonsRingSays(@TempDir Path work)
            throws Exception {
        Path bundle = Bundles.unpack(work, "bundle");
        int a = TestPorts.range(10);
        int b = TestPorts.range(10);
        while (Math.abs(b - a) < 10) {
            b = TestPorts.range(10);
        }
        int relay = TestPorts.range(10);
        while (Math.abs(relay - a) < 10 || Math.abs(relay - b) < 10) {
            relay = TestPorts.range(10);
        }
        install(bundle, work.resolve("node a"), a, "-t", "backend");
        install(bundle, work.resolve("node b"), b, "-t", "backend");
        String destinations = "127.0.0.1:" + (a + 1) + ":a,127.0.0.1:" + (b + 1) + ":b";
        Path front = install(bundle, work.resolve("relay"), relay, "-t", "relay", "--relay-to",
                destinations, "--cluster-servers", "127.0.0.1:" + (a + 2) + ",127.0.0.1:"
                        + (b + 2));
        assertTrue(!Files.exists(front.resolve("storage/whisper")), "the relay stores nothing");

        long now = Instant.now().getEpochSecond();
        long minute = now - Math.floorMod(now, 60) - 60;
        StringBuilder lines = new StringBuilder();
        for (int m = 0; m < 200; m++) {
            lines.append("it.cluster.m").append(m).append(' ').append(m).append(' ')
                    .append(minute).append('\n');
        }
        // dkm start says RUNNING once the process is up; its receivers open a moment later
        long opens = System.currentTimeMillis() + 30_000;
        while (true) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), relay + 1)) {
                OutputStream out = socket.getOutputStream();
                out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                break;
            } catch (java.net.ConnectException e) {
                assertTrue(System.currentTimeMillis() < opens, "the relay's carbon port: " + e);
                Thread.sleep(100);
            }
        }
        String count = "/render?format=json&from=" + (minute - 60) + "&until=" + minute
                + "&target=" + URLEncoder.encode("countSeries(it.cluster.*)",
                        StandardCharsets.UTF_8);
        long deadline = System.currentTimeMillis() + 60_000;
        String answer = "";
        while (!answer.contains("[200.0," + minute + "]")) {
            assertTrue(System.currentTimeMillis() < deadline, "the front end answers " + answer);
            Thread.sleep(200);
            answer = get(relay + 2, count);
        }
        CarbonHashRing ring = new CarbonHashRing(List.of(ClusterNode.parse("127.0.0.1:"
                + (a + 1) + ":a"), ClusterNode.parse("127.0.0.1:" + (b + 1) + ":b")));
        Set<String> seen = new HashSet<>();
        for (int[] node : new int[][] {{a, 'a'}, {b, 'b'}}) {
            String index = get(node[0] + 2, "/metrics/index.json?local=1");
            for (int m = 0; m < 200; m++) {
                String name = "it.cluster.m" + m;
                boolean here = index.contains("\"" + name + "\"");
                boolean owner = ring.nodeFor(name).instance().equals(String.valueOf(
                        (char) node[1]));
                assertEquals(owner, here, name + " on node " + (char) node[1]);
                if (here) {
                    seen.add(name);
                }
            }
        }
        assertEquals(200, seen.size());
        Command plan = Command.run(front.resolve("bin/dkmadmin").toString(), "cluster", "plan",
                "--nodes", "127.0.0.1:" + (a + 1) + ":a=127.0.0.1:" + (a + 2) + ",127.0.0.1:"
                        + (b + 1) + ":b=127.0.0.1:" + (b + 2));
        assertEquals(0, plan.exitCode(), plan.toString());
        assertTrue(plan.output().contains("0 metrics to move"), plan.output());
    }
}
