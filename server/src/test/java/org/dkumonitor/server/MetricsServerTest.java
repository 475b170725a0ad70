package org.dkumonitor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.lifecycle.NeededThreads;
import org.dkumonitor.server.metrics.MetricName;
import org.dkumonitor.server.whisper.FetchResult;
import org.dkumonitor.server.whisper.WhisperFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled server on loopback: receivers, cache, log, persister, files, restart. */
class MetricsServerTest {

    private static final String SCHEMAS = "[all]\npattern = .*\nretentions = 60s:1d\n";

    @TempDir
    Path root;

    private DataDir dataDir(String yaml) throws IOException {
        DataDir dataDir = new DataDir(root);
        Files.createDirectories(dataDir.conf());
        Files.writeString(dataDir.confFile("storage-schemas.conf"), SCHEMAS);
        Files.writeString(dataDir.confFile("server.yaml"), yaml);
        return dataDir;
    }

    private static ServerConfig config(boolean selfMetrics) {
        return new ServerConfig(new ServerConfig.Carbon("127.0.0.1", 0, true, 0, 60, null),
                new ServerConfig.Api("127.0.0.1", 0),
                new ServerConfig.Storage(20, 10_000, 2, 16, false,
                        new ServerConfig.Wal(true, 5, 3600)),
                new ServerConfig.SelfMetrics(selfMetrics, 3600, "testhost"), null);
    }

    private static void send(int port, String lines) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(lines.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            socket.getInputStream().read();
        }
    }

    private static String lines(long now, int metrics, int points) {
        StringBuilder out = new StringBuilder();
        for (int p = points - 1; p >= 0; p--) {
            for (int m = 0; m < metrics; m++) {
                out.append("e2e.g").append(m % 3).append(".m").append(m).append(' ')
                        .append(m * 1000 + p).append(' ').append(now - 60L * p).append('\n');
            }
        }
        return out.toString();
    }

    @Test
    void stopPersistsEveryPointReceivedOverPlaintextAndPickle() throws Exception {
        long now = Instant.now().getEpochSecond();
        DataDir dataDir = dataDir("# the config is passed directly\n");
        MetricsServer server = MetricsServer.start(dataDir, config(true), InstantSource.system());
        int metrics = 200;
        int points = 30;
        try {
            send(server.plaintextPort(), lines(now, metrics, points));
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(),
                    server.picklePort())) {
                byte[] pickle = ("(lp0\n(S'pickled.metric'\np1\n(L" + now + "L\nF2.5\ntp2\n"
                        + "tp3\na.").getBytes(StandardCharsets.ISO_8859_1);
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeInt(pickle.length);
                out.write(pickle);
                socket.shutdownOutput();
                socket.getInputStream().read();
            }
            server.selfMetrics().report();
        } finally {
            server.stop();
        }
        long aligned = now - now % 60;
        for (int m = 0; m < metrics; m++) {
            Path file = MetricName.whisperFile(dataDir.whisper(), "e2e.g" + (m % 3) + ".m" + m);
            try (WhisperFile whisper = WhisperFile.open(file, false)) {
                FetchResult r = whisper.fetch(aligned - 60L * points, aligned, now);
                assertEquals(points, r.values().length);
                for (int p = 0; p < points; p++) {
                    assertEquals(m * 1000 + (points - 1 - p), r.values()[p], "metric " + m);
                }
            }
        }
        try (WhisperFile whisper = WhisperFile.open(
                dataDir.whisper().resolve("pickled/metric.wsp"), false)) {
            assertEquals(2.5, whisper.fetch(aligned - 60, aligned, now).values()[0]);
        }
        assertTrue(Files.exists(dataDir.whisper().resolve(
                "carbon/agents/testhost/metricsReceived.wsp")));
        try (Stream<Path> wal = Files.list(dataDir.storage().resolve("wal"))) {
            assertEquals(List.of(), wal.toList(), "a clean stop leaves no log to replay");
        }
    }

    @Test
    void refusedRequestsAreCountedPerStatusInTheSelfMetrics() throws Exception {
        MetricsServer server = MetricsServer.start(dataDir("# passed directly\n"), config(true),
                InstantSource.system());
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.apiPort())) {
            // one connection serves its requests in order: when the last answer is read, every
            // earlier refusal has been counted (the UI's is counted after it answered)
            String request = "GET %s HTTP/1.1\r\nHost: t\r\n\r\n";
            String last = "GET /version HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write((request.formatted("/render?target=sumSeries(")
                    + request.formatted("/render?target=f(,)")
                    + request.formatted("/metrics/find") + request.formatted("/no/such/page")
                    + last).getBytes(StandardCharsets.US_ASCII));
            String answers = new String(socket.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(answers.endsWith("\"1.1.8\""), answers);
            Map<String, Double> first = server.selfMetrics().report();
            assertEquals(3.0, first.get("api.refused.400"), first.toString());
            assertEquals(1.0, first.get("api.refused.404"), first.toString());
            Map<String, Double> second = server.selfMetrics().report();
            assertEquals(0.0, second.get("api.refused.400"), "a count per interval");
        } finally {
            server.stop();
        }
    }

    @Test
    void aTaggedSeriesIsFoundByItsTagsBeforeAndAfterARestart() throws Exception {
        long now = Instant.now().getEpochSecond();
        DataDir dataDir = dataDir("# the config is passed directly\n");
        String query = "/render?format=json&from=-5min&target="
                + java.net.URLEncoder.encode("seriesByTag('dc=eu')", StandardCharsets.UTF_8);
        MetricsServer server = MetricsServer.start(dataDir, config(false), InstantSource.system());
        try {
            send(server.plaintextPort(), "disk.used;host=web01;dc=eu 7 " + now + "\n");
            assertTrue(get(server.apiPort(), query).contains("disk.used;dc=eu;host=web01"),
                    "found while only cached");
        } finally {
            server.stop();
        }
        server = MetricsServer.start(dataDir, config(false), InstantSource.system());
        try {
            String body = get(server.apiPort(), query);
            assertTrue(body.contains("\"target\": \"disk.used;dc=eu;host=web01\"")
                    || body.contains("\"target\":\"disk.used;dc=eu;host=web01\""), body);
            assertTrue(body.contains("7.0"), body);
            assertEquals(false, get(server.apiPort(), "/metrics/find?query=*")
                    .contains("_tagged"), "the hashed files stay hidden");
        } finally {
            server.stop();
        }
    }

    @Test
    void theUiPortServesThePagesAndTheApiTheyRead() throws Exception {
        DataDir dataDir = dataDir("# the config is passed directly\n");
        ServerConfig base = config(false);
        ServerConfig config = new ServerConfig(base.carbon(), base.api(), base.storage(),
                base.selfMetrics(), new ServerConfig.Ui("127.0.0.1", 0));
        MetricsServer server = MetricsServer.start(dataDir, config, InstantSource.system());
        try {
            assertTrue(server.uiPort() > 0 && server.uiPort() != server.apiPort());
            assertTrue(get(server.uiPort(), "/ui/").contains("<html"), "the page");
            assertEquals("[]", get(server.uiPort(), "/render?target=no.such&format=json")
                    .strip());
            assertTrue(get(server.apiPort(), "/ui/").contains("<html"), "also on the API port");
            String health = get(server.apiPort(), "/health");
            assertTrue(health.startsWith("{\"status\":\"ok\",\"problems\":[]"), health);
            assertEquals(health, get(server.uiPort(), "/health"));
        } finally {
            server.stop();
        }
        MetricsServer withoutUi = MetricsServer.start(dataDir, config(false),
                InstantSource.system());
        try {
            assertEquals(-1, withoutUi.uiPort());
        } finally {
            withoutUi.stop();
        }
    }

    @Test
    void theIngestListenerAnswersOnItsOwnPortWhenConfigured() throws Exception {
        DataDir dataDir = dataDir("# the config is passed directly\n");
        MetricsServer off = MetricsServer.start(dataDir, config(false), InstantSource.system());
        try {
            assertEquals(-1, off.ingestPort());
        } finally {
            off.stop();
        }
        MetricsServer server = MetricsServer.start(dataDir, config(false)
                .withIngest(new ServerConfig.Ingest("127.0.0.1", 0)), InstantSource.system());
        try {
            assertTrue(server.ingestPort() > 0 && server.ingestPort() != server.apiPort());
            assertTrue(get(server.ingestPort(), "/no/such/path")
                    .startsWith("{\"message\": \"no such endpoint: /no/such/path"));
        } finally {
            server.stop();
        }
    }

    @Test
    void healthNamesANeededThreadThatDiedAndAnswers503() throws Exception {
        DataDir dataDir = dataDir("# the config is passed directly\n");
        java.util.concurrent.BlockingQueue<String> deaths =
                new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.function.Consumer<String> exit = NeededThreads.onDeath(deaths::add);
        MetricsServer server = MetricsServer.start(dataDir, config(false),
                InstantSource.system());
        try {
            NeededThreads.start("persister-test", () -> {
                throw new OutOfMemoryError("Java heap space");
            }, () -> false).join();
            assertTrue(deaths.poll(5, TimeUnit.SECONDS).contains("persister-test"));
            java.net.http.HttpResponse<String> health = java.net.http.HttpClient
                    .newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + server.apiPort()
                                    + "/health")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(503, health.statusCode());
            assertTrue(health.body().contains("\"status\":\"failing\"")
                    && health.body().contains("thread persister-test has died"), health.body());
        } finally {
            NeededThreads.onDeath(exit);
            NeededThreads.forgetDead();
            server.stop();
        }
    }

    private static String get(int port, String pathAndQuery) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + port + pathAndQuery)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void killNineLosesNothingCommittedAndFilesStayReadable() throws Exception {
        long now = Instant.now().getEpochSecond();
        DataDir dataDir = dataDir("""
                carbon:
                  listen: 127.0.0.1
                  plaintextPort: 0
                api:
                  listen: 127.0.0.1
                  port: 0
                storage:
                  flushIntervalMillis: 5000
                  wal:
                    commitIntervalMillis: 5
                """);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-cp", System.getProperty("java.class.path"),
                ServerMain.class.getName(), "--data-dir", root.toString())
                .redirectErrorStream(true).start();
        int metrics = 500;
        int points = 20;
        try {
            int port = awaitPort(child.getInputStream());
            send(port, lines(now, metrics, points));
            // the log commits every 5 ms; give it a few commits, then kill -9 mid-run
            Thread.sleep(300);
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        long logged;
        try (Stream<Path> wal = Files.list(dataDir.storage().resolve("wal"))) {
            logged = wal.mapToLong(file -> file.toFile().length()).sum();
        }
        assertTrue(logged > metrics * points * 20L, "the log holds the points: " + logged);
        MetricsServer server = MetricsServer.start(dataDir, config(false),
                InstantSource.system());
        server.stop();
        long aligned = now - now % 60;
        List<Path> files = new ArrayList<>();
        for (int m = 0; m < metrics; m++) {
            Path file = MetricName.whisperFile(dataDir.whisper(), "e2e.g" + (m % 3) + ".m" + m);
            files.add(file);
            try (WhisperFile whisper = WhisperFile.open(file, false)) {
                double[] values = whisper.fetch(aligned - 60L * points, aligned, now).values();
                for (int p = 0; p < points; p++) {
                    assertEquals(m * 1000 + (points - 1 - p), values[p], "metric " + m);
                }
            }
        }
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")));
        Process check = new ProcessBuilder("/usr/bin/python3", "-c", "import sys, whisper\n"
                + "for f in sys.argv[1:]: whisper.info(f); whisper.fetch(f, 0)\n"
                + "print('ok', len(sys.argv) - 1)",
                files.get(0).toString(), files.get(metrics - 1).toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        check.waitFor();
        assumeTrue(!output.contains("No module named"), "python3-whisper is not installed");
        assertEquals("ok 2", output.strip());
    }

    @Test
    void sigtermWritesEverythingReceivedBeforeExiting() throws Exception {
        long now = Instant.now().getEpochSecond();
        DataDir dataDir = dataDir("""
                carbon:
                  listen: 127.0.0.1
                  plaintextPort: 0
                api:
                  listen: 127.0.0.1
                  port: 0
                selfMetrics:
                  enabled: false
                """);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-cp", System.getProperty("java.class.path"),
                ServerMain.class.getName(), "--data-dir", root.toString())
                .redirectErrorStream(true).start();
        int metrics = 300;
        int points = 40;
        try {
            send(awaitPort(child.getInputStream()), lines(now, metrics, points));
        } finally {
            child.destroy();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        }
        long aligned = now - now % 60;
        for (int m = 0; m < metrics; m++) {
            Path file = MetricName.whisperFile(dataDir.whisper(), "e2e.g" + (m % 3) + ".m" + m);
            try (WhisperFile whisper = WhisperFile.open(file, false)) {
                double[] values = whisper.fetch(aligned - 60L * points, aligned, now).values();
                for (int p = 0; p < points; p++) {
                    assertEquals(m * 1000 + (points - 1 - p), values[p], "metric " + m);
                }
            }
        }
        try (Stream<Path> wal = Files.list(dataDir.storage().resolve("wal"))) {
            assertEquals(List.of(), wal.toList(), "everything is on disk: no log left");
        }
    }

    private static int awaitPort(InputStream log) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(log,
                StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("carbon plaintext listening on TCP .*:(\\d+)");
        String line;
        while ((line = reader.readLine()) != null) {
            Matcher matcher = listening.matcher(line);
            if (matcher.find()) {
                Thread.ofVirtual().start(() -> {
                    try {
                        while (reader.readLine() != null) {
                            // drain the child's log so it never blocks on a full pipe
                        }
                    } catch (IOException e) {
                        // the child is gone
                    }
                });
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new AssertionError("the server exited before listening");
    }
}
