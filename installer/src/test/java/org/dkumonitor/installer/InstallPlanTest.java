package org.dkumonitor.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.layout.PortMap;
import org.dkumonitor.testkit.Installs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class InstallPlanTest {

    private static final Pattern PROGRAM = Pattern.compile("(?m)^  - name: (\\S+)$");

    private FileSystem fs;
    private Path bundle;
    private Path dataDir;
    private GrafanaHome grafana;

    @BeforeEach
    void makeBundle() throws IOException {
        fs = TestInstalls.unixFileSystem();
        bundle = TestInstalls.bundle(fs.getPath("/opt/dkumonitor-0.1.0"));
        dataDir = fs.getPath("/srv/data dir");
        grafana = GrafanaHome.given(Installs.grafanaRelease(fs.getPath("/opt/grafana"),
                "grafana"));
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    @ParameterizedTest
    @EnumSource(InstallType.class)
    void eachTypeWritesExactlyTheConfigurationOfItsPrograms(InstallType type) throws IOException {
        apply(TestInstalls.request(dataDir, type, bundle, Optional.of(grafana)));

        Set<String> expected = new TreeSet<>(Set.of("supervisor.yaml"));
        if (type.runsServer()) {
            expected.addAll(List.of("server.yaml", "dashboards/README"));
        }
        if (type.storesMetrics()) {
            expected.addAll(List.of("storage-schemas.conf", "storage-aggregation.conf"));
        }
        if (type.runsAgent()) {
            expected.add("agent.yaml");
        }
        if (type.runsGrafana()) {
            expected.addAll(List.of("grafana/grafana.ini", "grafana/admin-password",
                    "grafana/provisioning/datasources/graphite.yaml",
                    "grafana/provisioning/dashboards/dkumonitor.yaml",
                    "grafana/dashboards/host-system.json", "grafana/dashboards/processes.json",
                    "grafana/dashboards/dss-system.json", "grafana/dashboards/dss-backend.json"));
        }
        assertEquals(expected, filesUnder(dataDir.resolve("conf")));
        assertEquals(type.storesMetrics(),
                Files.isDirectory(dataDir.resolve("storage/whisper")));
        assertEquals(type.runsAgent(), Files.isDirectory(dataDir.resolve("storage/spool")));
    }

    @ParameterizedTest
    @EnumSource(InstallType.class)
    void withoutGrafanaTheServerAnswersOnPortWithTheBuiltInUi(InstallType type)
            throws IOException {
        apply(TestInstalls.request(dataDir, type, bundle, Optional.empty()));
        if (!type.runsServer()) {
            return;
        }
        String server = Files.readString(dataDir.resolve("conf/server.yaml"));
        boolean wanted = type.runsGrafana();
        assertEquals(wanted, server.contains("\nui:\n"), server);
        if (wanted) {
            int port = TestInstalls.request(dataDir, type, bundle, Optional.empty()).ports()
                    .grafana();
            assertTrue(server.contains("  port: " + port + "\n"), server);
        }
    }

    @Test
    void withGrafanaPortIsGrafanasAlone() throws IOException {
        apply(TestInstalls.request(dataDir, InstallType.ALL, bundle, Optional.of(grafana)));
        assertFalse(Files.readString(dataDir.resolve("conf/server.yaml")).contains("ui:"));
    }

    /** PORT+5 is the agent's where the install has one, else the server's. */
    @ParameterizedTest
    @EnumSource(InstallType.class)
    void theStatsdSectionGoesToTheProgramThatServesPortPlusFive(InstallType type)
            throws IOException {
        apply(TestInstalls.request(dataDir, type, bundle, Optional.of(grafana)));
        Path agent = dataDir.resolve("conf/agent.yaml");
        Path server = dataDir.resolve("conf/server.yaml");
        boolean inAgent = Files.exists(agent) && Files.readString(agent).contains("\nstatsd:\n");
        boolean inServer = Files.exists(server)
                && Files.readString(server).contains("\nstatsd:\n");
        assertEquals(type.runsAgent(), inAgent, "agent.yaml");
        assertEquals(type.runsServer() && !type.runsAgent(), inServer, "server.yaml");
        if (inAgent || inServer) {
            assertTrue(Files.readString(inAgent ? agent : server).contains("  port: 15005\n"));
        }
    }

    @ParameterizedTest
    @EnumSource(InstallType.class)
    void eachTypeRunsExactlyItsPrograms(InstallType type) throws IOException {
        apply(TestInstalls.request(dataDir, type, bundle, Optional.of(grafana)));

        List<String> expected = new ArrayList<>();
        if (type.runsServer()) {
            expected.add("server");
        }
        if (type.runsAgent()) {
            expected.add("agent");
        }
        if (type.runsGrafana()) {
            expected.add("grafana");
        }
        assertEquals(expected, programs(Files.readString(dataDir.resolve(
                "conf/supervisor.yaml"))));
    }

    @Test
    void allWithoutGrafanaRunsServerAndAgentAndLinksStaticToTheBuiltInUi() throws IOException {
        apply(TestInstalls.request(dataDir, InstallType.ALL, bundle, Optional.empty()));

        assertEquals(List.of("server", "agent"),
                programs(Files.readString(dataDir.resolve("conf/supervisor.yaml"))));
        assertFalse(Files.exists(dataDir.resolve("conf/grafana")));
        assertEquals(bundle.resolve("ui"), Files.readSymbolicLink(dataDir.resolve("static")));
    }

    @Test
    void staticLinksToTheBundlesUiFilesEvenWhenGrafanaRuns() throws IOException {
        // the server serves static/'s files at /ui/; Grafana serves its own from its home
        apply(TestInstalls.request(dataDir, InstallType.SERVER, bundle, Optional.of(grafana)));

        assertEquals(bundle.resolve("ui"), Files.readSymbolicLink(dataDir.resolve("static")));
    }

    @Test
    void theAgentWaitsForTheServerOnlyWhenBothRunHere() throws IOException {
        apply(TestInstalls.request(dataDir, InstallType.BACKEND_AGENT, bundle, Optional.empty()));
        assertTrue(Files.readString(dataDir.resolve("conf/supervisor.yaml"))
                .contains("    depends_on: [server]\n"));

        Path agentOnly = fs.getPath("/srv/agent");
        apply(TestInstalls.request(agentOnly, InstallType.AGENT, bundle, Optional.empty()));
        assertFalse(Files.readString(agentOnly.resolve("conf/supervisor.yaml"))
                .contains("depends_on"));
    }

    @ParameterizedTest
    @EnumSource(InstallType.class)
    void noPlaceholderIsLeftInAnyWrittenFile(InstallType type) throws IOException {
        apply(TestInstalls.request(dataDir, type, bundle, Optional.of(grafana)));

        try (var files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher left = Pattern.compile("\\{\\{[A-Z_]+}}").matcher(Files.readString(file));
                assertFalse(left.find(), () -> file + " keeps " + left.group());
            }
        }
    }

    @Test
    void secretsAreWrittenForTheOwnerOnly() throws IOException {
        apply(TestInstalls.request(dataDir, InstallType.ALL, bundle, Optional.of(grafana)));

        for (String secret : List.of("grafana/admin-password", "grafana/grafana.ini")) {
            Path file = dataDir.resolve("conf").resolve(secret);
            assertEquals("rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), secret);
        }
        assertEquals("admin-secret-1",
                Files.readString(dataDir.resolve("conf/grafana/admin-password")));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("conf/server.yaml"))),
                "server.yaml holds GottWall's private key");
    }

    @Test
    void theServerGetsGottWallsKeysAStreamPortAndRulesForItsCounters() throws IOException {
        apply(TestInstalls.request(dataDir, InstallType.SERVER, bundle, Optional.empty()));
        String server = Files.readString(dataDir.resolve("conf/server.yaml"));
        assertTrue(server.contains("\ngottwall:\n"), server);
        assertTrue(server.contains("  privateKey: \"gottwall-private-3\"\n"), server);
        assertTrue(server.contains("  stream:\n    listen: \"127.0.0.1\"\n    port: 15007\n"),
                server);
        assertTrue(server.contains("  projects:\n    default: \"default-public-4\"\n"), server);
        assertTrue(Files.readString(dataDir.resolve("conf/storage-schemas.conf")).contains(
                "[gottwall]\npattern = ^gottwall\\.\nretentions = 60s:7d,1h:1y,1d:10y\n"));
        String aggregation = Files.readString(dataDir.resolve("conf/storage-aggregation.conf"));
        assertTrue(aggregation.indexOf("[gottwall]") < aggregation.indexOf("[min]"),
                "before [min]: a counter named x.min sums");
        assertTrue(aggregation.contains("[gottwall]\npattern = ^gottwall\\.\nxFilesFactor = 0\n"
                + "aggregationMethod = sum\n"), aggregation);
    }

    @Test
    void envFileAndLinksTieTheInstallToTheBundle() throws IOException {
        apply(TestInstalls.request(dataDir, InstallType.ALL, bundle, Optional.empty()));

        assertEquals("# written by the dkumonitor installer; sourced by bin/dkm and bin/dkmadmin\n"
                + "DKM_DATA_DIR='/srv/data dir'\nDKM_HOME='/opt/dkumonitor-0.1.0'\n"
                + "export DKM_DATA_DIR DKM_HOME\n",
                Files.readString(dataDir.resolve("bin/env")));
        for (String launcher : InstallPlan.LAUNCHERS) {
            assertEquals(bundle.resolve("bin").resolve(launcher),
                    Files.readSymbolicLink(dataDir.resolve("bin").resolve(launcher)));
        }
    }

    @Test
    void theRecordNamesVersionTypePortBundleAndGrafana() throws IOException {
        apply(TestInstalls.request(dataDir, InstallType.SERVER, bundle, Optional.of(grafana)));

        InstallRecord record = InstallRecord.parse(dataDir.resolve("run/install.properties"));
        assertEquals(new InstallRecord("9.9.9", InstallType.SERVER, 15000, bundle,
                "/opt/grafana", "", ""), record);
    }

    @Test
    void theBundlesOwnGrafanaIsNamedThroughDkmHomeSoThatAnUpdateSwitchesIt() throws IOException {
        Installs.grafanaRelease(bundle.resolve("grafana"), "grafana-server");
        GrafanaHome bundled = GrafanaHome.bundled(bundle).orElseThrow();
        apply(TestInstalls.request(dataDir, InstallType.ALL, bundle, Optional.of(bundled)));

        String supervisor = Files.readString(dataDir.resolve("conf/supervisor.yaml"));
        assertTrue(supervisor.contains("\"${DKM_HOME}/grafana/bin/grafana-server\", \"--homepath\","
                + " \"${DKM_HOME}/grafana\""), supervisor);
        assertEquals("bundled", InstallRecord.parse(dataDir.resolve("run/install.properties"))
                .grafana());
    }

    @Test
    void aFrontendsGrafanaReadsTheGraphiteApiOfTheCarbonServer() throws IOException {
        apply(new InstallRequest(new DataDir(dataDir),
                InstallType.FRONTEND, new PortMap(15000),
                "127.0.0.1", "0.0.0.0", "", "metrics.example", bundle, Optional.of(grafana)));

        assertTrue(Files.readString(dataDir.resolve(
                "conf/grafana/provisioning/datasources/graphite.yaml"))
                .contains("    url: \"http://metrics.example:15002\"\n"));
        assertTrue(Files.readString(dataDir.resolve("conf/grafana/grafana.ini"))
                .contains("\nhttp_addr = 0.0.0.0\nhttp_port = 15000\n"));
    }

    private void apply(InstallRequest request) throws IOException {
        for (InstallStep step : InstallPlan.forRequest(request, TestInstalls.SECRETS,
                TestInstalls.GOTTWALL, "9.9.9")) {
            step.apply();
        }
    }

    private static List<String> programs(String supervisorYaml) {
        Matcher matcher = PROGRAM.matcher(supervisorYaml);
        List<String> names = new ArrayList<>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static Set<String> filesUnder(Path root) throws IOException {
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
