package org.dkumonitor.supervisor.program;

import static org.dkumonitor.supervisor.testing.Programs.program;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.dkumonitor.supervisor.config.AutoRestart;
import org.dkumonitor.supervisor.config.ProgramConfig;
import org.dkumonitor.supervisor.testing.FakeSpawner;
import org.dkumonitor.supervisor.testing.FakeSpawner.Behavior;
import org.dkumonitor.supervisor.testing.FakeSpawner.Signal;
import org.dkumonitor.testkit.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgramProcessTest {

    private static final Instant T0 = Instant.parse("2026-11-23T11:11:23Z");

    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    private final ManualClock clock = new ManualClock(T0);
    private final FakeSpawner spawner = new FakeSpawner(3746);
    /** The event thread, run by hand: exits are posted here as the real one posts them. */
    private final Queue<Runnable> posted = new ArrayDeque<>();
    private final Executor events = posted::add;

    @AfterEach
    void closeFileSystem() throws IOException {
        fs.close();
    }

    private ProgramProcess process(ProgramConfig config) throws IOException {
        return new ProgramProcess(config, new RotatingLog(fs.getPath("/run/" + config.name()
                + ".log"), 1024, 1), spawner, clock, events);
    }

    /** Runs what was posted to the event thread, then one tick, as the supervisor would. */
    private void after(long millis, ProgramProcess program) {
        clock.advanceMillis(millis);
        runPosted();
        program.tick();
        runPosted();
    }

    private void runPosted() {
        while (!posted.isEmpty()) {
            posted.poll().run();
        }
    }

    @Test
    void isStartingUntilStartsecsThenRunning() throws IOException {
        ProgramProcess sleeper = process(program("sleeper"));

        assertTrue(sleeper.start());
        after(999, sleeper);
        assertEquals("STARTING", sleeper.state().label());
        after(1, sleeper);

        assertEquals(new ProgramState.Running(3746, T0), sleeper.state());
        after(7_000, sleeper);
        assertEquals("pid 3746, uptime 0:00:08",
                sleeper.status(ZoneOffset.UTC).description());
    }

    private static ProgramConfig signalling(String name) {
        return new ProgramConfig(name, List.of("/bin/" + name), null, null, true,
                AutoRestart.UNEXPECTED, null, 1, 3, null, 10, null, null, null, null, null,
                org.dkumonitor.supervisor.config.Readiness.SIGNAL, 60);
    }

    @Test
    void withReadySignalIsStartingUntilTheProgramSaysItIsReady() throws IOException {
        ProgramProcess server = process(signalling("server"));

        server.start();
        after(30_000, server);
        assertEquals("STARTING", server.state().label(), "up for long, but not ready");
        spawner.ready("server");
        after(100, server);

        assertEquals(new ProgramState.Running(3746, T0), server.state());
    }

    @Test
    void withReadySignalAnExitBeforeReadyOrNoSignalInTimeIsAFailedStart() throws IOException {
        ProgramProcess server = process(signalling("server"));
        server.start();
        after(10_000, server);
        spawner.last("server").exit(1);
        runPosted();
        assertInstanceOf(ProgramState.Backoff.class, server.state(), "exited while replaying");
        after(1_000, server);
        assertEquals("STARTING", server.state().label());
        after(60_000, server);
        ProgramState.Backoff backoff = assertInstanceOf(ProgramState.Backoff.class,
                server.state());
        assertEquals(ProgramProcess.NOT_READY, backoff.reason());
        assertTrue(spawner.signals().contains(new Signal("server", 3747, "KILL")),
                spawner.signals().toString());
    }

    @Test
    void withStartsecsZeroIsRunningAtOnce() throws IOException {
        ProgramProcess sleeper = process(program("sleeper", AutoRestart.UNEXPECTED, 0, 10,
                true));

        sleeper.start();

        assertEquals("RUNNING", sleeper.state().label());
    }

    @Test
    void quickExitsBackOffOneTwoThreeSecondsThenGoFatalAfterStartretries() throws IOException {
        spawner.behave("failer", Behavior.EXITS_AT_ONCE);
        ProgramProcess failer = process(program("failer"));

        failer.start();
        runPosted();
        for (int wait = 1; wait <= 3; wait++) {
            ProgramState.Backoff backoff = assertInstanceOf(ProgramState.Backoff.class,
                    failer.state());
            assertEquals(Descriptions.TOO_QUICK, backoff.reason());
            after(wait * 1000L - 1, failer);
            assertEquals(wait, spawner.spawned("failer").size(), "retried before " + wait
                    + " s");
            after(1, failer);
            assertEquals(wait + 1, spawner.spawned("failer").size(), "no retry after " + wait
                    + " s");
        }

        assertEquals(new ProgramState.Fatal(Descriptions.TOO_QUICK), failer.state());
        after(60_000, failer);
        assertEquals(4, spawner.spawned("failer").size(), "1 start + startretries 3");
        assertEquals("Exited too quickly (process log may have details)",
                failer.status(ZoneOffset.UTC).description());
    }

    @Test
    void aCommandThatDoesNotExistBacksOffWithItsReasonThenGoesFatal() throws IOException {
        spawner.behave("ghost", Behavior.NO_SUCH_COMMAND);
        ProgramProcess ghost = process(program("ghost"));

        ghost.start();
        assertEquals("BACKOFF", ghost.state().label());
        after(1000, ghost);
        after(2000, ghost);
        after(3000, ghost);

        assertEquals(new ProgramState.Fatal("can't find command '/bin/ghost'"), ghost.state());
    }

    @ParameterizedTest(name = "autorestart {0}, exit {1}: {2}")
    @CsvSource({
        "UNEXPECTED, 0, false",
        "UNEXPECTED, 2, true",
        "TRUE, 0, true",
        "TRUE, 2, true",
        "FALSE, 0, false",
        "FALSE, 2, false",
    })
    void anExitAfterRunningRestartsAsAutorestartSays(AutoRestart autorestart, int code,
            boolean restarts) throws IOException {
        ProgramProcess oneshot = process(program("oneshot", autorestart, 1, 10, true));
        oneshot.start();
        after(1000, oneshot);

        spawner.last("oneshot").exit(code);
        after(0, oneshot);

        assertEquals(restarts ? 2 : 1, spawner.spawned("oneshot").size());
        if (restarts) {
            assertEquals("STARTING", oneshot.state().label());
        } else {
            assertEquals(new ProgramState.Exited(T0.plusSeconds(1), code, code == 0),
                    oneshot.state());
            assertEquals("Nov 23 11:11 AM", oneshot.status(ZoneOffset.UTC).description());
        }
    }

    @Test
    void stopSignalsTheWholeTreeAndIsStoppedWhenItExits() throws IOException {
        ProgramProcess sleeper = process(program("sleeper"));
        sleeper.start();
        after(1000, sleeper);

        assertTrue(sleeper.stop());
        assertEquals("STOPPING", sleeper.state().label());
        runPosted();

        assertEquals(new ProgramState.Stopped(T0.plusSeconds(1)), sleeper.state());
        assertEquals(new Signal("sleeper", 3746, "TERM"), spawner.signals().get(0));
        assertFalse(sleeper.isActive());
    }

    @Test
    void aProgramIgnoringItsStopSignalIsKilledAfterStopwaitsecs() throws IOException {
        spawner.behave("stubborn", Behavior.IGNORES_TERM);
        ProgramProcess stubborn = process(program("stubborn", AutoRestart.UNEXPECTED, 1, 3,
                true));
        stubborn.start();
        after(1000, stubborn);

        stubborn.stop();
        after(2999, stubborn);
        assertEquals("STOPPING", stubborn.state().label());
        assertEquals(List.of("TERM"), spawner.signals().stream().map(Signal::signal).toList());
        after(1, stubborn);

        assertEquals("STOPPED", stubborn.state().label());
        assertEquals("KILL", spawner.signals().get(1).signal());
    }

    @Test
    void whatAProgramLeavesBehindWhenItExitsIsKilled() throws IOException {
        ProgramProcess forker = process(program("forker", AutoRestart.FALSE, 1, 10, true));
        forker.start();
        after(1000, forker);

        spawner.last("forker").exit(0);
        after(0, forker);

        assertEquals(List.of(new Signal("forker", 3746, "KILL")), spawner.signals());
    }

    @Test
    void stoppingInBackoffStopsTheRetries() throws IOException {
        spawner.behave("failer", Behavior.EXITS_AT_ONCE);
        ProgramProcess failer = process(program("failer"));
        failer.start();
        runPosted();

        assertTrue(failer.stop());
        after(10_000, failer);

        assertEquals("STOPPED", failer.state().label());
        assertEquals(1, spawner.spawned("failer").size());
    }

    @Test
    void startingARunningProgramOrStoppingAStoppedOneIsRefused() throws IOException {
        ProgramProcess sleeper = process(program("sleeper"));

        assertFalse(sleeper.stop());
        assertTrue(sleeper.start());
        assertFalse(sleeper.start());
        assertEquals(1, spawner.spawned("sleeper").size());
    }

    @Test
    void aStaleExitOfAnEarlierProcessIsIgnored() throws IOException {
        ProgramProcess sleeper = process(program("sleeper", AutoRestart.TRUE, 1, 10, true));
        sleeper.start();
        after(1000, sleeper);
        sleeper.stop();
        runPosted();
        sleeper.start();
        after(1000, sleeper);

        spawner.spawned("sleeper").get(0).exit(0);
        after(0, sleeper);

        assertEquals(new ProgramState.Running(3747, T0.plusSeconds(1)), sleeper.state());
    }
}
