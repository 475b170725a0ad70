package org.dkumonitor.supervisor.dkm;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.supervisor.control.ControlClient;
import org.dkumonitor.supervisor.control.ControlClient.NotRunningException;
import org.dkumonitor.supervisor.control.ControlRequest;
import org.dkumonitor.supervisor.control.ControlResponse;
import org.dkumonitor.supervisor.program.ProgramStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Starts the supervisor when it is not running (a stale pid file included), then the programs,
 * and shows each state change until every program has settled: RUNNING, or failed.
 */
@Command(name = "start", description = "Start the supervisor if needed, then the programs named"
        + " (default: all), and wait until they are RUNNING or have failed.")
final class StartCommand implements Callable<Integer> {

    static final int SPAWN_ERROR = 7;
    private static final Set<String> TRANSITIONAL = Set.of("STARTING", "BACKOFF", "STOPPING");
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(90);
    /** How long "nothing transitional" must last: the next program may start right after. */
    private static final Duration QUIET = Duration.ofMillis(1500);

    @ParentCommand
    private DkmCommand dkm;
    @Spec
    private CommandSpec spec;
    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Programs (default: all).")
    private List<String> names = List.of();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        warnIfRoot(spec.commandLine().getErr());
        DataDir dataDir = dkm.dataDir();
        ControlClient client = dkm.client();
        try {
            ControlResponse running = client.send(new ControlRequest("status", List.of()));
            out.println("The supervisor is running (pid " + running.supervisorPid() + ")");
            Integer failure = startStopped(client, running.programs(), out);
            if (failure != null) {
                return failure;
            }
        } catch (NotRunningException e) {
            ControlResponse launched;
            try {
                launched = new SupervisorLauncher(dataDir,
                        SupervisorLauncher.homeFromEnvironment()).launch(out);
            } catch (IOException cannot) {
                throw new DkmException("cannot start the supervisor of " + dataDir.root() + ": "
                        + cannot.getMessage());
            }
            out.println("Supervisor started (pid " + launched.supervisorPid() + ")");
        }
        out.flush();
        List<ProgramStatus> settled = awaitSettled(client, out);
        StatusTable.print(out, settled);
        List<ProgramStatus> failed = settled.stream().filter(s -> !s.running()).toList();
        if (failed.isEmpty()) {
            return 0;
        }
        for (ProgramStatus status : failed) {
            spec.commandLine().getErr().println("dkm: " + status.name() + " is " + status.state()
                    + "; see its log: " + status.logFile());
        }
        return SPAWN_ERROR;
    }

    /**
     * Asks a running supervisor to start the named programs that are neither running nor on
     * their way; returns the exit code when a name is no program, null to go on.
     */
    private Integer startStopped(ControlClient client, List<ProgramStatus> programs,
            PrintWriter out) {
        List<String> unknown = names.stream().filter(n -> !n.equals("all"))
                .filter(n -> programs.stream().noneMatch(s -> s.name().equals(n)))
                .toList();
        if (!unknown.isEmpty()) {
            ControlResponse response = client.send(new ControlRequest("start", unknown));
            response.lines().forEach(out::println);
            out.flush();
            return response.exitCode();
        }
        List<String> toStart = programs.stream()
                .filter(s -> names.isEmpty() || names.contains(s.name())
                        || names.contains("all"))
                .filter(s -> !s.running() && !TRANSITIONAL.contains(s.state()))
                .map(ProgramStatus::name).toList();
        if (!toStart.isEmpty()) {
            client.send(new ControlRequest("start", toStart)).lines().forEach(out::println);
        }
        return null;
    }

    private List<ProgramStatus> awaitSettled(ControlClient client, PrintWriter out)
            throws InterruptedException {
        Map<String, String> shown = new HashMap<>();
        Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
        Instant quietSince = null;
        while (true) {
            List<ProgramStatus> programs = client.send(new ControlRequest("status", names))
                    .programs();
            for (ProgramStatus status : programs) {
                if (!status.state().equals(shown.put(status.name(), status.state()))) {
                    out.println("  " + status.name() + ": " + status.state());
                    out.flush();
                }
            }
            boolean allRunning = programs.stream().allMatch(ProgramStatus::running);
            boolean transitional = programs.stream()
                    .anyMatch(s -> TRANSITIONAL.contains(s.state()));
            if (allRunning || Instant.now().isAfter(deadline)) {
                return programs;
            }
            if (transitional) {
                quietSince = null;
            } else if (quietSince == null) {
                quietSince = Instant.now();
            } else if (Instant.now().isAfter(quietSince.plus(QUIET))) {
                return programs;
            }
            Thread.sleep(200);
        }
    }

    static void warnIfRoot(PrintWriter err) {
        if ("root".equals(System.getProperty("user.name"))) {
            err.println("dkm: warning: running as root; the programs will run as root too");
            err.flush();
        }
    }
}
