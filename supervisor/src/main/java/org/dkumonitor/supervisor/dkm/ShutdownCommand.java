package org.dkumonitor.supervisor.dkm;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.cli.ExitCodes;
import org.dkumonitor.supervisor.control.ControlClient.NotRunningException;
import org.dkumonitor.supervisor.control.ControlRequest;
import org.dkumonitor.supervisor.control.ControlResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "shutdown", description = "Stop every program and the supervisor.")
final class ShutdownCommand implements Callable<Integer> {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(120);

    @ParentCommand
    private DkmCommand dkm;
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        try {
            return shutDown(dkm, spec.commandLine().getOut());
        } catch (NotRunningException e) {
            spec.commandLine().getErr().println("dkm: ERROR: the supervisor is not running ("
                    + e.getMessage() + "; already shut down?)");
            return ExitCodes.USER_ERROR;
        }
    }

    /** Asks the supervisor to shut down and waits until its process has exited. */
    static int shutDown(DkmCommand dkm, PrintWriter out) throws InterruptedException {
        ControlResponse response = dkm.client().send(new ControlRequest("shutdown", List.of()));
        Optional<ProcessHandle> supervisor = ProcessHandle.of(response.supervisorPid());
        Instant deadline = Instant.now().plus(EXIT_TIMEOUT);
        while (supervisor.isPresent() && supervisor.get().isAlive()) {
            if (Instant.now().isAfter(deadline)) {
                throw new DkmException("the supervisor (pid " + response.supervisorPid()
                        + ") did not exit within " + EXIT_TIMEOUT.toSeconds() + " s; see "
                        + dkm.dataDir().supervisorLog());
            }
            Thread.sleep(100);
        }
        response.lines().forEach(out::println);
        out.flush();
        return response.exitCode();
    }
}
