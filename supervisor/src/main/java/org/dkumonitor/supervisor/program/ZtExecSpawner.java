package org.dkumonitor.supervisor.program;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dkumonitor.core.process.ParentWatch;
import org.dkumonitor.supervisor.config.Expansion;
import org.dkumonitor.supervisor.config.ProgramConfig;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.StartedProcess;

/**
 * Spawns programs with zt-exec: {@code ${NAME}} expanded from the supervisor's variables, the
 * supervisor's environment plus the program's own and {@value ParentWatch#ENV} (so the child
 * stops if the supervisor dies), stdout and stderr pumped into the program's log.
 *
 * <p>Each program runs in a session and process group of its own ({@code setsid}, which execs
 * in place, so the pid is the program's), so that stopping it signals the whole group: a
 * grandchild that was reparented to init, or a child a program left behind when it exited, is
 * still in the group and is stopped too. Where {@code setsid} is missing, the leader and its
 * current descendants are signalled instead.
 */
public final class ZtExecSpawner implements Spawner {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final Map<String, String> variables;
    private final boolean ownGroups = Files.isExecutable(SETSID);

    /** {@code variables} are what {@code ${NAME}} may refer to, e.g. DKM_HOME, DKM_DATA_DIR. */
    public ZtExecSpawner(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
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
        ProcessExecutor executor = new ProcessExecutor()
                .command(command)
                .environment(environment)
                .redirectOutput(log)
                .redirectErrorStream(program.redirectStderr());
        if (!program.redirectStderr()) {
            executor.redirectError(log);
        }
        if (program.directory() != null) {
            executor.directory(directory.toFile());
        }
        StartedProcess started = executor.start();
        Process process = started.getProcess();
        CompletableFuture<Integer> exit = process.onExit().thenApply(Process::exitValue);
        return new Spawned(process.toHandle(), exit);
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
