package org.dkumonitor.supervisor.program;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.dkumonitor.supervisor.config.ProgramConfig;

/** Starts a program's process; injected so the state machine can be tested without processes. */
public interface Spawner {

    /** A started process: its handle and a future of its exit code. */
    record Spawned(ProcessHandle handle, CompletableFuture<Integer> exit) {
    }

    /** Spawns the program with its output going to {@code log}; fails if it cannot be run. */
    Spawned spawn(ProgramConfig program, RotatingLog log) throws IOException;
}
