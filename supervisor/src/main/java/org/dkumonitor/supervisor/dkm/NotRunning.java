package org.dkumonitor.supervisor.dkm;

import java.io.PrintWriter;
import org.dkumonitor.supervisor.control.ControlClient.NotRunningException;

/** What dkm says when its request finds no supervisor, as supervisorctl words it. */
final class NotRunning {

    private NotRunning() {
    }

    /** Prints the reason (with {@code hint} after it) and returns {@code exitCode}. */
    static int report(PrintWriter err, NotRunningException e, String hint, int exitCode) {
        err.println("dkm: the supervisor is not running (" + e.getMessage() + ")" + hint);
        err.flush();
        return exitCode;
    }
}
