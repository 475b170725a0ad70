package org.dkumonitor.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dkumonitor.agent.AgentConfig;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.server.ServerConfig;
import org.dkumonitor.supervisor.config.ProgramConfig;
import org.dkumonitor.supervisor.config.SupervisorConfig;
import org.dkumonitor.testkit.Installs;
import org.dkumonitor.testkit.TestPorts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every install type from the real bundle (unpacked in a path with spaces): exactly its
 * programs, exactly their configuration, all of it read by the programs' own config records;
 * and every refusal leaves the directory as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class InstallerTypesIT {

    private Path work;
    private Path bundle;
    private Path grafana;
    private int port;

    @BeforeAll
    void unpack(@TempDir Path work) throws Exception {
        this.work = work;
        bundle = Bundles.unpack(work, "bundle with spaces");
        grafana = Bundles.standInGrafana(work.resolve("grafana home"));
        port = TestPorts.range(10);
    }

    @ParameterizedTest
    @CsvSource({
        "all,           server agent grafana",
        "server,        server grafana",
        "agent,         agent",
        "backend,       server",
        "frontend,      grafana",
        "backend-agent, server agent"})
    void eachTypeInstallsExactlyItsProgramsAndTheirConfiguration(String type, String programs)
            throws Exception {
        Path dataDir = work.resolve("data " + type);
        List<String> arguments = new ArrayList<>(List.of("-d", dataDir.toString(), "-p",
                Integer.toString(port), "-t", type, "--hostname", "it.host"));
        if (programs.contains("grafana")) {
            arguments.addAll(List.of("--grafana-home", grafana.toString()));
        }
        long started = System.nanoTime();
        Command install = Bundles.installer(bundle, arguments.toArray(String[]::new));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(0, install.exitCode(), install.toString());
        System.out.printf("installer -t %s took %d ms%n", type, millis);

        List<String> expected = List.of(programs.split(" "));
        SupervisorConfig supervisor = SupervisorConfig.load(dataDir.resolve(
                "conf/supervisor.yaml"));
        assertEquals(expected, supervisor.programs().stream().map(ProgramConfig::name).toList());

        Set<String> confFiles = files(dataDir.resolve("conf"));
        Set<String> wanted = new TreeSet<>(Set.of("supervisor.yaml"));
        if (expected.contains("server")) {
            wanted.addAll(List.of("server.yaml", "storage-schemas.conf",
                    "storage-aggregation.conf", "dashboards/README"));
            ServerConfig server = YamlConfigLoader.load(dataDir.resolve("conf/server.yaml"),
                    ServerConfig.class);
            assertEquals(port + 1, server.carbon().plaintextPort());
            assertEquals(port + 4, server.carbon().picklePort());
            assertEquals(port + 2, server.api().port());
            assertEquals("127.0.0.1", server.carbon().listen());
        }
        if (expected.contains("agent")) {
            wanted.add("agent.yaml");
            AgentConfig agent = YamlConfigLoader.load(dataDir.resolve("conf/agent.yaml"),
                    AgentConfig.class);
            assertEquals("it.host", agent.hostname());
            assertEquals(List.of(new AgentConfig.Destination("127.0.0.1", port + 1)),
                    agent.destinations());
        }
        if (expected.contains("grafana")) {
            wanted.addAll(List.of("grafana/grafana.ini", "grafana/admin-password",
                    "grafana/provisioning/datasources/graphite.yaml",
                    "grafana/provisioning/dashboards/dkumonitor.yaml",
                    "grafana/dashboards/host-system.json", "grafana/dashboards/processes.json",
                    "grafana/dashboards/dss-system.json", "grafana/dashboards/dss-backend.json"));
            assertTrue(install.output().contains("Grafana admin password (shown this once): "),
                    install.output());
        }
        // the built-in UI's files, which the server serves over its own, whatever runs on PORT
        assertEquals(bundle.resolve("ui"), Files.readSymbolicLink(dataDir.resolve("static")));
        assertEquals(wanted, confFiles);
        assertTrue(install.output().contains("Next: " + dataDir.resolve("bin/dkm") + " start"),
                install.output());
    }

    @Test
    void theGrafanaPasswordIsShownOnceAndLoggedNowhere() throws Exception {
        Path dataDir = work.resolve("data password");
        Command install = Bundles.installer(bundle, "-d", dataDir.toString(), "-p",
                Integer.toString(port), "-t", "frontend", "--grafana-home", grafana.toString());
        assertEquals(0, install.exitCode(), install.toString());

        String password = Files.readString(dataDir.resolve("conf/grafana/admin-password"));
        assertTrue(password.matches("[A-Za-z0-9]{24}"), password);
        assertTrue(install.output().contains(password));
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.endsWith("admin-password")) {
                    assertTrue(!Files.readString(file).contains(password), file.toString());
                }
            }
        }
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("conf/grafana/grafana.ini"))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-t|nosuch|unknown install type 'nosuch': choose one of all, server, agent",
        "-p|80|port 80 is outside 1024..65525",
        "-p|65530|port 65530 is outside 1024..65525",
        "-t|frontend|type frontend runs Grafana only, and no Grafana is available",
        "--system-grafana|-t=agent|type agent runs no Grafana; drop --system-grafana",
        "--update|-p=15000|--update takes no --port",
        "--hostname|bad/name|--hostname 'bad/name' may only hold letters",
        "-l|0.0.0.0 x|--carbon-listen '0.0.0.0 x' is not a host name or an IP address"})
    void aRefusedInstallLeavesTheDirectoryAsItWas(String option, String value, String message)
            throws Exception {
        Path dataDir = Files.createDirectories(work.resolve("data refused"));
        Files.writeString(dataDir.resolve("notes.txt"), "the user's own file\n");
        Map<String, String> before = Installs.snapshot(dataDir);
        List<String> arguments = new ArrayList<>(List.of("-d", dataDir.toString()));
        if (!option.equals("-p") && !message.contains("--update")) {
            arguments.addAll(List.of("-p", Integer.toString(port)));
        }
        arguments.addAll(List.of(option, value).stream()
                .flatMap(a -> Stream.of(a.split("=", 2))).toList());

        Command refused = Bundles.installer(bundle, arguments.toArray(String[]::new));

        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.output().contains(message), refused.output());
        assertEquals(1, refused.output().strip().lines().count(), refused.output());
        assertEquals(before, Installs.snapshot(dataDir));
    }

    @Test
    void systemGrafanaIsTheOneOnPathWithItsHomeBesideIt() throws Exception {
        Path onPath = Files.createDirectories(work.resolve("path dir"));
        Files.createSymbolicLink(onPath.resolve("grafana"), grafana.resolve("bin/grafana"));
        Path dataDir = work.resolve("data system");

        Command install = Command.run(Duration.ofSeconds(60),
                Map.of("PATH", onPath + ":/usr/bin:/bin"), bundle.resolve("installer").toString(),
                "-d", dataDir.toString(), "-p", Integer.toString(port), "-t", "server",
                "--system-grafana");

        assertEquals(0, install.exitCode(), install.toString());
        ProgramConfig program = SupervisorConfig.load(dataDir.resolve("conf/supervisor.yaml"))
                .programs().get(1);
        assertEquals(List.of("/usr/bin/env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin",
                "DKM_SUPERVISOR_PID=${DKM_SUPERVISOR_PID}",
                "HOME=" + dataDir.resolve("storage/grafana"),
                grafana.resolve("bin/grafana").toString(), "server", "--homepath",
                grafana.toString(), "--config", dataDir.resolve("conf/grafana/grafana.ini")
                        .toString()), program.command());
    }

    @Test
    void aPortInUseIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path dataDir = work.resolve("data busy");
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 2));
            Command refused = Bundles.installer(bundle, "-d", dataDir.toString(), "-p",
                    Integer.toString(port));
            assertEquals(1, refused.exitCode(), refused.toString());
            assertTrue(refused.output().contains("port " + (port + 2) + " (in the range " + port
                    + ".." + (port + 9) + ") is already in use; pick another range with -p"),
                    refused.output());
        }
        assertTrue(!Files.exists(dataDir), "a refused install made " + dataDir);
    }

    private static Set<String> files(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
