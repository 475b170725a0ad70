package org.dkumonitor.supervisor.daemon;

import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.supervisor.Supervisor;
import org.dkumonitor.supervisor.Supervisor.Outcome;
import org.dkumonitor.supervisor.control.ControlRequest;
import org.dkumonitor.supervisor.control.ControlResponse;
import org.dkumonitor.supervisor.program.ProgramStatus;

/**
 * Answers dkm's requests with what supervisorctl would print and return: the same outcome lines
 * and exit codes (status: 0 all running, 3 not all running, 4 no such program; start: 7 spawn
 * error; 1 no such process). {@code all} or no name means every program where supervisorctl
 * allows it.
 */
final class ControlDispatcher {

    static final int STATUS_NOT_ALL_RUNNING = 3;
    static final int STATUS_NO_SUCH_PROGRAM = 4;

    private final Supervisor supervisor;
    private final Runnable shutdown;
    private final long ownPid;

    /** {@code shutdown} stops every program and then the supervisor; it must not block. */
    ControlDispatcher(Supervisor supervisor, Runnable shutdown, long ownPid) {
        this.supervisor = supervisor;
        this.shutdown = shutdown;
        this.ownPid = ownPid;
    }

    ControlResponse handle(ControlRequest request) {
        return switch (request.command()) {
            case "status" -> status(request.names());
            case "start" -> outcomes(names(request.names()), supervisor::start);
            case "stop" -> outcomes(names(request.names()), supervisor::stop);
            case "restart" -> restart(names(request.names()));
            case "pid" -> pid(request.names());
            case "shutdown" -> {
                shutdown.run();
                yield response(List.of(), List.of("Shut down"), 0);
            }
            default -> response(List.of(), List.of("*** Unknown syntax: " + request.command()),
                    1);
        };
    }

    private ControlResponse status(List<String> requested) {
        List<ProgramStatus> all = supervisor.status();
        List<String> wanted = names(requested);
        List<String> lines = new ArrayList<>();
        List<ProgramStatus> shown = new ArrayList<>();
        for (String name : wanted) {
            if (!supervisor.has(name)) {
                lines.add(name + ": ERROR (no such process)");
            }
        }
        for (String name : wanted) {
            all.stream().filter(s -> s.name().equals(name)).forEach(shown::add);
        }
        int exitCode = shown.stream().allMatch(ProgramStatus::running) ? 0
                : STATUS_NOT_ALL_RUNNING;
        if (!lines.isEmpty()) {
            exitCode = STATUS_NO_SUCH_PROGRAM;
        }
        return response(shown, lines, exitCode);
    }

    private ControlResponse restart(List<String> names) {
        List<String> lines = new ArrayList<>();
        int exitCode = 0;
        for (Outcome outcome : names.stream().map(supervisor::stop).toList()) {
            lines.add(outcome.line());
            exitCode = Math.max(exitCode, outcome.exitCode());
        }
        for (Outcome outcome : names.stream().map(supervisor::start).toList()) {
            lines.add(outcome.line());
            exitCode = Math.max(exitCode, outcome.exitCode());
        }
        return response(List.of(), lines, exitCode);
    }

    private ControlResponse pid(List<String> requested) {
        if (requested.isEmpty()) {
            return response(List.of(), List.of(Long.toString(ownPid)), 0);
        }
        List<String> lines = new ArrayList<>();
        int exitCode = 0;
        for (String name : names(requested)) {
            if (!supervisor.has(name)) {
                lines.add("No such process " + name);
                exitCode = Math.max(exitCode, 1);
                continue;
            }
            long pid = supervisor.pid(name);
            lines.add(Long.toString(pid));
            if (pid == 0 && !requested.contains("all")) {
                exitCode = Math.max(exitCode, 7);
            }
        }
        return response(List.of(), lines, exitCode);
    }

    private ControlResponse outcomes(List<String> names,
            java.util.function.Function<String, Outcome> command) {
        List<String> lines = new ArrayList<>();
        int exitCode = 0;
        for (String name : names) {
            Outcome outcome = command.apply(name);
            lines.add(outcome.line());
            exitCode = Math.max(exitCode, outcome.exitCode());
        }
        return response(List.of(), lines, exitCode);
    }

    /** The names a request means: every program for none or {@code all}. */
    private List<String> names(List<String> requested) {
        if (requested.isEmpty() || requested.contains("all")) {
            return supervisor.names();
        }
        return requested;
    }

    private ControlResponse response(List<ProgramStatus> programs, List<String> lines,
            int exitCode) {
        return new ControlResponse(programs, lines, exitCode, ownPid);
    }
}
