package org.dkumonitor.supervisor.program;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dkumonitor.core.process.ParentWatch;
import org.dkumonitor.core.process.ReadySignal;
import org.dkumonitor.supervisor.config.Expansion;
import org.dkumonitor.supervisor.config.ProgramConfig;
import org.dkumonitor.supervisor.config.Readiness;

/**
 * Spawns programs with {@link ProcessBuilder}: {@code ${NAME}} expanded from the supervisor's
 * variables, the supervisor's environment plus the program's own and {@value ParentWatch#ENV}
 * (so the child stops if the supervisor dies), stdout and stderr pumped into the program's log
 * by one small thread per stream (the supervisor is meant to stay small: no executor library
 * and its threads per process).
 *
 * <p>Each program runs in a session and process group of its own ({@code setsid}, which execs
 * in place, so the pid is the program's), so that stopping it signals the whole group: a
 * grandchild that was reparented to init, or a child a program left behind when it exited, is
 * still in the group and is stopped too. Where {@code setsid} is missing, the leader and its
 * current descendants are signalled instead.
 */
public final class ProcessSpawner implements Spawner {

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /** A pump only copies bytes; the default stack would be ~2 MiB reserved per thread. */
    private static final long PUMP_STACK_BYTES = 128 * 1024;
    private static final Duration DRAIN_WAIT = Duration.ofMillis(200);

    private final Map<String, String> variables;
    private final Path runDirectory;
    private final boolean ownGroups = Files.isExecutable(SETSID);

    /**
     * {@code variables} are what {@code ${NAME}} may refer to, e.g. DKM_HOME, DKM_DATA_DIR;
     * {@code runDirectory} holds the files by which programs signal they are ready.
     */
    public ProcessSpawner(Map<String, String> variables, Path runDirectory) {
        this.variables = Map.copyOf(variables);
        this.runDirectory = runDirectory;
    }

    private Path readyFile(ProgramConfig program) {
        return runDirectory.resolve(program.name() + ".ready");
    }

    @Override
    public boolean signalledReady(ProgramConfig program, long pid) {
        return ReadySignal.isReady(readyFile(program), pid);
    }

    @Override
    public Spawned spawn(ProgramConfig program, RotatingLog log) throws IOException {
        List<String> command = new ArrayList<>();
        if (ownGroups) {
            command.add(SETSID.toString());
        }
        program.command().stream().map(part -> Expansion.expand(part, variables))
                .forEach(command::add);
        String executable = command.get(ownGroups ? 1 : 0);
        Map<String, String> environment = new HashMap<>();
        program.environment().forEach((key, value) ->
                environment.put(key, Expansion.expand(value, variables)));
        Path directory = program.directory() == null ? Path.of("")
                : Path.of(Expansion.expand(program.directory(), variables));
        checkExecutable(executable.contains("/") ? directory.resolve(executable).toString()
                : executable, environment.getOrDefault("PATH", System.getenv("PATH")));
        environment.put(ParentWatch.ENV, Long.toString(ProcessHandle.current().pid()));
        if (program.ready() == Readiness.SIGNAL) {
            Files.deleteIfExists(readyFile(program)); // an earlier process's
            environment.put(ReadySignal.ENV, readyFile(program).toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(program.redirectStderr())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        if (program.directory() != null) {
            builder.directory(directory.toFile());
        }
        Process process = builder.start();
        List<Thread> pumps = new ArrayList<>(2);
        pumps.add(pump(process.getInputStream(), log, program.name() + "-stdout"));
        if (!program.redirectStderr()) {
            pumps.add(pump(process.getErrorStream(), log, program.name() + "-stderr"));
        }
        CompletableFuture<Integer> exit = process.onExit().thenApply(exited -> {
            drain(pumps);
            return exited.exitValue();
        });
        return new Spawned(process.toHandle(), exit);
    }

    private static Thread pump(InputStream output, RotatingLog log, String name) {
        return Thread.ofPlatform().name("pump-" + name).daemon().stackSize(PUMP_STACK_BYTES)
                .start(() -> copy(output, log));
    }

    /**
     * Lets the pumps write a program's last lines before its exit is reported, but not for
     * long: a grandchild that inherited the output keeps the pipe open after the program exits.
     */
    private static void drain(List<Thread> pumps) {
        try {
            for (Thread pump : pumps) {
                pump.join(DRAIN_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies until the program closes its end; the log counts writes it could not make. */
    private static void copy(InputStream output, RotatingLog log) {
        byte[] buffer = new byte[8192];
        try (output) {
            for (int n = output.read(buffer); n >= 0; n = output.read(buffer)) {
                log.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the pipe broke: the program is gone, and its exit is reported by onExit
        }
    }

    /**
     * Fails as supervisord does when the command cannot be run: setsid would exec it and exit 1,
     * which would read as "exited too quickly" instead of the real reason.
     */
    static void checkExecutable(String executable, String path) {
        if (executable.contains("/")) {
            Path file = Path.of(executable);
            if (!Files.exists(file)) {
                throw new SpawnException("can't find command '" + executable + "'");
            }
            if (!Files.isExecutable(file) || Files.isDirectory(file)) {
                throw new SpawnException("command at '" + executable + "' is not executable");
            }
            return;
        }
        for (String directory : (path == null ? "" : path).split(":")) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, executable);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return;
            }
        }
        throw new SpawnException("can't find command '" + executable + "'");
    }

    @Override
    public void signalTree(ProcessHandle leader, String signal) {
        if (ownGroups) {
            ProcessSignals.sendToGroup(leader.pid(), signal);
            return;
        }
        leader.descendants().forEach(p -> kill(p, signal));
        kill(leader, signal);
    }

    private static void kill(ProcessHandle process, String signal) {
        if (signal.equals("KILL")) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
    }
}
