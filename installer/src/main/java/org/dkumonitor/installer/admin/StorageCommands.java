package org.dkumonitor.installer.admin;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
    static final class Check extends ServerRequestCommand {
        @Parameters(arity = "0..1", paramLabel = "GLOB",
                description = "Only these metrics (a Graphite glob; a branch means all below).")
        private String glob;

        @Override
        public Integer call() {
            return send("GET", "/storage/check", "query", glob);
        }
    }

    @Command(name = "resize", mixinStandardHelpOptions = true,
            description = "Rewrite the files that disagree with the rules to what the rules"
                    + " give, as whisper-resize does (points rolled up into coarser archives,"
                    + " what no longer fits dropped), while the server runs: each file is"
                    + " replaced in one step and its new points wait in the cache meanwhile."
                    + " Without --apply, only lists them.")
    static final class Resize extends ServerRequestCommand {
        @Parameters(arity = "0..1", paramLabel = "GLOB",
                description = "Only these metrics (a Graphite glob; a branch means all below).")
        private String glob;
        @Option(names = "--apply", description = "Rewrite them (default: a dry run).")
        private boolean apply;

        @Override
        public Integer call() {
            return send("POST", "/storage/resize", "query", glob, "apply", flag(apply));
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Where a metric's points are: the rules that match it (file and"
                    + " line), its file and whether it agrees with them, the points waiting in"
                    + " the cache and the write-ahead log, its quota, and the points refused"
                    + " for it in the last hour and why.")
    static final class Explain extends ServerRequestCommand {
        @Parameters(paramLabel = "NAME", description = "The metric.")
        private String name;

        @Override
        public Integer call() {
            return send("GET", "/metrics/explain", "path", name);
        }
    }
}
