package org.dkumonitor.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.dkumonitor.testkit.Await;
import org.dkumonitor.testkit.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grafana as the supervisor's child, with a stand-in executable named {@code grafana}: the
 * supervisor runs {@code grafana server --homepath HOME --config conf/grafana/grafana.ini} in
 * HOME with a clean environment, from a bundle unpacked in a path with spaces, and dkm stop
 * leaves nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class GrafanaChildIT {

    private Path dataDir;

    @Test
    void theSupervisorRunsGrafanaServerWithItsConfigInACleanEnvironment(@TempDir Path work)
            throws Exception {
        Path bundle = Bundles.unpack(work, "bundle with spaces");
        Path grafana = Bundles.standInGrafana(work.resolve("grafana home"));
        dataDir = work.resolve("data");
        Command install = Bundles.installer(bundle, "-d", dataDir.toString(), "-p",
                Integer.toString(TestPorts.range(10)), "-t", "frontend", "--grafana-home",
                grafana.toString());
        assertEquals(0, install.exitCode(), install.toString());

        Command start = dkm("start");
        assertEquals(0, start.exitCode(), start.toString());
        Path args = grafana.resolve("started.args");
        Await.until("the supervisor starts Grafana's stand-in", Duration.ofSeconds(20),
                () -> Files.exists(grafana.resolve("started.cwd")));
        assertEquals(List.of("server", "--homepath", grafana.toString(), "--config",
                dataDir.resolve("conf/grafana/grafana.ini").toString()),
                Files.readAllLines(args));
        assertEquals(grafana.toRealPath().toString(),
                Files.readString(grafana.resolve("started.cwd")).strip());
        List<String> environment = Files.readAllLines(grafana.resolve("started.env"));
        List<String> names = environment.stream().map(line -> line.split("=", 2)[0])
                .filter(name -> !List.of("PWD", "SHLVL", "_", "OLDPWD").contains(name))
                .toList();
        assertEquals(List.of("DKM_SUPERVISOR_PID", "HOME", "PATH"), names,
                environment.toString());
        assertTrue(environment.contains("HOME=" + dataDir.resolve("storage/grafana")),
                environment.toString());
        long supervisorPid = Long.parseLong(Files.readString(dataDir.resolve(
                "run/supervisor.pid")).strip());
        assertTrue(environment.contains("DKM_SUPERVISOR_PID=" + supervisorPid),
                "the mark a later supervisor finds leftovers by: " + environment);

        Instant running = Instant.now().plusSeconds(15);
        Command status = dkm("status");
        while (!status.output().contains("RUNNING") && Instant.now().isBefore(running)) {
            Thread.sleep(250);
            status = dkm("status");
        }
        assertTrue(status.output().startsWith("grafana ") && status.output().contains("RUNNING"),
                status.toString());
        long pid = Long.parseLong(dkm("pid", "grafana").output().strip());

        Command stop = dkm("stop");
        assertEquals(0, stop.exitCode(), stop.toString());
        Instant gone = Instant.now().plusSeconds(10);
        while (alive(pid) && Instant.now().isBefore(gone)) {
            Thread.sleep(100);
        }
        assertFalse(alive(pid), "the stand-in Grafana survived dkm stop");
    }

    @AfterAll
    void stopWhatIsLeft() throws Exception {
        if (dataDir != null && Files.exists(dataDir.resolve("run/supervisor.sock"))) {
            dkm("stop");
        }
    }

    private Command dkm(String... arguments) throws Exception {
        String[] command = new String[arguments.length + 1];
        command[0] = dataDir.resolve("bin/dkm").toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        return Command.run(command);
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent() && process.get().isAlive();
    }
}
