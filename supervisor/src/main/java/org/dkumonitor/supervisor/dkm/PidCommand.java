package org.dkumonitor.supervisor.dkm;

import java.util.List;
import java.util.concurrent.Callable;
import org.dkumonitor.supervisor.control.ControlRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "pid", description = "The supervisor's pid, or the pid of each program named"
        + " (0 when it is not running).")
final class PidCommand implements Callable<Integer> {

    @ParentCommand
    private DkmCommand dkm;
    @Spec
    private CommandSpec spec;
    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Programs, or all.")
    private List<String> names = List.of();

    @Override
    public Integer call() {
        return dkm.forward(spec, new ControlRequest("pid", names), "");
    }
}
