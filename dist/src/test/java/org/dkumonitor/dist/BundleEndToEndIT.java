package org.dkumonitor.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dkumonitor.testkit.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spine, as a user runs it: unpack the tarball, install on a free port range, dkm start,
 * graphs of this host's CPU, memory and load through the Graphite API, senders that pause,
 * Graphite URLs as browsers write them, a cluster front end's find, dkm stop leaving no
 * process behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class BundleEndToEndIT {

    private static final Duration METRICS_DEADLINE = Duration.ofSeconds(45);
    /** The server's future limit in this install: a pause longer than it costs no sleep. */
    private static final int FUTURE_LIMIT_SECONDS = 2;
    private static final Pattern NON_NULL_POINT = Pattern.compile("\\[-?[0-9][^,\\]]*,\\s*\\d+]");

    private Path bundle;
    private Path dataDir;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Long> startedPids = new ArrayList<>();

    @BeforeAll
    void unpackTheTarball(@TempDir Path work) throws Exception {
        Path tarball = Path.of(System.getProperty("dkm.tarball"));
        assertTrue(Files.isRegularFile(tarball), "no tarball at " + tarball);
        Command untar = Command.run("tar", "xzf", tarball.toString(), "-C", work.toString());
        assertEquals(0, untar.exitCode(), untar.toString());
        String name = tarball.getFileName().toString().replace(".tar.gz", "");
        bundle = work.resolve(name);
        dataDir = work.resolve("data dir");
        port = TestPorts.range(10);
    }

    @AfterAll
    void stopEverythingStarted() throws Exception {
        Path dkm = dataDir.resolve("bin/dkm");
        if (Files.exists(dataDir.resolve("run/supervisor.sock"))) {
            Command.run(dkm.toString(), "stop");
        }
        for (long pid : startedPids) {
            ProcessHandle.of(pid).ifPresent(process -> {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            });
        }
    }

    @Test
    @Order(1)
    void installerRefusesAPortRangeOutsideTheAllowedOne() throws Exception {
        Command refused = Command.run(bundle.resolve("installer").toString(),
                "-d", dataDir.toString(), "-p", "80");
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.output().contains("port 80 is outside 1024..65525"), refused.output());
        assertFalse(Files.exists(dataDir), "a refused install wrote " + dataDir);
    }

    @Test
    @Order(2)
    void installerCreatesTheLayoutAndLogsEachStep() throws Exception {
        Command install = Command.run(bundle.resolve("installer").toString(),
                "-d", dataDir.toString(), "-p", Integer.toString(port));
        assertEquals(0, install.exitCode(), install.toString());
        for (String directory : List.of("conf", "bin", "storage", "run", "static")) {
            assertTrue(Files.isDirectory(dataDir.resolve(directory)), directory);
        }
        assertTrue(Files.isSymbolicLink(dataDir.resolve("bin/dkm")));
        assertEquals(bundle.resolve("bin/dkm").toRealPath(),
                dataDir.resolve("bin/dkm").toRealPath());
        String log = Files.readString(dataDir.resolve("run/install.log"));
        assertTrue(log.contains("write " + dataDir.resolve("conf/server.yaml")), log);
        Path serverYaml = dataDir.resolve("conf/server.yaml");
        String config = Files.readString(serverYaml);
        assertTrue(config.contains("plaintextPort: " + (port + 1)));
        // a short future limit, so that a sender pausing longer than it needs no long sleep
        Files.writeString(serverYaml, config.replace("carbon:\n", "carbon:\n"
                + "  futureToleranceSeconds: " + FUTURE_LIMIT_SECONDS + "\n"));
    }

    @Test
    @Order(3)
    void installerRefusesToOverwriteAnExistingInstall() throws Exception {
        Command again = Command.run(bundle.resolve("installer").toString(),
                "-d", dataDir.toString(), "-p", Integer.toString(port));
        assertEquals(1, again.exitCode(), again.toString());
        assertTrue(again.output().contains("already holds an install; use --update"),
                again.output());
    }

    @Test
    @Order(4)
    void startRunsTheServerAndTheAgent() throws Exception {
        Command start = dkm("start");
        rememberPids();
        assertEquals(0, start.exitCode(), start + supervisorLog());
        Command status = dkm("status");
        assertEquals(0, status.exitCode(), status.toString());
        List<String> lines = status.output().lines().filter(l -> !l.startsWith("dkm:")).toList();
        assertEquals(2, lines.size(), status.output());
        assertTrue(lines.get(0).matches(
                "server {27}RUNNING {3}pid \\d+, uptime \\d+:\\d\\d:\\d\\d"), lines.get(0));
        assertTrue(lines.get(1).startsWith("agent                            RUNNING   pid "),
                lines.get(1));
    }

    @Test
    @Order(5)
    void aSecondStartKeepsTheOneSupervisor() throws Exception {
        String pid = Files.readString(dataDir.resolve("run/supervisor.pid")).strip();
        Command again = dkm("start");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.output().contains("The supervisor is running (pid " + pid + ")"),
                again.output());
        long supervisors = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("SupervisorMain"))
                .filter(p -> p.info().commandLine().orElse("").contains(dataDir.toString()))
                .count();
        assertEquals(1, supervisors);
    }

    @Test
    @Order(6)
    void theAgentsCpuMemoryAndLoadAreGraphedWithinSeconds() throws Exception {
        for (String target : List.of("collectd.*.cpu.*.percent.user",
                "collectd.*.memory.memory.used", "collectd.*.load.load.relative.shortterm")) {
            String body = awaitPoints(target);
            assertTrue(body.contains("\"target\":\"collectd."), body);
        }
        String find = get("/metrics/find?query=collectd.*");
        assertTrue(find.contains("\"allowChildren\":1"), find);
    }

    @Test
    @Order(7)
    void aMalformedLineIsDroppedAndTheConnectionKeepsWorking() throws Exception {
        long now = Instant.now().getEpochSecond();
        try (Socket socket = new Socket("127.0.0.1", port + 1)) {
            OutputStream out = socket.getOutputStream();
            out.write(("this is not carbon\n../../escape 1 " + now + "\ne2e.spine.value 42 "
                    + now + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        // the default retention's first archive has 10 s steps; the JSON writes 42 as Python's 42.0
        String body = awaitPoints("e2e.spine.value");
        assertTrue(body.contains("[42.0," + (now - now % 10) + "]"), body);
        try (var files = Files.walk(dataDir.resolve("storage"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().equals("escape.wsp")));
        }
    }

    /**
     * PORT+5 is the agent's StatsD: a counter sent there is flushed through the agent's sender
     * and graphed under statsd's name; dkmadmin tap statsd shows the lines as they arrive.
     */
    @Test
    @Order(7)
    void statsdOnPortPlusFiveIsGraphedAndTapped() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean sending =
                new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread sender = new Thread(() -> {
            byte[] datagram = "e2e.statsd.hits:3|c\ne2e.statsd.ms:12|ms"
                    .getBytes(StandardCharsets.UTF_8);
            try (java.net.DatagramSocket udp = new java.net.DatagramSocket()) {
                while (sending.get()) {
                    udp.send(new java.net.DatagramPacket(datagram, datagram.length,
                            java.net.InetAddress.getLoopbackAddress(), port + 5));
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        sender.start();
        try {
            Command tap = Command.run(Duration.ofSeconds(30), Map.of(),
                    dataDir.resolve("bin/dkmadmin").toString(), "tap", "statsd", "-n", "2");
            assertEquals(0, tap.exitCode(), tap.toString());
            // the two lines of a datagram alternate, so any two lines in a row hold both
            assertTrue(tap.output().contains("e2e.statsd.hits:3|c\n"), tap.toString());
            assertTrue(tap.output().contains("e2e.statsd.ms:12|ms\n"), tap.toString());
            String body = awaitPoints("stats_counts.e2e.statsd.hits");
            assertTrue(body.contains("\"target\":\"stats_counts.e2e.statsd.hits\""), body);
            awaitPoints("stats.timers.e2e.statsd.ms.upper_90");
        } finally {
            sending.set(false);
            sender.join();
        }
    }

    @Test
    @Order(8)
    void aSenderPausingLongerThanTheFutureLimitKeepsItsPointsOnUdpAndAKeptConnection()
            throws Exception {
        try (Socket tcp = new Socket("127.0.0.1", port + 1);
                DatagramSocket udp = new DatagramSocket()) {
            OutputStream out = tcp.getOutputStream();
            InetSocketAddress carbon = new InetSocketAddress("127.0.0.1", port + 1);
            long before = Instant.now().getEpochSecond();
            out.write(("e2e.pause.tcp 1 " + before + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            byte[] first = ("e2e.pause.udp 1 " + before + "\n").getBytes(StandardCharsets.UTF_8);
            udp.send(new DatagramPacket(first, first.length, carbon));
            awaitPoints("e2e.pause.tcp");
            awaitPoints("e2e.pause.udp");
            // the pause: twice the limit, while the connection stays open
            Thread.sleep(2000L * FUTURE_LIMIT_SECONDS + 500);
            long after = Instant.now().getEpochSecond();
            out.write(("e2e.pause.tcp 2 " + after + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            byte[] second = ("e2e.pause.udp 2 " + after + "\n").getBytes(StandardCharsets.UTF_8);
            udp.send(new DatagramPacket(second, second.length, carbon));
            for (String metric : List.of("e2e.pause.tcp", "e2e.pause.udp")) {
                String body = awaitPoints(metric, "[2.0,");
                assertTrue(body.contains("[2.0," + (after - after % 10) + "]"), body);
            }
        }
    }

    @Test
    @Order(9)
    void aRenderUrlWithRawBracesIsAnsweredAsGraphiteWebAnswersIt() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port + 2)) {
            socket.getOutputStream().write(("GET /render?format=json&from=-5min&target="
                    + "sumSeries(e2e.pause.{tcp,udp})|alias('both [sum]') HTTP/1.1\r\n"
                    + "Host: e2e\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(socket.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 200 "), response);
            assertTrue(response.contains("\"target\":\"both [sum]\""), response);
            assertTrue(response.contains("[4.0,"), "2 + 2 at the last point: " + response);
        }
    }

    @Test
    @Order(10)
    void aClusterFrontEndFindsOurMetricsInGraphiteWebsPickle() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + (port + 2) + "/metrics/find/?local=1&format=pickle"
                        + "&query=e2e.pause.*")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("application/pickle", response.headers().firstValue("Content-Type")
                .orElse(""));
        byte[] pickle = response.body();
        String text = new String(pickle, StandardCharsets.ISO_8859_1);
        assertTrue(pickle[0] == (byte) 0x80 && pickle[1] == 2, "a protocol 2 pickle");
        assertTrue(text.contains("e2e.pause.tcp") && text.contains("e2e.pause.udp"), text);
        assertTrue(text.contains("graphite.intervals\nIntervalSet\n"), text);
        Path file = dataDir.resolveSibling("find.pickle");
        Files.write(file, pickle);
        if (Command.run("/usr/bin/python3", "-c", "import graphite.util").exitCode() == 0) {
            Command read = Command.run("env", "DJANGO_SETTINGS_MODULE=graphite.settings",
                    "/usr/bin/python3", "-W", "ignore", "-c", "import sys;"
                    + " from graphite.util import unpickle;"
                    + " nodes = unpickle.loads(open(sys.argv[1], 'rb').read());"
                    + " print(sorted((n['path'], n['is_leaf'], type(n['intervals']).__name__)"
                    + " for n in nodes))", file.toString());
            assertEquals(0, read.exitCode(), read.toString());
            assertTrue(read.output().contains("[('e2e.pause.tcp', True, 'IntervalSet'),"
                    + " ('e2e.pause.udp', True, 'IntervalSet')]"), read.output());
        }
    }

    @Test
    @Order(11)
    void theUiServesStaticFilesAsEditedWithoutARestart() throws Exception {
        Path css = dataDir.resolve("static/app.css");
        assertEquals(bundle.resolve("ui").toRealPath(), css.getParent().toRealPath());
        String served = get("/ui/app.css");
        assertEquals(Files.readString(css), served, "static/ holds what /ui/ serves");
        Files.writeString(css, served + "\n/* edited in static/ */\n");
        assertTrue(get("/ui/app.css").endsWith("/* edited in static/ */\n"));
    }

    @Test
    @Order(12)
    void graphitesOwnWhisperReadsOurFiles() throws Exception {
        assumeTrue(Command.run("/usr/bin/python3", "-c", "import whisper").exitCode() == 0,
                "python3-whisper is not installed (tools/install-test-peers.sh installs it)");
        Path file = dataDir.resolve("storage/whisper/e2e/spine/value.wsp");
        Instant deadline = Instant.now().plusSeconds(20);
        Command read;
        do {
            Thread.sleep(500);
            read = Command.run("/usr/bin/python3", "-c", "import sys, time, whisper;"
                    + " (s, e, step), values = whisper.fetch(sys.argv[1], time.time() - 600);"
                    + " print(whisper.info(sys.argv[1])['archives'][0]['secondsPerPoint'],"
                    + " [v for v in values if v is not None])", file.toString());
        } while (!read.output().contains("[42.0]") && Instant.now().isBefore(deadline));
        assertEquals(0, read.exitCode(), read.toString());
        assertTrue(read.output().startsWith("10 [42.0]"), read.output());
    }

    @Test
    @Order(12)
    void aGottWallProjectAddedWithDkmadminCountsWithoutARestart() throws Exception {
        String serverPid = serverPid();
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("conf/server.yaml"))));
        Command add = Command.run(dataDir.resolve("bin/dkmadmin").toString(), "gottwall",
                "project", "add", "shop");
        assertEquals(0, add.exitCode(), add.toString());
        GottwallWire.Project shop = GottwallWire.Project.fromAddOutput(add.output());
        assertEquals(port + 6, shop.httpPort());
        assertEquals(port + 7, shop.streamPort());
        Instant deadline = Instant.now().plusSeconds(15);
        int status = 0;
        while (status != 200 && Instant.now().isBefore(deadline)) {
            status = GottwallWire.incr(shop, "{\"n\": \"orders.paid\", \"v\": 2,"
                    + " \"f\": {\"city\": \"M\u00fcnchen\"}}");
            Thread.sleep(status == 200 ? 0 : 200);
        }
        assertEquals(200, status, "the server did not take the new project" + supervisorLog());
        assertEquals("OK", GottwallWire.stream(shop, "{\"a\": \"incr\", \"n\":"
                + " \"orders.paid\", \"p\": \"shop\", \"v\": 3}"));
        long total = -1;
        while (total != 5 && Instant.now().isBefore(deadline.plusSeconds(15))) {
            total = GottwallWire.total(shop, "orders.paid");
            Thread.sleep(200);
        }
        assertEquals(5, total);
        awaitPoints("gottwall.shop.orders%2Epaid.city.M%C3%BCnchen");
        assertEquals(serverPid, serverPid(), "no restart");
    }

    private String serverPid() throws IOException, InterruptedException {
        return dkm("pid", "server").output().lines().filter(l -> l.matches("\\d+"))
                .findFirst().orElseThrow();
    }

    @Test
    @Order(13)
    void stopStopsEveryProgramAndTheSupervisor() throws Exception {
        rememberPids();
        assertEquals(3, startedPids.stream().distinct().count(), startedPids.toString());
        Command stop = dkm("stop");
        assertEquals(0, stop.exitCode(), stop.toString());
        assertTrue(stop.output().contains("Shut down"), stop.output());
        Instant deadline = Instant.now().plusSeconds(10);
        while (startedPids.stream().anyMatch(BundleEndToEndIT::alive)
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        for (long pid : startedPids) {
            assertFalse(alive(pid), "pid " + pid + " survived dkm stop");
        }
        assertFalse(Files.exists(dataDir.resolve("run/supervisor.pid")));
        assertFalse(Files.exists(dataDir.resolve("run/supervisor.sock")));
        Command status = dkm("status");
        assertEquals(4, status.exitCode(), status.toString());
    }

    private Command dkm(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(dataDir.resolve("bin/dkm").toString());
        command.addAll(List.of(arguments));
        return Command.run(command.toArray(String[]::new));
    }

    private void rememberPids() throws IOException, InterruptedException {
        Path pidFile = dataDir.resolve("run/supervisor.pid");
        if (Files.exists(pidFile)) {
            startedPids.add(Long.parseLong(Files.readString(pidFile).strip()));
        }
        Command pids = dkm("pid", "all");
        pids.output().lines().filter(l -> l.matches("\\d+")).map(Long::parseLong)
                .filter(pid -> pid != 0).forEach(startedPids::add);
        startedPids.sort(null);
        List<Long> distinct = startedPids.stream().distinct().toList();
        startedPids.clear();
        startedPids.addAll(distinct);
    }

    private String awaitPoints(String target) throws Exception {
        return awaitPoints(target, null);
    }

    /** The render of {@code target} once it has a point (one holding {@code text}, if given). */
    private String awaitPoints(String target, String text) throws Exception {
        Instant deadline = Instant.now().plus(METRICS_DEADLINE);
        String body = "";
        while (Instant.now().isBefore(deadline)) {
            body = get("/render?format=json&from=-5min&target="
                    + URLEncoder.encode(target, StandardCharsets.UTF_8));
            if (text == null ? NON_NULL_POINT.matcher(body).find() : body.contains(text)) {
                return body;
            }
            Thread.sleep(text == null ? 1000 : 200);
        }
        throw new AssertionError("no point of " + target + " within " + METRICS_DEADLINE
                + "; last answer: " + body + supervisorLog());
    }

    private String get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + (port + 2) + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), pathAndQuery + ": " + response.body());
        return response.body();
    }

    private String supervisorLog() throws IOException {
        StringBuilder logs = new StringBuilder();
        for (String name : List.of("supervisor.log", "server.log", "agent.log")) {
            Path log = dataDir.resolve("run").resolve(name);
            if (Files.exists(log)) {
                logs.append("\n--- ").append(name).append(":\n").append(Files.readString(log));
            }
        }
        return logs.toString();
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent() && process.get().isAlive();
    }
}
