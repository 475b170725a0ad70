package org.dkumonitor.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
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
import java.util.Optional;
import java.util.regex.Pattern;
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
 * graphs of this host's CPU, memory and load through the Graphite API, dkm stop leaving no
 * process behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class BundleEndToEndIT {

    private static final Duration METRICS_DEADLINE = Duration.ofSeconds(45);
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
        port = FreePorts.range();
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
        assertTrue(Files.readString(dataDir.resolve("conf/server.yaml"))
                .contains("plaintextPort: " + (port + 1)));
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
        String body = awaitPoints("e2e.spine.value");
        assertTrue(body.contains("[42.0," + (now - now % 10)) || body.contains("[42,"), body);
        try (var files = Files.walk(dataDir.resolve("storage"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().equals("escape.wsp")));
        }
    }

    @Test
    @Order(8)
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
    @Order(9)
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
        Instant deadline = Instant.now().plus(METRICS_DEADLINE);
        String body = "";
        while (Instant.now().isBefore(deadline)) {
            body = get("/render?format=json&from=-5min&target="
                    + URLEncoder.encode(target, StandardCharsets.UTF_8));
            if (NON_NULL_POINT.matcher(body).find()) {
                return body;
            }
            Thread.sleep(1000);
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
