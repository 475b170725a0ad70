package org.dkumonitor.installer.admin;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dkumonitor.cli.BundleVersion;
import org.dkumonitor.cli.CommandLines;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.Version;
import org.dkumonitor.core.layout.DataDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dkmadmin}: administration of an install beyond starting and stopping it. */
@Command(name = "dkmadmin", mixinStandardHelpOptions = true,
        versionProvider = BundleVersion.class,
        description = "Administers a dkumonitor install (run it as DATA_DIR/bin/dkmadmin).",
        subcommands = {DkmAdminCommand.Info.class, TapCommand.class,
                BootCommands.Install.class, BootCommands.Uninstall.class,
                EventTokenCommands.class, GottwallCommands.class, StorageCommands.class,
                MetricsCommands.class, ClickHouseCommands.class, ClusterCommands.class})
public final class DkmAdminCommand {

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new DkmAdminCommand(), args));
    }

    /** What this install is: version, bundle, data directory, and whether it is complete. */
    @Command(name = "info", description = "Show the install's version, bundle and directories.")
    static final class Info implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            DataDir dataDir = new DataDir(Path.of(required("DKM_DATA_DIR")));
            PrintWriter out = spec.commandLine().getOut();
            out.println("version   " + Version.current());
            out.println("bundle    " + required("DKM_HOME"));
            out.println("data dir  " + dataDir.root());
            for (Path directory : dataDir.topLevelDirectories()) {
                out.printf("  %-8s %s%n", directory.getFileName(),
                        Files.isDirectory(directory) ? "present" : "MISSING");
            }
            out.flush();
            return 0;
        }

    }

    static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new DkmException(variable + " is not set: run DATA_DIR/bin/dkmadmin,"
                    + " whose env file sets it");
        }
        return value;
    }
}
