package org.dkumonitor.server;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import org.dkumonitor.cli.BundleVersion;
import org.dkumonitor.cli.CommandLines;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.logging.Logs;
import org.dkumonitor.core.config.SecretFiles;
import org.dkumonitor.core.process.ParentWatch;
import org.dkumonitor.core.process.ReadySignal;
import org.dkumonitor.server.listen.DescriptorBudget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dkm-server}: the metrics server of one DATA_DIR, run by the supervisor. */
@Command(name = "dkm-server", mixinStandardHelpOptions = true,
        versionProvider = BundleVersion.class,
        description = "Carbon receivers, whisper storage and the Graphite HTTP API of a"
                + " dkumonitor install. Configured by DATA_DIR/conf/server.yaml.")
public final class ServerMain implements Callable<Integer> {

    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(ServerMain.class.getName());

    @Option(names = "--data-dir", required = true, paramLabel = "DATA_DIR",
            description = "The install's data directory.")
    private Path dataDir;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new ServerMain(), args));
    }

    @Override
    public Integer call() throws Exception {
        Logs.toStderr(Level.INFO);
        DataDir layout = new DataDir(dataDir);
        ServerConfig config = YamlConfigLoader.load(layout.confFile("server.yaml"),
                ServerConfig.class);
        checkSecrets(layout, config);
        LOG.info("file descriptors: limit " + DescriptorBudget.limit() + ", " + DescriptorBudget
                .open() + " open; heap limit " + Runtime.getRuntime().maxMemory() / (1 << 20)
                + " MiB");
        MetricsServer server = MetricsServer.start(layout, config, InstantSource.system());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "shutdown"));
        ParentWatch.start(() -> System.exit(0), Duration.ofSeconds(1));
        if (ReadySignal.signal()) {
            LOG.info("ready: told the supervisor");
        }
        stopped.await();
        return 0;
    }

    /** The files that hold secrets must be the owner's alone (see {@link SecretFiles}). */
    private static void checkSecrets(DataDir layout, ServerConfig config) {
        SecretFiles.Policy policy = config.security().exposedSecrets();
        String key = "security.exposedSecrets";
        if (config.api().bearerToken() != null) {
            SecretFiles.check(layout.confFile("server.yaml"), "api.bearerToken", policy, key);
        }
        if (config.gottwall() != null) {
            SecretFiles.check(layout.confFile("server.yaml"), "gottwall.privateKey", policy,
                    key);
        }
        if (config.ingest() != null && java.nio.file.Files.exists(
                layout.confFile("access.json"))) {
            SecretFiles.check(layout.confFile("access.json"), "the event log's tokens",
                    policy, key);
        }
    }
}
