package org.dkumonitor.supervisor.dkm;

import java.nio.file.Path;
import org.dkumonitor.cli.BundleVersion;
import org.dkumonitor.cli.CommandLines;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.supervisor.control.ControlClient;
import org.dkumonitor.supervisor.control.ControlClient.NotRunningException;
import org.dkumonitor.supervisor.control.ControlRequest;
import org.dkumonitor.supervisor.control.ControlResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code dkm}: drives the supervisor of one install, as supervisorctl drove supervisord.
 * The install is {@code --data-dir}, or {@code DKM_DATA_DIR}, which {@code DATA_DIR/bin/dkm}
 * sets from {@code DATA_DIR/bin/env}.
 */
@Command(name = "dkm", mixinStandardHelpOptions = true, versionProvider = BundleVersion.class,
        description = "Starts, stops and shows the programs of a dkumonitor install.",
        subcommands = {StartCommand.class, StopCommand.class, RestartCommand.class,
                StatusCommand.class, PidCommand.class, TailCommand.class,
                RereadCommand.Reread.class, RereadCommand.Update.class,
                ReopenLogsCommand.class, ShutdownCommand.class},
        footer = {"", "Exit codes, as supervisorctl's: 0 success; 1 error (the message says"
                + " which), no such program for start/stop/restart/pid, or shutdown when the"
                + " supervisor is not running; 2 bad usage; 3 status: not all RUNNING;"
                + " 4 status: no such program, or the supervisor is not running;"
                + " 7 start: a program failed to start, or start/stop NAME/restart/pid/tail"
                + " when the supervisor is not running; 77 this user may not open the control"
                + " socket (another user's install: run dkm as its owner)."})
public final class DkmCommand {

    static final String DATA_DIR_VARIABLE = "DKM_DATA_DIR";
    static final String HOME_VARIABLE = "DKM_HOME";

    @Option(names = "--data-dir", paramLabel = "DATA_DIR", scope = ScopeType.INHERIT,
            description = "The install to drive (default: $DKM_DATA_DIR).")
    private Path dataDir;

    public static void main(String[] args) {
        String dataDir = System.getenv(DATA_DIR_VARIABLE);
        System.exit(QuickStatus.handles(args, dataDir) ? QuickStatus.run(args, dataDir)
                : CommandLines.execute(new DkmCommand(), args));
    }

    DataDir dataDir() {
        if (dataDir != null) {
            return new DataDir(dataDir);
        }
        String fromEnvironment = System.getenv(DATA_DIR_VARIABLE);
        if (fromEnvironment == null || fromEnvironment.isBlank()) {
            throw new DkmException("no install given: run DATA_DIR/bin/dkm, or pass --data-dir");
        }
        return new DataDir(Path.of(fromEnvironment));
    }

    ControlClient client() {
        return new ControlClient(dataDir().supervisorSocket());
    }

    /**
     * Sends one request and prints the answer as supervisorctl would, returning its exit code;
     * when the supervisor is not running, says so (with {@code hint} after the reason) and
     * returns {@link StartCommand#SPAWN_ERROR}, supervisorctl's code for it.
     */
    int forward(CommandSpec spec, ControlRequest request, String hint) {
        try {
            ControlResponse response = client().send(request);
            StatusTable.print(spec.commandLine().getOut(), response);
            return response.exitCode();
        } catch (NotRunningException e) {
            return NotRunning.report(spec.commandLine().getErr(), e, hint,
                    StartCommand.SPAWN_ERROR);
        }
    }
}
