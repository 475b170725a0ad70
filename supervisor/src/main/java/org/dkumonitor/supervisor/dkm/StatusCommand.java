package org.dkumonitor.supervisor.dkm;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.dkumonitor.supervisor.control.ControlClient;
import org.dkumonitor.supervisor.control.ControlClient.NotRunningException;
import org.dkumonitor.supervisor.control.ControlProtocol;
import org.dkumonitor.supervisor.control.ControlRequest;
import org.dkumonitor.supervisor.control.ControlResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", description = "One line per program: name, state, pid and uptime."
        + " Exit 0 when all are RUNNING, 3 when not, 4 for no such program or no supervisor.")
final class StatusCommand implements Callable<Integer> {

    static final int NOT_RUNNING = 4;

    @ParentCommand
    private DkmCommand dkm;
    @Spec
    private CommandSpec spec;
    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Programs (default: all).")
    private List<String> names = List.of();
    @Option(names = "--json", description = "One JSON object: programs (name, state, pid,"
            + " uptimeSeconds, description, logFile), lines (errors) and exitCode.")
    private boolean json;

    @Override
    public Integer call() {
        return status(dkm.client(), names, json, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    /** The whole of {@code dkm status}, shared with {@link QuickStatus}. */
    static int status(ControlClient client, List<String> names, boolean json, PrintWriter out,
            PrintWriter err) {
        try {
            ControlResponse response = client.send(new ControlRequest("status", names));
            if (json) {
                out.print(ControlProtocol.encodeStatus(response.programs(), response.lines(),
                        response.exitCode()));
                out.flush();
                return response.exitCode();
            }
            StatusTable.print(out, response);
            return response.exitCode();
        } catch (NotRunningException e) {
            return NotRunning.report(err, e, "; start it with dkm start", NOT_RUNNING);
        }
    }
}
