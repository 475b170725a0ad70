package org.dkumonitor.supervisor.dkm;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.supervisor.control.ControlClient;

/**
 * {@code dkm status [NAME...]}, the command operators and scripts run most, without building
 * picocli's model of every command: that model is built by reflection over a dozen annotated
 * classes and costs a short-lived JVM more than everything else status does. Only the plain
 * form is taken here (no option, the install from {@code DKM_DATA_DIR}); anything else goes to
 * picocli. Output and exit codes are {@link StatusCommand}'s, from the same code.
 */
final class QuickStatus {

    private QuickStatus() {
    }

    /** True when {@code args} are {@code status} and names only, and the install is known. */
    static boolean handles(String[] args, String dataDir) {
        if (args.length == 0 || !args[0].equals("status") || dataDir == null
                || dataDir.isBlank()) {
            return false;
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i].isEmpty() || args[i].startsWith("-") || args[i].startsWith("@")) {
                return false;
            }
        }
        return true;
    }

    static int run(String[] args, String dataDir) {
        return run(args, dataDir, new PrintWriter(new OutputStreamWriter(System.out), true),
                new PrintWriter(new OutputStreamWriter(System.err), true));
    }

    static int run(String[] args, String dataDir, PrintWriter out, PrintWriter err) {
        ControlClient client = new ControlClient(new DataDir(Path.of(dataDir))
                .supervisorSocket());
        try {
            return StatusCommand.status(client, List.of(args).subList(1, args.length), false,
                    out, err);
        } catch (DkmException e) {
            err.println("dkm: " + e.getMessage());
            err.flush();
            return e.exitCode();
        }
    }
}
