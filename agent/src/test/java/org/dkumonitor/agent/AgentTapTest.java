package org.dkumonitor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dkumonitor.core.layout.DataDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent serving StatsD opens its tap socket only when asked (agent/README.md,
 * Footprint), and then taps its StatsD listener as {@code dkmadmin tap statsd} reads it.
 */
class AgentTapTest {

    @TempDir
    Path dataDir;

    @Test
    @Timeout(60)
    void opensItsTapSocketOnlyWhenAskedThenTapsItsStatsd() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "needs a Linux /proc");
        DataDir layout = new DataDir(dataDir);
        Files.createDirectories(dataDir.resolve("conf"));
        Files.createDirectories(layout.run());
        int statsdPort;
        try (DatagramSocket free = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            statsdPort = free.getLocalPort();
        }
        try (ServerSocket sink = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Files.writeString(dataDir.resolve("conf/agent.yaml"), "intervalSeconds: 1\n"
                    + "destinations: [{host: 127.0.0.1, port: " + sink.getLocalPort() + "}]\n"
                    + "statsd: {listen: 127.0.0.1, port: " + statsdPort + ", tcp: false}\n");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process agent = new ProcessBuilder(java, "-Xmx32m", "-cp",
                    System.getProperty("java.class.path"), AgentMain.class.getName(),
                    "--data-dir", dataDir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("agent.log").toFile()).start();
            try {
                Path socket = layout.tapSocket("agent");
                Path log = dataDir.resolve("agent.log");
                awaitLog(log, "every 1 s");
                awaitLog(log, "StatsD");
                Thread.sleep(2_500);  // two rounds and more: nobody asked, no socket
                assertFalse(Files.exists(socket), Files.readString(log));

                Files.writeString(layout.tapRequest("agent"), "tap\n");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!Files.exists(socket) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(Files.exists(socket), Files.readString(log));
                assertFalse(Files.exists(layout.tapRequest("agent")), "the request is taken");
                try (SocketChannel tap = SocketChannel.open(StandardProtocolFamily.UNIX);
                        DatagramSocket udp = new DatagramSocket()) {
                    tap.connect(UnixDomainSocketAddress.of(socket));
                    tap.write(ByteBuffer.wrap("tap statsd 2\n".getBytes(StandardCharsets.UTF_8)));
                    BufferedReader in = new BufferedReader(new InputStreamReader(
                            Channels.newInputStream(tap), StandardCharsets.UTF_8));
                    assertEquals("+statsd", in.readLine());
                    byte[] datagram = "app.hits:3|c\napp.ms:12|ms".getBytes(
                            StandardCharsets.UTF_8);
                    udp.send(new DatagramPacket(datagram, datagram.length,
                            InetAddress.getLoopbackAddress(), statsdPort));
                    assertEquals(" app.hits:3|c", in.readLine());
                    assertEquals(" app.ms:12|ms", in.readLine());
                }
            } finally {
                agent.destroy();
                agent.waitFor(10, TimeUnit.SECONDS);
                if (agent.isAlive()) {
                    agent.destroyForcibly();
                }
            }
        }
    }

    private static void awaitLog(Path log, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + text + "' in the agent's log: "
                + (Files.exists(log) ? Files.readString(log) : "(none)"));
    }
}
