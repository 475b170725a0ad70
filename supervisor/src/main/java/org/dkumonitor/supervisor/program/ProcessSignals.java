package org.dkumonitor.supervisor.program;

import java.io.IOException;
import java.util.List;

/**
 * Sends a named signal to a process. TERM and KILL go through the JDK; the others through the
 * system's {@code kill}, which every POSIX host has.
 */
final class ProcessSignals {

    private ProcessSignals() {
    }

    static void send(ProcessHandle process, String signal) {
        switch (signal) {
            case "TERM" -> process.destroy();
            case "KILL" -> process.destroyForcibly();
            default -> {
                try {
                    new ProcessBuilder(List.of("kill", "-s", signal, Long.toString(process.pid())))
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start()
                            .waitFor();
                } catch (IOException e) {
                    process.destroy();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
