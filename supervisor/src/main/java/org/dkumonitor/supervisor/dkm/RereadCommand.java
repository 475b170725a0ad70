package org.dkumonitor.supervisor.dkm;

import java.util.List;
import java.util.concurrent.Callable;
import org.dkumonitor.supervisor.control.ControlClient.NotRunningException;
import org.dkumonitor.supervisor.control.ControlRequest;
import org.dkumonitor.supervisor.control.ControlResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** reread and update: what an edited supervisor.yaml changes, and applying it. */
final class RereadCommand {

    private RereadCommand() {
    }

    @Command(name = "reread", description = "Read supervisor.yaml again and show which programs"
            + " it adds, changes or removes, without applying it.")
    static final class Reread implements Callable<Integer> {
        @ParentCommand
        private DkmCommand dkm;
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            return send(dkm, spec, "reread");
        }
    }

    @Command(name = "update", description = "Apply an edited supervisor.yaml: stop removed"
            + " programs, restart changed ones, start added ones; others are not touched.")
    static final class Update implements Callable<Integer> {
        @ParentCommand
        private DkmCommand dkm;
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            return send(dkm, spec, "update");
        }
    }

    static int send(DkmCommand dkm, CommandSpec spec, String command) {
        try {
            ControlResponse response = dkm.client().send(new ControlRequest(command, List.of()));
            StatusTable.print(spec.commandLine().getOut(), response);
            return response.exitCode();
        } catch (NotRunningException e) {
            spec.commandLine().getErr().println("dkm: the supervisor is not running ("
                    + e.getMessage() + ")");
            return StartCommand.SPAWN_ERROR;
        }
    }
}
