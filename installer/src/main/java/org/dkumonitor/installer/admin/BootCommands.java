package org.dkumonitor.installer.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.concurrent.Callable;
import org.dkumonitor.core.DkmException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dkmadmin install-boot} and {@code uninstall-boot}; see {@link BootScript}. */
final class BootCommands {

    static final String DEFAULT_NAME = "dkumonitor";

    private BootCommands() {
    }

    /** Options both commands share. */
    static final class Target {
        @Option(names = {"-name", "--name"}, paramLabel = "NAME", defaultValue = DEFAULT_NAME,
                description = "The service's name, one per install (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--root", paramLabel = "DIR", hidden = true,
                description = "Write under DIR instead of / and run no system tool (for tests"
                        + " and packagers).")
        Path root;

        BootScript script() {
            if (root == null) {
                return new BootScript(Path.of("/"), BootCommands::runTool);
            }
            return new BootScript(root, new BootScript.Commands() {
                @Override
                public int run(List<String> command) {
                    return 0;
                }

                @Override
                public String verb() {
                    return "would run";
                }
            });
        }
    }

    @Command(name = "install-boot", mixinStandardHelpOptions = true,
            description = "Start this install at boot and stop it at shutdown, as the owner of"
                    + " DATA_DIR: a systemd unit NAME.service, or /etc/init.d/NAME where"
                    + " systemd is not running. Needs root.")
    static final class Install implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @picocli.CommandLine.Mixin
        private Target target;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path dataDir = Path.of(DkmAdminCommand.required("DKM_DATA_DIR"));
            Path home = Path.of(DkmAdminCommand.required("DKM_HOME"));
            PosixFileAttributes owner;
            try {
                owner = Files.readAttributes(dataDir, PosixFileAttributes.class);
            } catch (IOException e) {
                throw new DkmException("cannot read the owner of " + dataDir + ": "
                        + e.getMessage(), e);
            }
            List<String> lines = target.script().install(new BootScript.Install(target.name,
                    dataDir, home, owner.owner().getName(), owner.group().getName()));
            lines.forEach(out::println);
            out.flush();
            return 0;
        }
    }

    @Command(name = "uninstall-boot", mixinStandardHelpOptions = true,
            description = "Undo install-boot: disable and remove the boot script NAME of this"
                    + " install. Needs root.")
    static final class Uninstall implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @picocli.CommandLine.Mixin
        private Target target;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path dataDir = Path.of(DkmAdminCommand.required("DKM_DATA_DIR"));
            target.script().uninstall(target.name, dataDir).forEach(out::println);
            out.flush();
            return 0;
        }
    }

    private static int runTool(List<String> command) {
        try {
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new DkmException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DkmException("interrupted while running " + command.get(0));
        }
    }
}
