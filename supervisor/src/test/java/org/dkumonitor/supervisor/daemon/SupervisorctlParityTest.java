package org.dkumonitor.supervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.dkumonitor.cli.CommandLines;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.supervisor.Supervisor;
import org.dkumonitor.supervisor.config.AutoRestart;
import org.dkumonitor.supervisor.config.ProgramConfig;
import org.dkumonitor.supervisor.control.ControlRequest;
import org.dkumonitor.supervisor.control.ControlResponse;
import org.dkumonitor.supervisor.control.ControlServer;
import org.dkumonitor.supervisor.dkm.DkmCommand;
import org.dkumonitor.supervisor.program.RotatingLog;
import org.dkumonitor.supervisor.testing.FakeSpawner;
import org.dkumonitor.supervisor.testing.FakeSpawner.Behavior;
import org.dkumonitor.supervisor.testing.Programs;
import org.dkumonitor.supervisor.testing.Transcript;
import org.dkumonitor.testkit.Await;
import org.dkumonitor.testkit.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Replays the supervisord transcript's commands, in its order, against our supervisor with the
 * transcript's four programs (fake processes, a manual clock set to the transcript's date), and
 * compares what dkm prints and returns with what supervisorctl printed and returned. Only the
 * uptimes are masked; pids, stop times, order and codes must match. supervisorctl lists
 * programs by name and dkm in supervisor.yaml's order (their start order), so the programs are
 * declared here in name order.
 */
class SupervisorctlParityTest {

    private static final Instant LAUNCH = Instant.parse("2026-11-23T11:11:23Z");
    private static final Transcript TRANSCRIPT = Transcript.load();

    @TempDir
    Path root;
    private final ManualClock clock = new ManualClock(LAUNCH);
    private final FakeSpawner spawner = new FakeSpawner(5000)
            .pids("failer", 3745, 3798, 3914, 4103)
            .pids("sleeper", 3746)
            .pids("stubborn", 3747)
            .behave("failer", Behavior.EXITS_AT_ONCE)
            .behave("stubborn", Behavior.IGNORES_TERM);
    private Supervisor supervisor;
    private ControlDispatcher dispatcher;
    private ControlServer server;

    @BeforeEach
    void launchAsTheTranscriptDid() throws IOException {
        List<ProgramConfig> programs = List.of(
                Programs.program("failer"),
                Programs.program("oneshot", AutoRestart.FALSE, 1, 10, false),
                Programs.program("sleeper"),
                Programs.program("stubborn", AutoRestart.UNEXPECTED, 1, 3, true));
        DataDir dataDir = new DataDir(root);
        Files.createDirectories(dataDir.run());
        supervisor = new Supervisor(programs, this::log, spawner, clock, ZoneOffset.UTC);
        dispatcher = new ControlDispatcher(supervisor, () -> programs, () -> { }, 3732,
                List.of());
        server = new ControlServer(dataDir.supervisorSocket(), dispatcher::handle);
        server.start();
        supervisor.startAutostart();
        Await.until("failer backs off while sleeper starts",
                () -> state("failer").equals("BACKOFF") && state("sleeper").equals("STARTING"));
        clock.advanceMillis(1000);
        Await.until("sleeper runs and failer backs off again",
                () -> state("sleeper").equals("RUNNING") && spawner.spawned("failer").size() == 2
                        && state("failer").equals("BACKOFF"));
        clock.advanceMillis(2000);
        Await.until("failer's third start backs off",
                () -> spawner.spawned("failer").size() == 3 && state("failer").equals("BACKOFF"));
        clock.advanceMillis(3000);
        Await.until("failer is FATAL", () -> state("failer").equals("FATAL"));
        clock.advanceMillis(1000);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        supervisor.close();
    }

    @Test
    void printsAndReturnsWhatSupervisorctlDidCommandByCommand() {
        for (String args : List.of("status sleeper", "status failer", "status sleeper failer",
                "status nosuch", "status sleeper nosuch", "status all")) {
            same(4, args, dkm(args));
        }
        for (String args : List.of("pid", "pid sleeper", "pid failer", "pid all",
                "pid nosuch")) {
            same(5, args, dkm(args));
        }
        for (String args : List.of("start sleeper", "start failer", "start nosuch")) {
            same(6, args, request(args));
        }
        Await.until("failer backs off", () -> state("failer").equals("BACKOFF"));
        same(7, "stop sleeper", dkm("stop sleeper"));
        same(7, "status sleeper", dkm("status sleeper"));
        same(7, "stop sleeper", dkm("stop sleeper"), 1);
        same(7, "start sleeper", whileTimePasses(() -> request("start sleeper")));
        same(7, "restart sleeper", whileTimePasses(() -> dkm("restart sleeper")));
        same(7, "restart nosuch", dkm("restart nosuch"));
        same(7, "stop nosuch", dkm("stop nosuch"));

        same(8, "stop stubborn", whileTimePasses(() -> dkm("stop stubborn")));
        same(8, "status stubborn", dkm("status stubborn"));

        same(9, "start oneshot", whileTimePasses(() -> request("start oneshot")));
        spawner.last("oneshot").exit(0);
        Await.until("oneshot has exited", () -> state("oneshot").equals("EXITED"));
        same(9, "status oneshot", dkm("status oneshot"));

        same(10, "tail nosuch", dkm("tail nosuch"));

        whileTimePasses(() -> {
            Await.until("failer is FATAL", () -> state("failer").equals("FATAL"));
            return null;
        });
        same(11, "stop all", dkm("stop all"));
        same(11, "status", dkm("status"));
        same(11, "start all", whileTimePasses(() -> request("start all")));
    }

    @Test
    void tailsTheLastLinesOfAProgramsLog() throws IOException {
        Files.writeString(root.resolve("run/oneshot.log"), "oneshot: working\noneshot: done\n");

        assertEquals(new Result(List.of("oneshot: done"), 0), dkm("tail -n 1 oneshot"));
        assertEquals(new Result(List.of("oneshot: working", "oneshot: done"), 0),
                dkm("tail oneshot"));
    }

    @Test
    void statusJsonCarriesEveryProgramAndTheExitCode() {
        Result json = dkm("status --json sleeper nosuch");

        assertEquals(4, json.exitCode());
        assertEquals(1, json.lines().size());
        String line = json.lines().get(0);
        assertEquals(true, line.startsWith("{\"programs\":[{\"name\":\"sleeper\","
                + "\"state\":\"RUNNING\",\"pid\":3746,\"uptimeSeconds\":7,"), line);
        assertEquals(true, line.endsWith("\"lines\":[\"nosuch: ERROR (no such process)\"],"
                + "\"exitCode\":4}"), line);
    }

    /** What dkm printed on stdout, line by line, and its exit code. */
    private record Result(List<String> lines, int exitCode) {
    }

    private Result dkm(String args) {
        StringWriter out = new StringWriter();
        CommandLine dkm = CommandLines.create(new DkmCommand());
        dkm.setOut(new PrintWriter(out, true));
        dkm.setErr(new PrintWriter(new StringWriter(), true));
        List<String> argv = new ArrayList<>(List.of("--data-dir", root.toString()));
        argv.addAll(Arrays.asList(args.split(" ")));
        int code = dkm.execute(argv.toArray(String[]::new));
        return new Result(out.toString().lines().toList(), code);
    }

    /** dkm start shows progress instead of supervisorctl's lines: compare the request. */
    private Result request(String args) {
        List<String> words = Arrays.asList(args.split(" "));
        ControlResponse response = dispatcher.handle(new ControlRequest(words.get(0),
                words.subList(1, words.size())));
        return new Result(response.lines(), response.exitCode());
    }

    private void same(int section, String args, Result actual) {
        same(section, args, actual, 0);
    }

    /** Compares with the {@code occurrence}th (from 0) time the transcript ran args there. */
    private void same(int section, String args, Result actual, int occurrence) {
        Transcript.Case expected = TRANSCRIPT.get(section, args, occurrence);
        assertEquals(mask(expected.lines()), mask(actual.lines()), "output of " + args);
        assertEquals(expected.exitCode(), actual.exitCode(), "exit code of " + args);
    }

    private static List<String> mask(List<String> lines) {
        return lines.stream().map(line -> line.replaceAll("uptime \\d+:\\d\\d:\\d\\d",
                "uptime H:MM:SS").stripTrailing()).toList();
    }

    private String state(String name) {
        return supervisor.state(name).label();
    }

    /** Runs a command while the manual clock moves on (20 ms of it every 5 ms). */
    private <T> T whileTimePasses(Supplier<T> command) {
        CompletableFuture<T> done = CompletableFuture.supplyAsync(command);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!done.isDone()) {
            if (System.nanoTime() > deadline) {
                fail("the command did not finish as time passed");
            }
            clock.advanceMillis(20);
            pause(5);
        }
        return done.join();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private RotatingLog log(ProgramConfig config) {
        try {
            return new RotatingLog(root.resolve("run").resolve(config.name() + ".log"), 0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
