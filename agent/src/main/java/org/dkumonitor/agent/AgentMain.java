package org.dkumonitor.agent;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import org.dkumonitor.agent.collect.Collector;
import org.dkumonitor.agent.collect.CpuCollector;
import org.dkumonitor.agent.collect.DfCollector;
import org.dkumonitor.agent.collect.DiskCollector;
import org.dkumonitor.agent.collect.FilesCollector;
import org.dkumonitor.agent.collect.InterfaceCollector;
import org.dkumonitor.agent.collect.LoadCollector;
import org.dkumonitor.agent.collect.MemoryCollector;
import org.dkumonitor.agent.collect.ProcFiles;
import org.dkumonitor.agent.collect.ProcessesCollector;
import org.dkumonitor.agent.collect.SwapCollector;
import org.dkumonitor.agent.collect.UptimeCollector;
import org.dkumonitor.agent.naming.HostName;
import org.dkumonitor.agent.send.CarbonSender;
import org.dkumonitor.core.cli.BundleVersion;
import org.dkumonitor.core.cli.CommandLines;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.logging.Logs;
import org.dkumonitor.core.process.ParentWatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dkm-agent}: this host's collector, run by the supervisor. */
@Command(name = "dkm-agent", mixinStandardHelpOptions = true, versionProvider = BundleVersion.class,
        description = "Collects this host's metrics in collectd's metric tree and sends them as"
                + " carbon plaintext. Configured by DATA_DIR/conf/agent.yaml.")
public final class AgentMain implements Callable<Integer> {

    /** USER_HZ: the unit of /proc/PID/stat CPU times on every Linux architecture we run on. */
    private static final long TICKS_PER_SECOND = 100;

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
        List<CarbonSender> senders = new ArrayList<>();
        for (AgentConfig.Destination d : config.destinations()) {
            Path spool = layout.spool().resolve(d.host().replace(':', '_') + "_" + d.port());
            senders.add(new CarbonSender(d.host(), d.port(), spool, CarbonSender.Settings
                    .defaults(config.spoolMaxMegabytes() * 1024L * 1024L)));
        }
        HostAgent agent = new HostAgent(prefix, collectors(config, ProcFiles.system()), senders,
                InstantSource.system());
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

    /** Every collector, in the order collectd's plugins are listed in its configuration. */
    static List<Collector> collectors(AgentConfig config, ProcFiles proc) {
        long pageSize = PageSize.of(proc);
        List<Collector> collectors = new ArrayList<>(List.of(
                new CpuCollector(proc),
                new MemoryCollector(proc),
                new DfCollector(proc, DfCollector::statvfs),
                new DiskCollector(proc),
                new InterfaceCollector(proc),
                new LoadCollector(proc),
                new ProcessesCollector(proc, config.processGroups(), pageSize, TICKS_PER_SECOND),
                new SwapCollector(proc, pageSize),
                new UptimeCollector(proc)));
        if (!config.files().isEmpty()) {
            collectors.add(new FilesCollector(FileSystems.getDefault(), config.fileGlobs()));
        }
        return collectors;
    }
}
