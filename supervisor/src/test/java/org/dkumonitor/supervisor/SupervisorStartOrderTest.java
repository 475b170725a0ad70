package org.dkumonitor.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dkumonitor.supervisor.config.AutoRestart;
import org.dkumonitor.supervisor.config.ProgramConfig;
import org.dkumonitor.supervisor.program.RotatingLog;
import org.dkumonitor.supervisor.testing.FakeSpawner;
import org.dkumonitor.supervisor.testing.FakeSpawner.Behavior;
import org.dkumonitor.testkit.Await;
import org.dkumonitor.testkit.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Programs start in supervisor.yaml's order, each after those it depends_on have settled. */
class SupervisorStartOrderTest {

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T11:11:23Z"));
    private final FakeSpawner spawner = new FakeSpawner(100);
    private Supervisor supervisor;

    @AfterEach
    void stop() {
        if (supervisor != null) {
            supervisor.stopAll();
            supervisor.close();
        }
    }

    private static ProgramConfig program(String name, int startsecs, List<String> dependsOn) {
        return new ProgramConfig(name, List.of("/bin/" + name), null, null, true,
                AutoRestart.TRUE, null, startsecs, 1, null, 10, null, null, null, null,
                dependsOn);
    }

    @Test
    void theAgentStartsOnlyOnceTheServerIsRunning() {
        supervisor = new Supervisor(List.of(program("server", 2, null),
                program("agent", 1, List.of("server")), program("grafana", 1, null)),
                this::log, spawner, clock, ZoneOffset.UTC);

        CompletableFuture<Void> starting = CompletableFuture.runAsync(supervisor::startAutostart);
        Await.until("the server is spawned", () -> spawner.spawned("server").size() == 1);
        clock.advanceMillis(1999);
        pauseForTicks();

        assertEquals(0, spawner.spawned("agent").size(), "the agent waits for the server");
        assertEquals(0, spawner.spawned("grafana").size(), "later programs wait their turn");
        clock.advanceMillis(1);
        Await.until("the agent is spawned", () -> spawner.spawned("agent").size() == 1);
        starting.join();
        assertEquals(1, spawner.spawned("grafana").size());
        assertEquals("RUNNING", supervisor.state("server").label());
    }

    @Test
    void aDependencyThatFailsDoesNotHoldTheOthersBackForever() {
        spawner.behave("server", Behavior.EXITS_AT_ONCE);
        supervisor = new Supervisor(List.of(program("server", 1, null),
                program("agent", 1, List.of("server"))), this::log, spawner, clock,
                ZoneOffset.UTC);

        CompletableFuture<Void> starting = CompletableFuture.runAsync(supervisor::startAutostart);
        for (int second = 1; second <= 2 && !starting.isDone(); second++) {
            Await.until("the server backs off or fails",
                    () -> supervisor.state("server").label().equals("BACKOFF")
                            || supervisor.state("server").label().equals("FATAL"));
            clock.advanceMillis(second * 1000L);
            pauseForTicks();
        }
        Await.until("the start has ended", starting::isDone);

        assertEquals("FATAL", supervisor.state("server").label());
        assertEquals(1, spawner.spawned("agent").size(), "started, and shown failing on its own");
    }

    @Test
    void startingSeveralSpawnsThemTogetherExceptWhatWaitsForADependency() {
        supervisor = new Supervisor(List.of(program("server", 1, null),
                program("agent", 1, List.of("server")), program("grafana", 1, null)),
                this::log, spawner, clock, ZoneOffset.UTC);
        CompletableFuture<List<Supervisor.Outcome>> starting = CompletableFuture.supplyAsync(
                () -> supervisor.start(List.of("server", "grafana", "agent")));

        Await.until("the server and Grafana are spawned",
                () -> spawner.spawned("server").size() == 1
                        && spawner.spawned("grafana").size() == 1);
        pauseForTicks();
        assertEquals(0, spawner.spawned("agent").size());
        clock.advanceMillis(1000);
        Await.until("the agent is spawned", () -> spawner.spawned("agent").size() == 1);
        clock.advanceMillis(1000);

        assertEquals(List.of("server: started", "grafana: started", "agent: started"),
                starting.join().stream().map(Supervisor.Outcome::line).toList());
    }

    private RotatingLog log(ProgramConfig config) {
        try {
            return new RotatingLog(dir.resolve(config.name() + ".log"), 0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets the event thread tick a few times at the clock's current time. */
    private static void pauseForTicks() {
        try {
            Thread.sleep(3 * Supervisor.TICK_MILLIS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

}
