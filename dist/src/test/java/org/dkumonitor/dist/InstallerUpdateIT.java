package org.dkumonitor.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.dkumonitor.testkit.Installs;
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
 * {@code installer --update} from one unpacked bundle to another and back: bin/, static/ and
 * the record follow the new bundle; conf/ (with a user's edits) and every whisper file stay
 * byte for byte; running it twice is harmless; refusals change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class InstallerUpdateIT {

    private Path work;
    private Path oldBundle;
    private Path newBundle;
    private Path dataDir;
    private int port;
    private boolean started;

    @BeforeAll
    void installWithTheOldBundle(@TempDir Path work) throws Exception {
        this.work = work;
        oldBundle = Bundles.unpack(work, "old bundle");
        newBundle = Bundles.unpack(work, "new bundle");
        dataDir = work.resolve("data");
        port = TestPorts.range(10);
        Command install = Bundles.installer(oldBundle, "-d", dataDir.toString(), "-p",
                Integer.toString(port), "-t", "backend-agent");
        assertEquals(0, install.exitCode(), install.toString());
        // a user's edit, and metrics the server wrote
        Files.writeString(dataDir.resolve("conf/server.yaml"), "# tuned by hand\n",
                java.nio.file.StandardOpenOption.APPEND);
        Path whisper = Files.createDirectories(dataDir.resolve("storage/whisper/a/b"));
        byte[] bytes = new byte[4096];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(whisper.resolve("c.wsp"), bytes);
    }

    @Test
    @Order(1)
    void updateRefusesOptionsItDoesNotTakeAndChangesNothing() throws Exception {
        Map<String, String> before = Installs.snapshot(dataDir);
        for (String[] options : new String[][] {{"-t", "all"}, {"-p", "15000"},
                {"--grafana-home", "/opt/grafana"}, {"--carbon-server", "example.net"}}) {
            Command refused = Bundles.installer(newBundle, "-d", dataDir.toString(), "--update",
                    options[0], options[1]);
            assertEquals(1, refused.exitCode(), refused.toString());
            assertTrue(refused.output().contains("--update takes no "), refused.output());
        }
        assertEquals(before, Installs.snapshot(dataDir));
    }

    @Test
    @Order(2)
    void updateOfADirectoryWithoutAnInstallIsRefused() throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty"));
        Command refused = Bundles.installer(newBundle, "-d", empty.toString(), "-u");
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.output().contains("holds no install to update"), refused.output());
        assertEquals(Map.of("", "dir"), Installs.snapshot(empty));
    }

    @Test
    @Order(3)
    void updateMovesBinAndStaticToTheNewBundleAndLeavesConfAndStorageAlone() throws Exception {
        Map<String, String> conf = Installs.snapshot(dataDir.resolve("conf"));
        Map<String, String> storage = Installs.snapshot(dataDir.resolve("storage"));

        Command update = Bundles.installer(newBundle, "-d", dataDir.toString(), "--update");

        assertEquals(0, update.exitCode(), update.toString());
        assertEquals(conf, Installs.snapshot(dataDir.resolve("conf")));
        assertEquals(storage, Installs.snapshot(dataDir.resolve("storage")));
        assertEquals(newBundle.resolve("bin/dkm"), Files.readSymbolicLink(
                dataDir.resolve("bin/dkm")));
        assertEquals(newBundle.resolve("ui"), Files.readSymbolicLink(dataDir.resolve("static")));
        assertTrue(Files.readString(dataDir.resolve("bin/env"))
                .contains("DKM_HOME='" + newBundle + "'"));
        Properties record = record();
        assertEquals(newBundle.toString(), record.getProperty("bundle"));
        assertEquals(oldBundle.toString(), record.getProperty("previous.bundle"));
        assertEquals("backend-agent", record.getProperty("type"));
        assertTrue(update.output().contains("To go back to " + record.getProperty("version")
                + ": " + oldBundle.resolve("installer") + " -d " + dataDir + " --update"),
                update.output());
        assertTrue(Files.readString(dataDir.resolve("run/install.log")).contains("Updating "));
        // the launcher in bin/ runs the new bundle: status answers that nothing runs
        Command status = Command.run(dataDir.resolve("bin/dkm").toString(), "status");
        assertEquals(4, status.exitCode(), status.toString());
    }

    @Test
    @Order(4)
    void updatingTwiceIsHarmless() throws Exception {
        Map<String, String> before = Installs.snapshot(dataDir);
        Command again = Bundles.installer(newBundle, "-d", dataDir.toString(), "--update");
        assertEquals(0, again.exitCode(), again.toString());
        Map<String, String> after = Installs.snapshot(dataDir);
        after.remove("run/install.log");
        before.remove("run/install.log");
        assertEquals(before, after);
    }

    @Test
    @Order(5)
    void thePreviousBundleTakesTheInstallBack() throws Exception {
        Command back = Bundles.installer(oldBundle, "-d", dataDir.toString(), "--update");
        assertEquals(0, back.exitCode(), back.toString());
        assertEquals(oldBundle.resolve("bin/dkm"), Files.readSymbolicLink(
                dataDir.resolve("bin/dkm")));
        assertEquals(newBundle.toString(), record().getProperty("previous.bundle"));
        assertTrue(Files.readString(dataDir.resolve("conf/server.yaml")).endsWith(
                "# tuned by hand\n"));
    }

    @Test
    @Order(6)
    void aSecondInstallWithTheSameArgumentsIsRefusedAndHarmless() throws Exception {
        Map<String, String> before = Installs.snapshot(dataDir);
        Command again = Bundles.installer(oldBundle, "-d", dataDir.toString(), "-p",
                Integer.toString(port), "-t", "backend-agent");
        assertEquals(1, again.exitCode(), again.toString());
        assertTrue(again.output().contains("already holds an install; use --update"),
                again.output());
        assertEquals(before, Installs.snapshot(dataDir));
        assertFalse(again.output().contains("Exception"), again.output());
    }

    @Test
    @Order(7)
    void afterAnUpdateAndARestartTheProgramsRunFromTheNewBundle() throws Exception {
        Command update = Bundles.installer(newBundle, "-d", dataDir.toString(), "--update");
        assertEquals(0, update.exitCode(), update.toString());
        started = true;
        Command start = dkm("start");
        assertEquals(0, start.exitCode(), start.toString());

        Command pid = dkm("pid", "server");
        Instant deadline = Instant.now().plusSeconds(20);
        while (!pid.output().strip().matches("[1-9]\\d*") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            pid = dkm("pid", "server");
        }
        long server = Long.parseLong(pid.output().strip());
        String commandLine = ProcessHandle.of(server).flatMap(p -> p.info().commandLine())
                .orElse("");
        assertTrue(commandLine.contains(newBundle.resolve("lib").toString()), commandLine);
        assertFalse(commandLine.contains(oldBundle.toString()), commandLine);

        Command stop = dkm("stop");
        assertEquals(0, stop.exitCode(), stop.toString());
        started = false;
        assertTrue(Files.readString(dataDir.resolve("conf/server.yaml")).endsWith(
                "# tuned by hand\n"));
    }

    @AfterAll
    void stopIfStarted() throws Exception {
        if (started && Files.exists(dataDir.resolve("run/supervisor.sock"))) {
            dkm("stop");
        }
    }

    private Command dkm(String... arguments) throws Exception {
        String[] command = new String[arguments.length + 1];
        command[0] = dataDir.resolve("bin/dkm").toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        return Command.run(command);
    }

    private Properties record() throws Exception {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(dataDir.resolve("run/install.properties"))) {
            properties.load(reader);
        }
        return properties;
    }
}
