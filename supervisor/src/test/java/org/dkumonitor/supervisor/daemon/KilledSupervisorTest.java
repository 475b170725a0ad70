package org.dkumonitor.supervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.supervisor.control.ControlClient;
import org.dkumonitor.supervisor.control.ControlException;
import org.dkumonitor.supervisor.control.ControlRequest;
import org.dkumonitor.supervisor.control.ControlResponse;
import org.dkumonitor.supervisor.program.ProgramStatus;
import org.dkumonitor.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon in a JVM of its own, killed with -9: its program (a shell, not one of ours,
 * so it does not watch its parent) and that program's grandchild run on until the next
 * supervisor starts, which stops them before it starts the program again. A second supervisor
 * for the same DATA_DIR is refused.
 */
class KilledSupervisorTest {

    @TempDir
    Path root;
    private final List<Long> started = new ArrayList<>();

    @AfterEach
    void killEverythingStarted() {
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void theNextSupervisorStopsWhatAKilledOneLeftBehind() throws Exception {
        DataDir dataDir = new DataDir(root);
        Files.createDirectories(dataDir.conf());
        Files.writeString(dataDir.confFile("supervisor.yaml"), """
                programs:
                  - name: worker
                    command: [/bin/sh, -c, "sleep 300 & echo $! > grandchild; exec sleep 300"]
                    directory: ${DKM_DATA_DIR}
                    startsecs: 0
                """);
        ControlClient client = new ControlClient(dataDir.supervisorSocket());

        Process first = launch("first.log");
        ProgramStatus worker = awaitRunning(client);
        long grandchild = Long.parseLong(awaitFile(root.resolve("grandchild")).strip());
        started.add(worker.pid());
        started.add(grandchild);
        Files.delete(root.resolve("grandchild"));

        first.destroyForcibly().waitFor();
        assertTrue(alive(worker.pid()) && alive(grandchild),
                "a program that does not watch its supervisor runs on until the next start");

        Process second = launch("second.log");
        ProgramStatus replaced = awaitRunning(client);
        started.add(replaced.pid());
        assertNotEquals(worker.pid(), replaced.pid());
        assertTrue(!alive(worker.pid()) && !alive(grandchild), "the leftovers were stopped");
        assertTrue(Files.readString(dataDir.supervisorLog()).contains(
                "the previous supervisor (pid " + first.pid() + ") died and left"),
                "the supervisor writes its own log");

        Process third = launch("third.log");
        assertEquals(1, third.waitFor(), "a second supervisor for one DATA_DIR is refused");
        assertTrue(Files.readString(root.resolve("third.log")).contains(
                "a supervisor is already running for " + root + " (pid " + second.pid() + ")"));

        client.send(new ControlRequest("shutdown", List.of()));
        assertEquals(0, second.waitFor());
        Await.until("the replaced supervisor exits", Duration.ofSeconds(15),
                () -> !alive(replaced.pid()));
        assertTrue(!Files.exists(dataDir.supervisorPidFile()), "a clean stop leaves no pid file");
    }

    private Process launch(String log) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xshare:auto", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                SupervisorMain.class.getName(), "--data-dir", root.toString())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve(log).toFile());
        builder.environment().put(SupervisorMain.HOME_VARIABLE, root.toString());
        Process process = builder.start();
        started.add(process.pid());
        return process;
    }

    private static ProgramStatus awaitRunning(ControlClient client) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                ControlResponse response = client.send(new ControlRequest("status",
                        List.of("worker")));
                if (response.exitCode() == 0) {
                    return response.programs().get(0);
                }
            } catch (ControlException | ControlClient.NotRunningException e) {
                // not up yet
            }
            pause();
        }
        throw new AssertionError("the worker was not RUNNING within 30 s");
    }

    private static String awaitFile(Path file) throws IOException {
        Await.until(file + " is written", Duration.ofSeconds(15), () -> {
            try {
                return Files.exists(file) && !Files.readString(file).isBlank();
            } catch (IOException e) {
                return false;
            }
        });
        return Files.readString(file);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
