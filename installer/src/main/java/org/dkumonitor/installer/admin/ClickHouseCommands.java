package org.dkumonitor.installer.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.ServerConfig;
import org.dkumonitor.server.clickhouse.ClickHouseException;
import org.dkumonitor.server.clickhouse.ClickHouseHttp;
import org.dkumonitor.server.clickhouse.ClickHouseSchema;
import org.dkumonitor.server.clickhouse.ClickHouseStore;
import org.dkumonitor.server.clickhouse.RollupCheck;
import org.dkumonitor.server.clickhouse.RollupRules;
import org.dkumonitor.server.clickhouse.Tables;
import org.dkumonitor.server.clickhouse.WhisperImport;
import org.dkumonitor.server.schema.StorageRules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dkmadmin clickhouse schema | init | import}: ClickHouse as an install's store, set up
 * from conf/server.yaml (storage.clickhouse) and the storage rules. Exit codes: 0 done; 1 the
 * message says what failed (ClickHouse unreachable or refusing, no ClickHouse configured).
 */
@Command(name = "clickhouse", mixinStandardHelpOptions = true,
        description = "ClickHouse as the store: its tables and rollup, and moving whisper files"
                + " into it.",
        subcommands = {ClickHouseCommands.Schema.class, ClickHouseCommands.Init.class,
                ClickHouseCommands.Import.class})
final class ClickHouseCommands {

    private ClickHouseCommands() {
    }

    /** The install's data directory, its server.yaml and storage rules. */
    private record Install(DataDir dataDir, ServerConfig config, StorageRules rules) {

        static Install load() {
            DataDir dataDir = new DataDir(Path.of(DkmAdminCommand.required("DKM_DATA_DIR")));
            ServerConfig config = YamlConfigLoader.load(dataDir.confFile("server.yaml"),
                    ServerConfig.class);
            StorageRules rules = StorageRules.load(dataDir.confFile("storage-schemas.conf"),
                    dataDir.confFile("storage-aggregation.conf"));
            return new Install(dataDir, config, rules);
        }

        RollupRules rollup() {
            return RollupRules.from(rules.schemas(), rules.aggregation());
        }

        ServerConfig.ClickHouse clickhouse() {
            ServerConfig.ClickHouse clickhouse = config.storage().clickhouse();
            if (clickhouse == null) {
                throw new DkmException("conf/server.yaml has no storage.clickhouse section:"
                        + " reinstall with --clickhouse URL|local, or add storage.backend:"
                        + " clickhouse and storage.clickhouse.urls");
            }
            return clickhouse;
        }
    }

    @Command(name = "schema", mixinStandardHelpOptions = true,
            description = "Print the graphite_rollup section (for ClickHouse's config) and the"
                    + " tables' DDL that follow conf/storage-schemas.conf and"
                    + " storage-aggregation.conf. What cannot be carried over exactly is said"
                    + " on stderr.")
    static final class Schema implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--cluster", paramLabel = "NAME",
                description = "Tables for a cluster of ClickHouse's remote_servers: TABLE_local"
                        + " on each server and a Distributed TABLE (default: storage.clickhouse"
                        + ".cluster).")
        private String cluster;

        @Option(names = "--replicated",
                description = "Replicated engines (ZooKeeper; macros {shard} and {replica}).")
        private boolean replicated;

        @Override
        public Integer call() {
            Install install = Install.load();
            ServerConfig.ClickHouse config = install.config().storage().clickhouse();
            Tables tables = config == null ? Tables.DEFAULT : ClickHouseStore.tables(config);
            String clusterName = cluster != null ? cluster : config == null ? null
                    : config.cluster();
            boolean replicas = replicated || (config != null && config.replicated());
            RollupRules rules = install.rollup();
            PrintWriter out = spec.commandLine().getOut();
            out.println("<!-- conf/clickhouse/" + "config.d/graphite_rollup.xml, or any file of"
                    + " ClickHouse's config.d/; restart ClickHouse after changing it -->");
            out.print(ClickHouseSchema.rollupConfig(rules, tables.rollupSection()));
            out.println();
            out.println("-- the tables (dkmadmin clickhouse init runs these on every server)");
            for (String statement : new ClickHouseSchema(tables, clusterName, replicas).ddl()) {
                out.println(statement + ";");
            }
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            rules.warnings().forEach(warning -> err.println("warning: " + warning));
            err.flush();
            return 0;
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create the tables on every server of storage.clickhouse.urls (those"
                    + " that exist are left alone), then check that each server merges by the"
                    + " rollup the storage rules give.")
    static final class Init implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            Install install = Install.load();
            ServerConfig.ClickHouse config = install.clickhouse();
            ClickHouseHttp http = ClickHouseStore.client(install.dataDir(), config);
            Tables tables = ClickHouseStore.tables(config);
            ClickHouseSchema schema = new ClickHouseSchema(tables, config.cluster(),
                    config.replicated());
            PrintWriter out = spec.commandLine().getOut();
            int differences = 0;
            try {
                for (URI url : http.urls()) {
                    for (String statement : schema.ddl()) {
                        http.executeOn(url, statement);
                        out.println(url + ": " + statement);
                    }
                    List<String> found = RollupCheck.differences(http, url, install.rollup(),
                            tables.rollupSection());
                    found.forEach(line -> out.println("warning: " + line));
                    differences += found.size();
                }
            } catch (ClickHouseException e) {
                throw new DkmException(e.getMessage());
            }
            out.println(differences == 0 ? "ClickHouse is ready: the tables exist and merge by"
                    + " the storage rules' rollup" : "the tables exist, but the rollup differs:"
                    + " put the section dkmadmin clickhouse schema prints into each server's"
                    + " config and restart them");
            out.flush();
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Copy whisper files (every archive) into ClickHouse. Safe to run again:"
                    + " an interrupted run goes on where it stopped, and points already there"
                    + " are not doubled; points the server wrote itself win.")
    static final class Import implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "GLOB",
                description = "A Graphite pattern: its metrics and everything under its"
                        + " branches (default: every metric, tagged series too).")
        private String glob;

        @Option(names = "--restart", description = "Forget an interrupted run and start over.")
        private boolean restart;

        @Override
        public Integer call() throws IOException {
            Install install = Install.load();
            ServerConfig.ClickHouse config = install.clickhouse();
            ClickHouseHttp http = ClickHouseStore.client(install.dataDir(), config);
            PrintWriter out = spec.commandLine().getOut();
            WhisperImport run = new WhisperImport(install.dataDir().whisper(), http,
                    ClickHouseStore.tables(config), install.dataDir().storage()
                            .resolve("clickhouse-import.done"), InstantSource.system(),
                    spec.commandLine().getErr());
            List<String> metrics = run.metrics(glob);
            out.println("importing " + metrics.size() + " metrics from "
                    + install.dataDir().whisper() + " into " + http.urls());
            out.flush();
            WhisperImport.Summary summary;
            try {
                summary = run.run(metrics, restart);
            } catch (ClickHouseException e) {
                throw new DkmException(e.getMessage() + "; run the import again to go on where"
                        + " it stopped");
            }
            out.println("imported " + summary.points() + " points of " + summary.metrics()
                    + " metrics in " + summary.millis() / 1000.0 + " s" + (summary.skipped() > 0
                    ? "; " + summary.skipped() + " metrics were done by an earlier run" : "")
                    + (summary.failed() > 0 ? "; " + summary.failed() + " files could not be"
                    + " read (listed above)" : ""));
            out.flush();
            return summary.failed() > 0 ? 1 : 0;
        }
    }
}
