package org.dkumonitor.installer.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dkmadmin metrics delete|rename|expire}, through the running server. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Delete, rename and expire metrics while the server runs and points keep"
                + " arriving (exit 1 with the reason when the server refuses or is not"
                + " running).",
        subcommands = {MetricsCommands.Delete.class, MetricsCommands.Rename.class,
                MetricsCommands.Expire.class})
final class MetricsCommands {

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete the metrics GLOB matches (a branch means everything below"
                    + " it): their files, their points waiting in the cache and in the"
                    + " write-ahead log; directories left empty go too.")
    static final class Delete extends ServerRequestCommand {
        @Parameters(paramLabel = "GLOB", description = "A Graphite glob, e.g. servers.web01.*")
        private String glob;
        @Option(names = "--force", description = "Needed for a glob of bare stars (*, *.*),"
                + " which takes every metric.")
        private boolean force;
        @Option(names = "--dry-run", description = "Only list what would be deleted.")
        private boolean dryRun;

        @Override
        public Integer call() {
            return send("DELETE", "/metrics", "query", glob, "force", flag(force), "dryRun",
                    flag(dryRun));
        }
    }

    @Command(name = "rename", mixinStandardHelpOptions = true,
            description = "Rename the metric FROM, and everything below it, to TO. Into a"
                    + " metric that exists the points are merged as whisper-fill does: its gaps"
                    + " are filled, none of its points is overwritten.")
    static final class Rename extends ServerRequestCommand {
        @Parameters(index = "0", paramLabel = "FROM", description = "A metric or branch.")
        private String from;
        @Parameters(index = "1", paramLabel = "TO", description = "Its new name.")
        private String to;
        @Option(names = "--force", description = "Merge into a metric that keeps other"
                + " archives (its resolution wins).")
        private boolean force;
        @Option(names = "--dry-run", description = "Only list the moves.")
        private boolean dryRun;

        @Override
        public Integer call() {
            return send("POST", "/metrics/rename", "from", from, "to", to, "force", flag(force),
                    "dryRun", flag(dryRun));
        }
    }

    @Command(name = "expire", mixinStandardHelpOptions = true,
            description = "List (with --apply, delete) the metrics whose file was not written"
                    + " for AGE and that have no point waiting. Nothing is deleted when every"
                    + " metric looks that old (a clock ahead) unless --force.")
    static final class Expire extends ServerRequestCommand {
        @Option(names = "--older-than", paramLabel = "AGE", description = "Such as 30d or 12w"
                + " (default: storage.expireAfter of conf/server.yaml).")
        private String olderThan;
        @Option(names = "--apply", description = "Delete them (default: a dry run).")
        private boolean apply;
        @Option(names = "--force", description = "Delete even when every metric looks old.")
        private boolean force;

        @Override
        public Integer call() {
            return send("POST", "/metrics/expire", "olderThan", olderThan, "apply", flag(apply),
                    "force", flag(force));
        }
    }
}
