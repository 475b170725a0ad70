package org.dkumonitor.supervisor.program;

/**
 * What {@code dkm status} shows of a program: name, state, pid (0 when none), and supervisord's
 * description ("pid 12, uptime 0:01:02", "Exited too quickly (process log may have details)",
 * "Not started", a stop time). {@code uptimeSeconds} is set while running.
 */
public record ProgramStatus(String name, String state, long pid, long uptimeSeconds,
        String description, String logFile) {

    public boolean running() {
        return state.equals("RUNNING");
    }
}
