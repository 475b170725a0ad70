package org.dkumonitor.installer.admin;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dkmadmin storage check|resize|explain}, through the running server. */
@Command(name = "storage", mixinStandardHelpOptions = true,
        description = "The whisper files against the storage rules, and where a metric's"
                + " points are. Works through the running server (exit 1 with the reason when"
                + " it refuses or is not running).",
        subcommands = {StorageCommands.Check.class, StorageCommands.Resize.class,
                StorageCommands.Explain.class})
final class StorageCommands {

    /** Where the install is; the launcher's environment names it. */
    static final class Install {
        @Option(names = "--data-dir", paramLabel = "DATA_DIR", hidden = true,
                description = "The install (default: the one whose bin/dkmadmin this is).")
        Path dataDir;

        ServerApi api() {
            return ServerApi.of(dataDir != null ? dataDir
                    : Path.of(DkmAdminCommand.required("DKM_DATA_DIR")));
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "List the whisper files whose archives, aggregation method or"
                    + " xFilesFactor disagree with storage-schemas.conf and"
                    + " storage-aggregation.conf, with a count per rule.")
    static final class Check implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @picocli.CommandLine.Mixin
        private Install install;
        @Parameters(arity = "0..1", paramLabel = "GLOB",
                description = "Only these metrics (a Graphite glob; a branch means all below).")
        private String glob;

        @Override
        public Integer call() {
            Map<String, String> parameters = new LinkedHashMap<>();
            if (glob != null) {
                parameters.put("query", glob);
            }
            return print(spec, install.api().send("GET", "/storage/check", parameters));
        }
    }

    @Command(name = "resize", mixinStandardHelpOptions = true,
            description = "Rewrite the files that disagree with the rules to what the rules"
                    + " give, as whisper-resize does (points rolled up into coarser archives,"
                    + " what no longer fits dropped), while the server runs: each file is"
                    + " replaced in one step and its new points wait in the cache meanwhile."
                    + " Without --apply, only lists them.")
    static final class Resize implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @picocli.CommandLine.Mixin
        private Install install;
        @Parameters(arity = "0..1", paramLabel = "GLOB",
                description = "Only these metrics (a Graphite glob; a branch means all below).")
        private String glob;
        @Option(names = "--apply", description = "Rewrite them (default: a dry run).")
        private boolean apply;

        @Override
        public Integer call() {
            Map<String, String> parameters = new LinkedHashMap<>();
            if (glob != null) {
                parameters.put("query", glob);
            }
            if (apply) {
                parameters.put("apply", "1");
            }
            return print(spec, install.api().send("POST", "/storage/resize", parameters));
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Where a metric's points are: the rules that match it (file and"
                    + " line), its file and whether it agrees with them, the points waiting in"
                    + " the cache and the write-ahead log, its quota, and the points refused"
                    + " for it in the last hour and why.")
    static final class Explain implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @picocli.CommandLine.Mixin
        private Install install;
        @Parameters(paramLabel = "NAME", description = "The metric.")
        private String name;

        @Override
        public Integer call() {
            return print(spec, install.api().send("GET", "/metrics/explain",
                    Map.of("path", name)));
        }
    }

    /** Prints a successful answer; a refused one becomes the command's error. */
    static int print(CommandSpec spec, ServerApi.Answer answer) {
        spec.commandLine().getOut().print(ServerApi.text(answer));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
