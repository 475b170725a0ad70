package org.dkumonitor.supervisor.dkm;

import java.util.List;
import java.util.concurrent.Callable;
import org.dkumonitor.supervisor.control.ControlRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** After logrotate has moved the logs away: the programs' logs are opened again by name. */
@Command(name = "reopenlogs", description = "Close and reopen every program's log file (for"
        + " logrotate without copytruncate).")
final class ReopenLogsCommand implements Callable<Integer> {

    @ParentCommand
    private DkmCommand dkm;
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return dkm.forward(spec, new ControlRequest("reopenlogs", List.of()), "");
    }
}
