package org.dkumonitor.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dkumonitor.agent.collect.Collector;
import org.dkumonitor.agent.collect.ProcFiles;
import org.dkumonitor.core.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentMainTest {

    @TempDir
    Path dataDir;

    private void config(String yaml) throws IOException {
        Files.createDirectories(dataDir.resolve("conf"));
        Files.writeString(dataDir.resolve("conf/agent.yaml"), yaml);
    }

    @Test
    void aBadAgentYamlExitsWithTheFileLineKeyAndRule() throws IOException {
        config("hostname: test\ndestinations:\n  - {host: 127.0.0.1, port: 0}\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AgentMain.run(new String[] {"--data-dir", dataDir.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, UTF_8));
        assertEquals(ExitCodes.USER_ERROR, exit);
        assertEquals("dkm-agent: agent.yaml:3:29 destinations[0].port: must be 1..65535,"
                + " found 0", err.toString(UTF_8).strip());
    }

    @Test
    void aMissingAgentYamlSaysWhichFile() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AgentMain.run(new String[] {"--data-dir=" + dataDir},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, UTF_8));
        assertEquals(ExitCodes.USER_ERROR, exit);
        assertEquals("dkm-agent: " + dataDir.resolve("conf/agent.yaml") + ": file not found;"
                + " reinstall the configuration or restore it from a backup",
                err.toString(UTF_8).strip());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--bogus|dkm-agent: Unknown option: '--bogus'",
        "stray|dkm-agent: Unmatched argument at index 0: 'stray'",
        "--data-dir|dkm-agent: Missing required parameter for option '--data-dir' (DATA_DIR)",
        "''|dkm-agent: Missing required option: '--data-dir=DATA_DIR'"})
    void badFlagsExitWithTheUsageErrorAndAHint(String arg, String message) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = arg.isEmpty() ? new String[0] : new String[] {arg};
        int exit = AgentMain.run(args, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, UTF_8));
        assertEquals(ExitCodes.USAGE_ERROR, exit);
        assertEquals(message + "\nTry 'dkm-agent --help'.",
                err.toString(UTF_8).strip().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void helpAndVersionPrintAndExitZero() {
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        assertEquals(0, AgentMain.run(new String[] {"--help"}, new PrintStream(help, true, UTF_8),
                System.err));
        assertTrue(help.toString(UTF_8).startsWith("Usage: dkm-agent [-hV] --data-dir=DATA_DIR"));
        ByteArrayOutputStream version = new ByteArrayOutputStream();
        assertEquals(0, AgentMain.run(new String[] {"-V"}, new PrintStream(version, true, UTF_8),
                System.err));
        assertTrue(version.toString(UTF_8).matches("dkm-agent \\S+\\R"), version.toString(UTF_8));
    }

    @Test
    void anAotTrainingRunCollectsStopsAndLeavesNoSpoolBehind() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "needs a Linux /proc");
        config("hostname: training\ndestinations:\n  - {host: 127.0.0.1, port: 9}\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AgentMain.run(new String[] {"--aot-training", "--data-dir", dataDir.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, UTF_8));
        assertEquals(0, exit, err.toString(UTF_8));
        assertTrue(Files.isDirectory(dataDir.resolve("run")));
        assertTrue(Files.notExists(dataDir.resolve("run/agent-training-spool")));
        assertTrue(Files.notExists(dataDir.resolve("storage/spool")), "the install's spool");
    }

    @Test
    void theFilesCollectorRunsOnlyWhenAgentYamlNamesGlobs() {
        AgentConfig without = AgentConfigs.defaults();
        AgentConfig with = new AgentConfig("", 10, "collectd", without.destinations(), null, null,
                List.of(new AgentConfig.Files("repo1", "/backups/repo1/*.tar.gz")), null);
        assertEquals(List.of("cpu", "memory", "df", "disk", "interface", "load", "processes",
                "swap", "uptime"), names(AgentMain.collectors(without, ProcFiles.system())));
        assertEquals("files", names(AgentMain.collectors(with, ProcFiles.system())).getLast());
    }

    private static List<String> names(List<Collector> collectors) {
        return collectors.stream().map(Collector::name).toList();
    }

    @Test
    @Timeout(60)
    void theRealAgentSendsCollectdsTreeUnderItsHostNameAndStopsWithItsPid() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "needs a Linux /proc");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread.ofPlatform().daemon().start(() -> receive(server, lines));
            config("hostname: web1.example\nintervalSeconds: 1\ndestinations:\n"
                    + "  - {host: 127.0.0.1, port: " + server.getLocalPort() + "}\n");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process agent = new ProcessBuilder(java, "-Xmx32m", "-cp",
                    System.getProperty("java.class.path"), AgentMain.class.getName(),
                    "--data-dir", dataDir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("agent.log").toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
                while (!hasRates(lines) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            } finally {
                agent.destroy();
                agent.waitFor(10, TimeUnit.SECONDS);
                if (agent.isAlive()) {
                    agent.destroyForcibly();
                }
            }
            assertTrue(hasRates(lines), "no cpu percentages in " + lines.size() + " lines; log: "
                    + Files.readString(dataDir.resolve("agent.log")));
            for (String line : lines) {
                String[] parts = line.split(" ");
                assertEquals(3, parts.length, line);
                assertTrue(parts[0].startsWith("collectd.web1.example."), line);
                Double.parseDouble(parts[1]);
                Long.parseLong(parts[2]);
            }
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(
                    "collectd.web1.example.memory.memory.used ")));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(
                    "collectd.web1.example.dkm_agent.points.sent ")));
        }
    }

    private static boolean hasRates(List<String> lines) {
        return lines.stream().anyMatch(l -> l.startsWith("collectd.web1.example.cpu.0.percent."));
    }

    private static void receive(ServerSocket server, List<String> lines) {
        try (Socket connection = server.accept();
                BufferedReader in = new BufferedReader(new InputStreamReader(
                        connection.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // closed at the end of the test
        }
    }
}
