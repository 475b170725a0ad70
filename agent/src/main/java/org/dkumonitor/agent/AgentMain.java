package org.dkumonitor.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import org.dkumonitor.agent.collect.Collector;
import org.dkumonitor.agent.collect.CpuCollector;
import org.dkumonitor.agent.collect.LoadCollector;
import org.dkumonitor.agent.collect.MemoryCollector;
import org.dkumonitor.agent.naming.HostName;
import org.dkumonitor.agent.send.CarbonSender;
import org.dkumonitor.core.cli.BundleVersion;
import org.dkumonitor.core.cli.CommandLines;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.logging.Logs;
import org.dkumonitor.core.process.ParentWatch;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dkm-agent}: this host's collector, run by the supervisor. */
@Command(name = "dkm-agent", mixinStandardHelpOptions = true, versionProvider = BundleVersion.class,
        description = "Collects this host's metrics in collectd's metric tree and sends them as"
                + " carbon plaintext. Configured by DATA_DIR/conf/agent.yaml.")
public final class AgentMain implements Callable<Integer> {

    private static final int MAX_QUEUED_BATCHES = 360;

    @Option(names = "--data-dir", required = true, paramLabel = "DATA_DIR",
            description = "The install's data directory.")
    private Path dataDir;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new AgentMain(), args));
    }

    @Override
    public Integer call() throws Exception {
        Logs.toStderr(Level.INFO);
        DataDir layout = new DataDir(dataDir);
        AgentConfig config = YamlConfigLoader.load(layout.confFile("agent.yaml"),
                AgentConfig.class);
        String host = HostName.resolve(config.hostname());
        String prefix = config.prefix().isEmpty() ? host : config.prefix() + "." + host;
        CentralProcessor processor = new SystemInfo().getHardware().getProcessor();
        List<Collector> collectors = List.of(new CpuCollector(processor),
                new MemoryCollector(Path.of("/proc/meminfo")), new LoadCollector(processor));
        List<CarbonSender> senders = config.destinations().stream()
                .map(d -> new CarbonSender(d.host(), d.port(), MAX_QUEUED_BATCHES)).toList();
        HostAgent agent = new HostAgent(prefix, collectors, senders, InstantSource.system());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "shutdown"));
        agent.start(config.intervalSeconds());
        ParentWatch.start(() -> System.exit(0), Duration.ofSeconds(1));
        stopped.await();
        return 0;
    }
}
