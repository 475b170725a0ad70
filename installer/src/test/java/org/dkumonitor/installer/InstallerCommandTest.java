package org.dkumonitor.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dkumonitor.cli.CommandLines;
import org.dkumonitor.core.cli.ExitCodes;
import org.dkumonitor.testkit.Installs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The installer's command line, run in-process on a real temporary directory. */
final class InstallerCommandTest {

    private static final InstantSource CLOCK =
            InstantSource.fixed(Instant.parse("2026-03-01T12:34:56Z"));

    @TempDir
    Path work;
    private Path bundle;
    private Path dataDir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void makeBundle() throws IOException {
        bundle = TestInstalls.bundle(work.resolve("bundle"));
        dataDir = work.resolve("data");
    }

    @Test
    void printsEachStepWithATimeStampAndLogsTheSameLines() throws IOException {
        assertEquals(0, run("-d", dataDir.toString(), "-p", "15000", "-t", "backend"),
                err::toString);

        List<String> printed = out.toString().lines().toList();
        assertTrue(printed.stream().allMatch(l -> l.startsWith("2026-03-01 12:34:56 ")),
                out::toString);
        assertTrue(printed.contains("2026-03-01 12:34:56   write "
                + dataDir.resolve("conf/server.yaml") + " (mode 0600)"), out::toString);
        assertEquals(printed, Files.readAllLines(dataDir.resolve("run/install.log")));
        assertTrue(out.toString().contains("  server   carbon plaintext 127.0.0.1:15001 (TCP and"
                + " UDP), carbon pickle 127.0.0.1:15004 (TCP), Graphite API 127.0.0.1:15002"
                + " (built-in UI at /ui/), HTTP ingest 127.0.0.1:15006, StatsD 127.0.0.1:15005"),
                out::toString);
        assertTrue(out.toString().contains("(GottWall under /gottwall, its stream on 15007;"),
                out::toString);
        assertTrue(out.toString().endsWith("Next: " + dataDir.resolve("bin/dkm") + " start\n"));
    }

    @Test
    void rendersTheIngestListenerOnPortPlusSixAtTheAddressAsked() throws IOException {
        assertEquals(0, run("-d", dataDir.toString(), "-p", "15000", "-t", "backend",
                "--ingest-listen", "0.0.0.0"), err::toString);
        String server = Files.readString(dataDir.resolve("conf/server.yaml"));
        assertTrue(server.contains("ingest:\n"), server);
        assertTrue(server.contains("  listen: \"0.0.0.0\"\n  port: 15006\n"), server);
        assertTrue(out.toString().contains("HTTP ingest 0.0.0.0:15006"), out::toString);
    }

    @Test
    void ingestListensOnLoopbackUnlessTold() throws IOException {
        assertEquals(0, run("-d", dataDir.toString(), "-p", "15000", "-t", "backend"),
                err::toString);
        assertTrue(Files.readString(dataDir.resolve("conf/server.yaml"))
                .contains("ingest:\n  # HTTP ingest: stats-service's event log API (/log/event),"
                        + " GottWall's API\n  listen: \"127.0.0.1\"\n  port: 15006\n"));
    }

    @Test
    void printsTheGrafanaPasswordOnceAndLogsItNowhere() throws IOException {
        Path grafana = Installs.grafanaRelease(work.resolve("grafana"), "grafana");
        assertEquals(0, run("-d", dataDir.toString(), "-p", "15000", "--grafana-home",
                grafana.toString()), err::toString);

        String password = Files.readString(dataDir.resolve("conf/grafana/admin-password"));
        assertEquals(Secrets.LENGTH, password.length());
        assertTrue(out.toString().contains("Grafana admin password (shown this once): "
                + password + "\n"), out::toString);
        assertFalse(Files.readString(dataDir.resolve("run/install.log")).contains(password));
        assertFalse(Files.readString(dataDir.resolve("conf/grafana/grafana.ini"))
                .contains(password));
    }

    @Test
    void anAgentWithoutServerIsToldWhereItsMetricsGo() throws IOException {
        assertEquals(0, run("-d", dataDir.toString(), "-p", "15000", "-t", "agent"),
                err::toString);
        assertTrue(out.toString().contains("  agent    sends this host's metrics to"
                + " 127.0.0.1:15001 (no server runs here: reinstall with --carbon-server HOST,"
                + " or edit conf/agent.yaml); StatsD 127.0.0.1:15005 (UDP and TCP) for this host's"
                + " applications"), out::toString);

        Path other = work.resolve("other");
        assertEquals(0, run("-d", other.toString(), "-p", "15000", "-t", "agent",
                "--carbon-server", "metrics.example"), err::toString);
        assertTrue(out.toString().contains("sends this host's metrics to metrics.example:15001;"
                + " StatsD"), out::toString);
    }

    @Test
    void anInstallNeedsAPort() {
        assertEquals(ExitCodes.USER_ERROR, run("-d", dataDir.toString()));
        assertEquals("installer: -p PORT is required for an install: the low end of a free range"
                + " of 10 ports, e.g. -p 15000 (or add --update to update)\n", err.toString());
        assertFalse(Files.exists(dataDir));
    }

    @Test
    void updateTakesNoOtherOption() throws IOException {
        assertEquals(0, run("-d", dataDir.toString(), "-p", "15000"), err::toString);
        Map<String, String> before = Installs.snapshot(dataDir);

        assertEquals(ExitCodes.USER_ERROR, run("-d", dataDir.toString(), "-u",
                "--hostname", "x"));

        assertTrue(err.toString().startsWith("installer: --update takes no --hostname: an"
                + " update keeps"), err::toString);
        assertEquals(before, Installs.snapshot(dataDir));
    }

    @Test
    void updateRewritesOnlyBinStaticAndTheRecord() throws IOException {
        assertEquals(0, run("-d", dataDir.toString(), "-p", "15000"), err::toString);
        Path newBundle = TestInstalls.bundle(work.resolve("bundle 2"));
        Map<String, String> before = Installs.snapshot(dataDir);

        assertEquals(0, run(Map.of("DKM_HOME", newBundle.toString()), "-d", dataDir.toString(),
                "--update"), err::toString);

        Map<String, String> after = Installs.snapshot(dataDir);
        for (String name : after.keySet()) {
            boolean replaced = name.startsWith("bin/") || name.equals("static")
                    || name.equals("run/install.properties") || name.equals("run/install.log");
            if (!replaced) {
                assertEquals(before.get(name), after.get(name), name);
            }
        }
        assertEquals(before.keySet(), after.keySet());
        assertEquals("-> " + newBundle.resolve("bin/dkm"), after.get("bin/dkm"));
    }

    @Test
    void updateRefusesWhenTheGrafanaItRunsIsGone() throws IOException {
        Path grafana = Installs.grafanaRelease(work.resolve("grafana"), "grafana");
        assertEquals(0, run("-d", dataDir.toString(), "-p", "15000", "-t", "server",
                "--grafana-home", grafana.toString()), err::toString);
        Files.delete(grafana.resolve("conf/defaults.ini"));
        Map<String, String> before = Installs.snapshot(dataDir);

        assertEquals(ExitCodes.USER_ERROR, run("-d", dataDir.toString(), "--update"));

        assertTrue(err.toString().contains(grafana + " is not a Grafana release"),
                err::toString);
        assertEquals(before, Installs.snapshot(dataDir));
    }

    @Test
    void anInstallOlderThanTheRecordIsUpdatedFromWhatItsFilesSay() throws IOException {
        assertEquals(0, run("-d", dataDir.toString(), "-p", "15000", "-t", "backend"),
                err::toString);
        Files.delete(dataDir.resolve("run/install.properties"));
        Files.writeString(bundle.resolve("VERSION"), "0.0.9\n");
        Path newBundle = TestInstalls.bundle(work.resolve("bundle 2"));

        assertEquals(0, run(Map.of("DKM_HOME", newBundle.toString()), "-d", dataDir.toString(),
                "--update"), err::toString);

        InstallRecord record = InstallRecord.parse(dataDir.resolve("run/install.properties"));
        assertEquals(InstallType.BACKEND, record.type());
        assertEquals(15000, record.port());
        assertEquals(newBundle, record.bundle());
        assertEquals("0.0.9", record.previousVersion());
        assertEquals(bundle.toString(), record.previousBundle());
        assertEquals("none", record.grafana());
    }

    @Test
    void helpDocumentsEveryFlag() {
        assertEquals(0, run("--help"));
        for (String flag : List.of("--directory", "--port", "--type", "--update",
                "--carbon-listen", "--api-listen", "--carbonapi-listen", "--ingest-listen",
                "--carbon-server",
                "--hostname", "--grafana-home", "--system-grafana", "PREVIOUS_BUNDLE")) {
            assertTrue(out.toString().contains(flag), flag);
        }
    }

    @Test
    void helpSaysWhichPortsAreServedAndWhichOnlyReserved() {
        assertEquals(0, run("--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("PORT+4 carbon pickle"), help);
        assertTrue(help.contains("PORT+5 StatsD"), help);
        assertTrue(help.contains("PORT+6 HTTP ingest"), help);
        assertTrue(help.contains("PORT+7 GottWall's stream (TCP and UDP)"), help);
        assertTrue(help.contains("PORT+3, +8 and +9 are reserved"), help);
    }

    private int run(String... args) {
        return run(Map.of("DKM_HOME", bundle.toString(), "PATH", "/nowhere"), args);
    }

    private int run(Map<String, String> environment, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine command = CommandLines.create(new InstallerCommand(environment,
                new Preflight(port -> true), new Secrets(new Random(1)), CLOCK, ZoneOffset.UTC));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }
}
