package org.dkumonitor.supervisor.program;

import java.io.File;
import java.io.IOException;
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
 */
public final class ZtExecSpawner implements Spawner {

    private final Map<String, String> variables;

    /** {@code variables} are what {@code ${NAME}} may refer to, e.g. DKM_HOME, DKM_DATA_DIR. */
    public ZtExecSpawner(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    @Override
    public Spawned spawn(ProgramConfig program, RotatingLog log) throws IOException {
        List<String> command = program.command().stream()
                .map(part -> Expansion.expand(part, variables)).toList();
        Map<String, String> environment = new HashMap<>();
        program.environment().forEach((key, value) ->
                environment.put(key, Expansion.expand(value, variables)));
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
            executor.directory(new File(Expansion.expand(program.directory(), variables)));
        }
        StartedProcess started = executor.start();
        Process process = started.getProcess();
        CompletableFuture<Integer> exit = process.onExit().thenApply(Process::exitValue);
        return new Spawned(process.toHandle(), exit);
    }
}
