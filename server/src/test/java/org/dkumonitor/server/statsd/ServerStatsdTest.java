package org.dkumonitor.server.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.MetricsServer;
import org.dkumonitor.server.ServerConfig;
import org.dkumonitor.server.metrics.MetricName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server serving StatsD (an install without an agent): flushes land in its cache. */
class ServerStatsdTest {

    @TempDir
    Path root;

    private MetricsServer start() throws Exception {
        DataDir dataDir = new DataDir(Files.createDirectories(root.resolve("d")));
        Files.createDirectories(dataDir.conf());
        Files.createDirectories(dataDir.run());
        Files.writeString(dataDir.confFile("storage-schemas.conf"),
                "[all]\npattern = .*\nretentions = 10s:1d\n");
        ServerConfig config = YamlConfigLoader.parse("server.yaml", """
                carbon: {listen: 127.0.0.1, plaintextPort: 0}
                api: {listen: 127.0.0.1, port: 0}
                storage: {wal: {enabled: false}}
                selfMetrics: {enabled: false}
                statsd: {listen: 127.0.0.1, port: 0, flushInterval: 1}
                """, ServerConfig.class);
        return MetricsServer.start(dataDir, config, InstantSource.system());
    }

    @Test
    void flushesStatsdIntoTheCacheAndRefusesNamesNoFileCanHold() throws Exception {
        MetricsServer server = start();
        try {
            byte[] datagram = ("app.hits:5|c\n:1|c\n...:1|c\ntagged.c:1|c|#host:a,env:prod\n"
                    + "app.latency:12|ms").getBytes(StandardCharsets.UTF_8);
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.send(new DatagramPacket(datagram, datagram.length,
                        InetAddress.getLoopbackAddress(), server.statsdPort()));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            // a flush reaches the cache one series at a time, and the persister may have written
            // the first ones out before the last arrive: wait for all, in the cache or on disk
            Set<String> expected = Set.of("stats_counts.app.hits",
                    "stats.timers.app.latency.mean", "stats_counts.tagged.c;env=prod;host=a",
                    "statsd.numStats");
            while (!stored(server, expected).containsAll(expected)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Set<String> metrics = stored(server, expected);
            assertTrue(metrics.contains("stats_counts.app.hits"), metrics.toString());
            assertTrue(metrics.contains("stats.timers.app.latency.mean"), metrics.toString());
            assertTrue(metrics.contains("stats_counts.tagged.c;env=prod;host=a"),
                    "tags sorted as carbon stores them: " + metrics);
            assertFalse(metrics.stream().anyMatch(m -> m.startsWith("stats.") && m.length() < 7
                    || m.contains("..")), metrics.toString());
            assertTrue(metrics.contains("statsd.numStats"), metrics.toString());
        } finally {
            server.stop();
        }
    }

    /** The series in the cache or in whisper files, of those asked for and of the cache. */
    private Set<String> stored(MetricsServer server, Set<String> asked) {
        Set<String> names = new HashSet<>(server.cache().metrics());
        Path whisper = new DataDir(root.resolve("d")).whisper();
        for (String name : asked) {
            if (Files.exists(MetricName.whisperFile(whisper, name))) {
                names.add(name);
            }
        }
        return names;
    }

    @Test
    void tapsTheCarbonLinesAsReceived() throws Exception {
        MetricsServer server = start();
        try (SocketChannel tap = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            tap.connect(UnixDomainSocketAddress.of(root.resolve("d/run/server.sock")));
            tap.write(ByteBuffer.wrap("tap carbon 2\n".getBytes(StandardCharsets.UTF_8)));
            BufferedReader in = new BufferedReader(new InputStreamReader(
                    Channels.newInputStream(tap), StandardCharsets.UTF_8));
            assertEquals("+carbon", in.readLine());
            try (Socket carbon = new Socket(InetAddress.getLoopbackAddress(),
                    server.plaintextPort())) {
                carbon.getOutputStream().write("a.b 1 1700000000\nbad line here\n"
                        .getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(" a.b 1 1700000000", in.readLine());
            assertEquals(" bad line here", in.readLine());
            assertEquals(null, in.readLine(), "closed after N lines");
        } finally {
            server.stop();
        }
    }
}
