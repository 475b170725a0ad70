package org.dkumonitor.supervisor.program;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends a named signal to a process group through the system's {@code kill}, which every POSIX
 * host has (the JDK can signal one process, never a group). Falls back to the JDK's own TERM or
 * KILL of the leader and its current descendants when {@code kill} cannot run.
 */
final class ProcessSignals {

    private static final long KILL_TIMEOUT_SECONDS = 5;

    private ProcessSignals() {
    }

    /** Signals every process of the group {@code groupId}; false when none was left. */
    static boolean sendToGroup(long groupId, String signal) {
        try {
            Process kill = new ProcessBuilder(List.of("kill", "-s", signal, "--",
                    "-" + groupId))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(KILL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                return false;
            }
            return kill.exitValue() == 0;
        } catch (IOException e) {
            ProcessHandle.of(groupId).ifPresent(leader -> {
                leader.descendants().forEach(p -> send(p, signal));
                send(leader, signal);
            });
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void send(ProcessHandle process, String signal) {
        if (signal.equals("KILL")) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
    }
}
