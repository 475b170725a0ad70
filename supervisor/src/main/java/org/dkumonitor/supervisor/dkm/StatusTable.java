package org.dkumonitor.supervisor.dkm;

import java.io.PrintWriter;
import java.util.List;
import org.dkumonitor.supervisor.control.ControlResponse;
import org.dkumonitor.supervisor.program.ProgramStatus;

/** Prints supervisorctl's status table: name in 32 columns, state in 9, then the description. */
final class StatusTable {

    private StatusTable() {
    }

    static String line(ProgramStatus status) {
        return String.format("%-32s %-9s %s", status.name(), status.state(),
                status.description());
    }

    static void print(PrintWriter out, ControlResponse response) {
        response.lines().forEach(out::println);
        print(out, response.programs());
    }

    static void print(PrintWriter out, List<ProgramStatus> programs) {
        programs.forEach(status -> out.println(line(status)));
        out.flush();
    }
}
