package org.dkumonitor.supervisor.program;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.dkumonitor.supervisor.config.ProgramConfig;

/**
 * Starts a program's process and signals it; injected so the state machine can be tested
 * without processes (a fake must never signal a real pid).
 */
public interface Spawner {

    /** A started process: its handle and a future of its exit code. */
    record Spawned(ProcessHandle handle, CompletableFuture<Integer> exit) {
    }

    /** Spawns the program with its output going to {@code log}; fails if it cannot be run. */
    Spawned spawn(ProgramConfig program, RotatingLog log) throws IOException;

    /**
     * Sends {@code signal} (TERM, KILL, HUP ...) to the program whose process was
     * {@code leader} and to every process it started, wherever they were reparented: the whole
     * process group the program leads. Works after the leader itself has exited.
     */
    void signalTree(ProcessHandle leader, String signal);

    /**
     * Whether the process {@code pid} of a program started with {@code ready: signal} has
     * said it is ready; false for a spawner that does not carry the signal.
     */
    default boolean signalledReady(ProgramConfig program, long pid) {
        return false;
    }
}
