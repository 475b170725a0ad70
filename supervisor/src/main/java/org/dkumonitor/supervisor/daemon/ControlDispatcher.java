package org.dkumonitor.supervisor.daemon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.supervisor.Supervisor;
import org.dkumonitor.supervisor.Supervisor.Outcome;
import org.dkumonitor.supervisor.config.ProgramConfig;
import org.dkumonitor.supervisor.control.ControlRequest;
import org.dkumonitor.supervisor.control.ControlResponse;
import org.dkumonitor.supervisor.program.ProgramState;
import org.dkumonitor.supervisor.program.ProgramStatus;
import org.dkumonitor.supervisor.program.RotatingLog;

/**
 * Answers dkm's requests with what supervisorctl would print and return: the same outcome lines
 * and exit codes (status: 0 all running, 3 not all running, 4 no such program; start: 7 spawn
 * error; 1 no such process). {@code all} or no name means every program where supervisorctl
 * allows it; then, as supervisorctl, start skips the programs already up and stop those
 * already down. One difference: programs come in supervisor.yaml's order, which is the order
 * they start in (server, then agent), where supervisorctl sorts them by name.
 */
final class ControlDispatcher {

    static final int STATUS_NOT_ALL_RUNNING = 3;
    static final int STATUS_NO_SUCH_PROGRAM = 4;
    static final int NO_SUCH_PROCESS = 1;
    static final int SPAWN_ERROR = 7;
    static final int CANT_REREAD = 1;
    static final int FAILED = 1;
    static final String ALL = "all";

    private final Supervisor supervisor;
    private final List<RotatingLog> ownLogs;
    private final Supplier<List<ProgramConfig>> config;
    private final Runnable shutdown;
    private final long ownPid;

    /**
     * {@code config} reads supervisor.yaml again (for reread and update) and throws
     * {@link DkmException} with file, line and key when it is wrong; {@code shutdown} stops
     * every program and then the supervisor, and must not block; {@code ownLogs} are the
     * supervisor's own logs, reopened by reopenlogs with the programs'.
     */
    ControlDispatcher(Supervisor supervisor, Supplier<List<ProgramConfig>> config,
            Runnable shutdown, long ownPid, List<RotatingLog> ownLogs) {
        this.supervisor = supervisor;
        this.ownLogs = List.copyOf(ownLogs);
        this.config = config;
        this.shutdown = shutdown;
        this.ownPid = ownPid;
    }

    /** Answers one request; a failure a user can act on becomes an ERROR line and exit 1. */
    ControlResponse handle(ControlRequest request) {
        try {
            return dispatch(request);
        } catch (DkmException e) {
            return response(List.of(), List.of("ERROR: " + e.getMessage()), FAILED);
        }
    }

    private List<String> reopenOwnLogs() {
        List<String> failed = new ArrayList<>();
        for (RotatingLog log : ownLogs) {
            try {
                log.reopen();
            } catch (IOException e) {
                failed.add("supervisor: ERROR (cannot reopen " + log.file() + ": "
                        + e.getMessage() + ")");
            }
        }
        return failed;
    }

    private ControlResponse dispatch(ControlRequest request) {
        List<String> names = request.names();
        return switch (request.command()) {
            case "status" -> status(names);
            case "start" -> outcomes(names, supervisor::start, ControlDispatcher::isDown);
            case "stop" -> outcomes(names, this::stop, ControlDispatcher::isUp);
            case "restart" -> restart(names);
            case "pid" -> pid(names);
            case "reread" -> reread(false);
            case "update" -> reread(true);
            case "reopenlogs" -> {
                List<String> failed = new ArrayList<>(reopenOwnLogs());
                failed.addAll(supervisor.reopenLogs());
                yield response(List.of(), failed.isEmpty() ? List.of("Reopened logs") : failed,
                        failed.isEmpty() ? 0 : 1);
            }
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
        List<String> lines = new ArrayList<>();
        List<ProgramStatus> shown = new ArrayList<>();
        if (isAll(requested)) {
            shown.addAll(all);
        } else {
            for (String name : requested) {
                if (!supervisor.has(name)) {
                    lines.add(name + ": ERROR (no such process)");
                }
            }
            for (String name : requested) {
                all.stream().filter(s -> s.name().equals(name)).forEach(shown::add);
            }
        }
        int exitCode = shown.stream().allMatch(ProgramStatus::running) ? 0
                : STATUS_NOT_ALL_RUNNING;
        if (!lines.isEmpty()) {
            exitCode = STATUS_NO_SUCH_PROGRAM;
        }
        return response(shown, lines, exitCode);
    }

    /** Reads supervisor.yaml again; a wrong file changes nothing and says where it is wrong. */
    private ControlResponse reread(boolean apply) {
        List<ProgramConfig> programs;
        try {
            programs = config.get();
        } catch (DkmException e) {
            return response(List.of(), List.of("ERROR: CANT_REREAD: " + e.getMessage()),
                    CANT_REREAD);
        }
        List<String> lines = apply ? supervisor.update(programs)
                : supervisor.diff(programs).lines();
        return response(List.of(), lines, 0);
    }

    private ControlResponse restart(List<String> names) {
        ControlResponse stopped = outcomes(names, this::stop, ControlDispatcher::isUp);
        ControlResponse started = outcomes(names, supervisor::start, ControlDispatcher::isDown);
        List<String> lines = new ArrayList<>(stopped.lines());
        lines.addAll(started.lines());
        return response(List.of(), lines, Math.max(stopped.exitCode(), started.exitCode()));
    }

    private ControlResponse pid(List<String> requested) {
        if (requested.isEmpty()) {
            return response(List.of(), List.of(Long.toString(ownPid)), 0);
        }
        List<String> lines = new ArrayList<>();
        int exitCode = 0;
        for (String name : isAll(requested) ? supervisor.names() : requested) {
            if (!supervisor.has(name)) {
                lines.add("No such process " + name);
                exitCode = Math.max(exitCode, NO_SUCH_PROCESS);
                continue;
            }
            long pid = supervisor.pid(name);
            lines.add(Long.toString(pid));
            if (pid == 0 && !isAll(requested)) {
                exitCode = Math.max(exitCode, SPAWN_ERROR);
            }
        }
        return response(List.of(), lines, exitCode);
    }

    /**
     * Applies a command to each program named, or with {@code all} to each program that
     * {@code concerned} selects.
     */
    private List<Outcome> stop(List<String> names) {
        return names.stream().map(supervisor::stop).toList();
    }

    private ControlResponse outcomes(List<String> requested,
            Function<List<String>, List<Outcome>> command, Predicate<ProgramState> concerned) {
        List<String> names = requested;
        if (isAll(requested)) {
            names = supervisor.names().stream()
                    .filter(name -> concerned.test(supervisor.state(name))).toList();
        }
        List<Outcome> outcomes = command.apply(names);
        int exitCode = outcomes.stream().mapToInt(Outcome::exitCode).max().orElse(0);
        return response(List.of(), outcomes.stream().map(Outcome::line).toList(), exitCode);
    }

    /** What supervisord's stop all stops: a program that is up or on its way up. */
    private static boolean isUp(ProgramState state) {
        return state instanceof ProgramState.Starting || state instanceof ProgramState.Running
                || state instanceof ProgramState.Backoff;
    }

    /** What supervisord's start all starts: a program that is neither up nor stopping. */
    private static boolean isDown(ProgramState state) {
        return !isUp(state) && !(state instanceof ProgramState.Stopping);
    }

    private static boolean isAll(List<String> requested) {
        return requested.isEmpty() || requested.contains(ALL);
    }

    private ControlResponse response(List<ProgramStatus> programs, List<String> lines,
            int exitCode) {
        return new ControlResponse(programs, lines, exitCode, ownPid);
    }
}
