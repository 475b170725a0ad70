package org.dkumonitor.supervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.supervisor.Supervisor;
import org.dkumonitor.supervisor.config.ProgramConfig;
import org.dkumonitor.supervisor.config.SupervisorConfig;
import org.dkumonitor.supervisor.control.ControlRequest;
import org.dkumonitor.supervisor.control.ControlResponse;
import org.dkumonitor.supervisor.program.RotatingLog;
import org.dkumonitor.supervisor.testing.FakeSpawner;
import org.dkumonitor.testkit.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RereadUpdateTest {

    private static final String BEFORE = """
            programs:
              - {name: same, command: [/bin/same], startsecs: 0}
              - {name: edited, command: [/bin/edited], startsecs: 0}
              - {name: dropped, command: [/bin/dropped], startsecs: 0}
            """;
    private static final String AFTER = """
            programs:
              - {name: same, command: [/bin/same], startsecs: 0}
              - {name: edited, command: [/bin/edited, --new-flag], startsecs: 0}
              - {name: added, command: [/bin/added], startsecs: 0}
            """;

    @TempDir
    Path root;
    private final FakeSpawner spawner = new FakeSpawner(100);
    private final AtomicReference<String> yaml = new AtomicReference<>(BEFORE);
    private String failLogOf;
    private Supervisor supervisor;
    private ControlDispatcher dispatcher;

    @BeforeEach
    void runTheFirstConfig() {
        supervisor = new Supervisor(read(), this::log, spawner,
                new ManualClock(Instant.parse("2026-11-23T11:11:23Z")), ZoneOffset.UTC);
        dispatcher = new ControlDispatcher(supervisor, this::read, () -> { }, 1,
                List.of());
        supervisor.startAutostart();
        assertEquals(0, send("status").exitCode());
    }

    @AfterEach
    void stop() {
        supervisor.stopAll();
        supervisor.close();
    }

    @Test
    void reopenlogsAlsoReopensTheSupervisorsOwnLog() throws IOException {
        Path own = root.resolve("supervisor.log");
        RotatingLog log = new RotatingLog(own, 0, 0);
        ControlDispatcher withOwnLog = new ControlDispatcher(supervisor, this::read, () -> { },
                1, List.of(log));
        Files.move(own, root.resolve("supervisor.log.rotated-by-logrotate"));

        ControlResponse response = withOwnLog.handle(new ControlRequest("reopenlogs", List.of()));

        assertEquals(List.of("Reopened logs"), response.lines());
        log.write("after\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("after\n", Files.readString(own));
        log.close();
    }

    @Test
    void rereadSaysWhatChangedWithoutApplyingIt() {
        assertEquals(List.of("No config updates to processes"), send("reread").lines());
        yaml.set(AFTER);

        assertEquals(List.of("added: available", "edited: changed", "dropped: disappeared"),
                send("reread").lines());
        assertEquals(List.of("same", "edited", "dropped"), supervisor.names());
    }

    @Test
    void updateLeavesUnchangedProgramsAloneAndAppliesTheRest() {
        long samePid = supervisor.pid("same");
        long editedPid = supervisor.pid("edited");
        yaml.set(AFTER);

        ControlResponse update = send("update");

        assertEquals(List.of("dropped: stopped", "dropped: removed process group",
                "edited: stopped", "edited: updated process group",
                "added: added process group"), update.lines());
        assertEquals(List.of("same", "edited", "added"), supervisor.names());
        assertEquals(samePid, supervisor.pid("same"), "an unchanged program is not restarted");
        assertTrue(spawner.signals().stream().noneMatch(s -> s.program().equals("same")));
        assertTrue(supervisor.pid("edited") != editedPid);
        assertEquals(0, send("status").exitCode(), "every program RUNNING after the update");
        assertEquals(List.of("No config updates to processes"), send("reread").lines());
    }

    @Test
    void aWrongFileChangesNothingAndSaysWhereItIsWrong() {
        yaml.set(AFTER.replace("startsecs: 0}\n", "startsecs: 0, stopwaitsec: 3}\n"));

        ControlResponse update = send("update");

        assertEquals(1, update.exitCode());
        assertTrue(update.lines().get(0).startsWith(
                "ERROR: CANT_REREAD: supervisor.yaml:2:54 programs[0].stopwaitsec: unknown key"),
                update.lines().get(0));
        assertEquals(List.of("same", "edited", "dropped"), supervisor.names());
        assertEquals(0, send("status").exitCode());
    }

    @Test
    void aLogThatCannotBeOpenedIsAnErrorLineNotALostConnection() {
        failLogOf = "added";
        yaml.set(AFTER);

        ControlResponse update = send("update");

        assertEquals(1, update.exitCode());
        assertEquals(List.of("ERROR: cannot open the log of added"), update.lines());
        assertEquals(List.of("same", "edited", "dropped"), supervisor.names());
        assertEquals(0, send("status").exitCode(), "nothing was stopped");
    }

    private ControlResponse send(String command) {
        return dispatcher.handle(new ControlRequest(command, List.of()));
    }

    private List<ProgramConfig> read() {
        return YamlConfigLoader.parse("supervisor.yaml", yaml.get(), SupervisorConfig.class)
                .programs();
    }

    private RotatingLog log(ProgramConfig config) {
        if (config.name().equals(failLogOf)) {
            throw new DkmException("cannot open the log of " + config.name());
        }
        try {
            return new RotatingLog(root.resolve(config.name() + ".log"), 0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
