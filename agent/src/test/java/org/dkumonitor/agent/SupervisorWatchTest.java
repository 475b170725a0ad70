package org.dkumonitor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.dkumonitor.agent.collect.ProcFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorWatchTest {

    @TempDir
    Path root;

    private ProcFiles proc() {
        return new ProcFiles(root.toFile());
    }

    private void stat(String pid, char state, long startTime) throws IOException {
        Path file = root.resolve(pid).resolve("stat");
        Files.createDirectories(file.getParent());
        Files.writeString(file, pid + " (dkm supervisor) " + state + " 1 " + pid + " " + pid
                + " 0 -1 4194560 100 0 0 0 50 10 0 0 20 0 30 0 " + startTime
                + " 3000000000 9000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0\n");
    }

    @Test
    void theSupervisorIsAliveWhileItsPidShowsTheSameStartTime() throws IOException {
        stat("4242", 'S', 777);
        assertEquals(Optional.of("777"), SupervisorWatch.startTime(proc(), "4242"));
        assertTrue(SupervisorWatch.isAlive(proc(), "4242", "777"));
        stat("4242", 'S', 990);
        assertFalse(SupervisorWatch.isAlive(proc(), "4242", "777"), "pid reused");
        stat("4242", 'Z', 777);
        assertFalse(SupervisorWatch.isAlive(proc(), "4242", "777"), "a zombie has exited");
        Files.delete(root.resolve("4242/stat"));
        assertFalse(SupervisorWatch.isAlive(proc(), "4242", "777"));
    }

    @Test
    void theStartTimeMustMatchWholeAndTheCommMayHoldSpacesAndParentheses() throws IOException {
        Path file = root.resolve("4244").resolve("stat");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "4244 (a) b (c) S 1 4244 4244 0 -1 4194560 100 0 0 0 50 10 0 0"
                + " 20 0 30 0 7777 3000000000 9000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0"
                + " 0 17 1 0 0\n");
        assertEquals(Optional.of("7777"), SupervisorWatch.startTime(proc(), "4244"));
        assertTrue(SupervisorWatch.isAlive(proc(), "4244", "7777"));
        assertFalse(SupervisorWatch.isAlive(proc(), "4244", "777"), "a prefix is another time");
        assertFalse(SupervisorWatch.isAlive(proc(), "4244", "77777"));
        Files.writeString(file, "4244 (a) b (c) S 1 4244");
        assertFalse(SupervisorWatch.isAlive(proc(), "4244", "7777"), "cut short");
    }

    @Test
    void noPidOrAnAbsentOneHasNoStartTime() throws IOException {
        assertNull(SupervisorWatch.watch(null, proc()));
        assertNull(SupervisorWatch.watch(" ", proc()));
        assertEquals(Optional.empty(), SupervisorWatch.startTime(proc(), "4243"));
        assertEquals(Optional.empty(), SupervisorWatch.startTime(proc(), "../self"));
    }

    @Test
    void readsTheRealStartTimeOfThisProcess() {
        String self = Long.toString(ProcessHandle.current().pid());
        Optional<String> start = SupervisorWatch.startTime(ProcFiles.system(), self);
        assertTrue(start.isPresent());
        assertTrue(SupervisorWatch.isAlive(ProcFiles.system(), self, start.get()));
    }

    /** The agent's main thread watches between rounds: it returns once the supervisor is gone. */
    @Test
    @org.junit.jupiter.api.Timeout(20)
    void theRoundsEndWhenTheSupervisorIsGoneOrTheAgentCloses() throws Exception {
        stat("4250", 'S', 900);
        SupervisorWatch.Liveness supervisor = SupervisorWatch.watch("4250", proc());
        HostAgent agent = new HostAgent("p", java.util.List.of(), java.util.List.of(),
                java.time.InstantSource.system());
        java.util.concurrent.CompletableFuture<Boolean> ended =
                new java.util.concurrent.CompletableFuture<>();
        Thread rounds = new Thread(() -> ended.complete(agent.run(3600, supervisor, 10)));
        rounds.start();
        Thread.sleep(50);
        assertFalse(ended.isDone(), "the supervisor still runs");
        stat("4250", 'S', 901);  // its pid now names another process
        assertEquals(false, ended.get(10, java.util.concurrent.TimeUnit.SECONDS));

        HostAgent closed = new HostAgent("p", java.util.List.of(), java.util.List.of(),
                java.time.InstantSource.system());
        java.util.concurrent.CompletableFuture<Boolean> stopped =
                new java.util.concurrent.CompletableFuture<>();
        new Thread(() -> stopped.complete(closed.run(3600, null, 10))).start();
        Thread.sleep(50);
        closed.close();
        assertEquals(true, stopped.get(10, java.util.concurrent.TimeUnit.SECONDS));
    }
}
