package org.dkumonitor.supervisor.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.dkumonitor.supervisor.config.AutoRestart;
import org.dkumonitor.supervisor.config.ProgramConfig;
import org.dkumonitor.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: no process a program started outlives it, wherever it was reparented. */
class ProcessTreeTest {

    @TempDir
    Path dir;
    private final ExecutorService events = Executors.newSingleThreadExecutor();
    private final List<Long> started = new ArrayList<>();

    @AfterEach
    void killEverythingStarted() {
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        events.shutdownNow();
    }

    private ProgramProcess program(String script, AutoRestart autorestart) throws IOException {
        ProgramConfig config = new ProgramConfig("p", List.of("/bin/sh", "-c", script),
                dir.toString(), null, true, autorestart, null, 0, 0, null, 5, null, null, null,
                null, null);
        return new ProgramProcess(config, new RotatingLog(dir.resolve("p.log"), 0, 0),
                new ProcessSpawner(Map.of(), dir), InstantSource.system(), events);
    }

    @Test
    void stopKillsAGrandchildThatWasReparentedAway() throws Exception {
        ProgramProcess program = program("(sleep 300 & echo $! > grandchild); exec sleep 300",
                AutoRestart.FALSE);
        onEvents(program::start);
        long grandchild = awaitPid(dir.resolve("grandchild"));
        long child = onEvents(() -> program.status(java.time.ZoneOffset.UTC).pid());
        started.add(child);
        assertTrue(ProcessHandle.of(child).orElseThrow().descendants()
                .noneMatch(p -> p.pid() == grandchild), "the grandchild left the tree");

        onEvents(program::stop);
        Await.until("the program is STOPPED",
                () -> onEvents(() -> program.state().label()).equals("STOPPED"));

        Await.until("the grandchild is gone", () -> !alive(grandchild));
        assertTrue(!alive(child));
    }

    @Test
    void whatAProgramLeftRunningWhenItExitedIsKilled() throws Exception {
        ProgramProcess program = program("sleep 300 & echo $! > grandchild; sleep 0.2; exit 0",
                AutoRestart.FALSE);
        onEvents(program::start);
        long grandchild = awaitPid(dir.resolve("grandchild"));

        Await.until("the program has EXITED",
                () -> onEvents(() -> program.state().label()).equals("EXITED"));

        Await.until("the grandchild is gone", () -> !alive(grandchild));
    }

    @Test
    void aProgramWithReadySignalIsRunningOnlyOnceItHasWrittenItsReadyFile() throws Exception {
        ProgramConfig config = new ProgramConfig("p", List.of("/bin/sh", "-c",
                "while [ ! -e go ]; do sleep 0.05; done; echo $$ > \"$DKM_READY_FILE\";"
                        + " exec sleep 300"), dir.toString(), null, true, AutoRestart.FALSE,
                null, 0, 0, null, 5, null, null, null, null, null,
                org.dkumonitor.supervisor.config.Readiness.SIGNAL, 60);
        ProgramProcess program = new ProgramProcess(config, new RotatingLog(
                dir.resolve("p.log"), 0, 0), new ProcessSpawner(Map.of(), dir),
                InstantSource.system(), events);
        onEvents(program::start);
        started.add(onEvents(() -> program.status(java.time.ZoneOffset.UTC).pid()));
        for (int i = 0; i < 5; i++) {
            Thread.sleep(50);
            onEvents(() -> {
                program.tick();
                return null;
            });
            assertEquals("STARTING", onEvents(() -> program.state().label()));
        }
        java.nio.file.Files.createFile(dir.resolve("go"));
        Await.until("the program runs", () -> {
            onEvents(() -> {
                program.tick();
                return null;
            });
            return onEvents(() -> program.state().label()).equals("RUNNING");
        });
        onEvents(program::stop);
        Await.until("the program is STOPPED",
                () -> onEvents(() -> program.state().label()).equals("STOPPED"));
    }

    @Test
    void aCommandThatDoesNotExistIsASpawnErrorNamingIt() throws Exception {
        ProgramConfig config = new ProgramConfig("p", List.of("/no/such/command"), null, null,
                true, null, null, 1, 0, null, 5, null, null, null, null, null);
        ProgramProcess program = new ProgramProcess(config, new RotatingLog(
                dir.resolve("p.log"), 0, 0), new ProcessSpawner(Map.of(), dir),
                InstantSource.system(), events);

        onEvents(program::start);

        assertEquals(new ProgramState.Fatal("can't find command '/no/such/command'"),
                onEvents(program::state));
    }

    @Test
    void findsCommandsOnThePathAndNamesThoseItCannotRun() throws IOException {
        ProcessSpawner.checkExecutable("sh", "/nonexistent:/bin");
        assertEquals("can't find command 'nosuchcommand'", assertThrows(SpawnException.class,
                () -> ProcessSpawner.checkExecutable("nosuchcommand", "/bin")).getMessage());
        Path notExecutable = Files.writeString(dir.resolve("script"), "#!/bin/sh\n");
        assertEquals("command at '" + notExecutable + "' is not executable",
                assertThrows(SpawnException.class, () -> ProcessSpawner.checkExecutable(
                        notExecutable.toString(), "/bin")).getMessage());
    }

    private long awaitPid(Path file) {
        Await.until(file + " is written", () -> {
            try {
                return Files.exists(file) && !Files.readString(file).isBlank();
            } catch (IOException e) {
                return false;
            }
        });
        try {
            long pid = Long.parseLong(Files.readString(file).strip());
            started.add(pid);
            return pid;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private <T> T onEvents(Callable<T> work) {
        try {
            return events.submit(work).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

}
