package org.dkumonitor.server;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import org.dkumonitor.core.cli.BundleVersion;
import org.dkumonitor.core.cli.CommandLines;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.logging.Logs;
import org.dkumonitor.core.process.ParentWatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dkm-server}: the metrics server of one DATA_DIR, run by the supervisor. */
@Command(name = "dkm-server", mixinStandardHelpOptions = true,
        versionProvider = BundleVersion.class,
        description = "Carbon receivers, whisper storage and the Graphite HTTP API of a"
                + " dkumonitor install. Configured by DATA_DIR/conf/server.yaml.")
public final class ServerMain implements Callable<Integer> {

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
        MetricsServer server = MetricsServer.start(layout, config, InstantSource.system());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "shutdown"));
        ParentWatch.start(() -> System.exit(0), Duration.ofSeconds(1));
        stopped.await();
        return 0;
    }
}
