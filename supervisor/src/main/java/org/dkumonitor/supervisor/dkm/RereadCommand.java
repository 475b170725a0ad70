package org.dkumonitor.supervisor.dkm;

import java.util.List;
import java.util.concurrent.Callable;
import org.dkumonitor.supervisor.control.ControlRequest;
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
            return dkm.forward(spec, new ControlRequest("reread", List.of()), "");
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
            return dkm.forward(spec, new ControlRequest("update", List.of()), "");
        }
    }
}
