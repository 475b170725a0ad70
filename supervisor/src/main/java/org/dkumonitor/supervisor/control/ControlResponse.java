package org.dkumonitor.supervisor.control;

import java.util.List;
import org.dkumonitor.supervisor.program.ProgramStatus;

/**
 * The supervisor's answer: program statuses (for status and pid), lines to print, the exit code
 * supervisorctl would give, and the supervisor's own pid.
 */
public record ControlResponse(List<ProgramStatus> programs, List<String> lines, int exitCode,
        long supervisorPid) {

    public ControlResponse {
        programs = programs == null ? List.of() : List.copyOf(programs);
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
