package org.dkumonitor.supervisor.dkm;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.dkumonitor.supervisor.control.ControlClient.NotRunningException;
import org.dkumonitor.supervisor.control.ControlRequest;
import org.dkumonitor.supervisor.control.ControlResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Stops programs; with no name, stops every program and then the supervisor itself. */
@Command(name = "stop", description = "Stop the programs named (or all). With no name, stop"
        + " every program and the supervisor, leaving no process behind.")
final class StopCommand implements Callable<Integer> {

    @ParentCommand
    private DkmCommand dkm;
    @Spec
    private CommandSpec spec;
    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Programs, or all.")
    private List<String> names = List.of();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try {
            ControlResponse stopped = dkm.client().send(new ControlRequest("stop",
                    names.isEmpty() ? List.of("all") : names));
            stopped.lines().forEach(out::println);
            out.flush();
            if (!names.isEmpty()) {
                return stopped.exitCode();
            }
            return ShutdownCommand.shutDown(dkm, out);
        } catch (NotRunningException e) {
            if (names.isEmpty()) {
                out.println("The supervisor is not running");
                out.flush();
                return 0;
            }
            return NotRunning.report(spec.commandLine().getErr(), e, "",
                    StartCommand.SPAWN_ERROR);
        }
    }
}
