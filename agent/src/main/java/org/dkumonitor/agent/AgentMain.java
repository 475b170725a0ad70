package org.dkumonitor.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
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
import org.dkumonitor.agent.statsd.StatsdToSenders;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.carbon.CarbonSender;
import org.dkumonitor.core.cli.DaemonArguments;
import org.dkumonitor.core.cli.ExitCodes;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.tap.TapOnRequest;
import org.dkumonitor.statsd.MillisClock;
import org.dkumonitor.statsd.StatsdConfig;
import org.dkumonitor.statsd.StatsdService;

/**
 * {@code dkm-agent --data-dir DATA_DIR}: this host's collector, run by the supervisor.
 *
 * <p>Its flags are read by core's {@link DaemonArguments} rather than with picocli, as the other
 * commands are: the agent runs for ever on every monitored host, and picocli's model
 * (annotations read by reflection, about 170 classes of its own) stays loaded for the life of
 * the process (issue 6). The messages are picocli's, the exit codes core's {@link ExitCodes}.
 */
public final class AgentMain {

    static final String NAME = "dkm-agent";
    /** The program's name in supervisor.yaml, which names its files in run/. */
    static final String NAME_IN_SUPERVISOR = "agent";

    /** USER_HZ: the unit of /proc/PID/stat CPU times on every Linux architecture we run on. */
    private static final long TICKS_PER_SECOND = 100;
    /** The flag bin/dkm-agent passes for the run that makes the AOT cache; see {@link #train}. */
    static final String AOT_TRAINING = "--aot-training";

    private static final String USAGE = """
            Usage: dkm-agent [-hV] --data-dir=DATA_DIR
            Collects this host's metrics in collectd's metric tree and sends them as carbon
            plaintext. Configured by DATA_DIR/conf/agent.yaml.
                  --data-dir=DATA_DIR   The install's data directory.
              -h, --help                Show this help message and exit.
              -V, --version             Print version information and exit.
            """;

    private AgentMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the agent until the JVM stops; returns at once, with the exit code, for --help,
     * --version, bad flags ({@link ExitCodes#USAGE_ERROR}) and a config that cannot be used
     * ({@link ExitCodes#USER_ERROR}, the message on {@code err}).
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        DaemonArguments arguments;
        try {
            arguments = DaemonArguments.parse(args, AOT_TRAINING);
        } catch (DaemonArguments.UsageException e) {
            return e.print(err, NAME);
        }
        if (arguments.printedHelpOrVersion(out, NAME, USAGE)) {
            return 0;
        }
        Path dataDir = arguments.dataDir();
        try {
            if (arguments.has(AOT_TRAINING)) {
                DataDir layout = new DataDir(dataDir);
                train(AgentConfigFile.load(layout.confFile("agent.yaml")),
                        layout.run().resolve("agent-training-spool"));
                return 0;
            }
            return runAgent(dataDir);
        } catch (DkmException e) {
            err.println(NAME + ": " + e.getMessage());
            err.flush();
            return ExitCodes.USER_ERROR;
        } catch (IOException e) {
            err.println(NAME + ": " + e.getMessage());
            return ExitCodes.USER_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.USER_ERROR;
        }
    }

    /**
     * {@code --aot-training} (not in --help: bin/dkm-agent passes it): the run during which the
     * JVM records what goes into the agent's AOT cache. It does what the agent does at start and
     * in its first rounds, with the install's agent.yaml: three rounds of every collector one
     * second apart, sent by a {@link CarbonSender} to a loopback socket of its own (which never
     * reads) with a spool of its own ({@code run/agent-training-spool}, removed at the end),
     * then a normal stop. Nothing leaves the host and the install's spool is not touched. With
     * StatsD it also serves StatsD, so that its classes come from the cache too rather than from
     * the runtime's modules. Not the tap socket: it opens only when somebody taps, and its
     * classes (the JDK's security providers, which a Unix-domain socket brings) would be
     * resident in every agent if the cache held them.
     */
    static void train(AgentConfig config, Path spool) throws IOException, InterruptedException {
        Files.createDirectories(spool);
        try (ServerSocket sink = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CarbonSender sender = new CarbonSender("127.0.0.1", sink.getLocalPort(), spool,
                    CarbonSender.Settings.defaults(1024 * 1024), AgentLog.of(CarbonSender.class));
            HostAgent agent = new HostAgent("training." + HostName.resolve(config.hostname()),
                    collectors(config, ProcFiles.system()), List.of(sender),
                    InstantSource.system(), new HeapKeeper(HeapKeeper.RUNTIME));
            agent.start(1);
            StatsdService statsd = config.statsd() == null ? null : trainStatsd(config, sender);
            Thread.sleep(2_500);
            if (statsd != null) {
                statsd.close();
            }
            agent.close();
        } finally {
            if (Files.isDirectory(spool)) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(spool)) {
                    for (Path file : files) {
                        Files.deleteIfExists(file);
                    }
                }
            }
            Files.deleteIfExists(spool);
        }
    }

    /** StatsD on a free loopback port, fed a few lines of each type, flushed to the sink. */
    private static StatsdService trainStatsd(AgentConfig config, CarbonSender sender)
            throws IOException {
        StatsdConfig own = config.statsd();
        StatsdConfig training = new StatsdConfig("127.0.0.1", 0, true, true, 4, 5, null, null,
                1, 1, own.naming(), own.legacyNamespace(), null, null, null, null, null, null,
                null, null, own.percentThreshold(), own.histogram(), null, null, null, null,
                null, null, null, null);
        StatsdService statsd = StatsdService.start(training,
                new StatsdToSenders(List.of(sender)), MillisClock.SYSTEM, StatsdToSenders.log(),
                "agent");
        byte[] lines = ("training.c:1|c\ntraining.t:12|ms|@0.5\ntraining.g:+3|g\n"
                + "training.s:a|s\ntraining.tagged:1|c|#k:v").getBytes(StandardCharsets.UTF_8);
        try (java.net.DatagramSocket udp = new java.net.DatagramSocket()) {
            for (int i = 0; i < 50; i++) {
                udp.send(new java.net.DatagramPacket(lines, lines.length,
                        InetAddress.getLoopbackAddress(), statsd.port()));
            }
        }
        try (java.net.Socket tcp = new java.net.Socket(InetAddress.getLoopbackAddress(),
                statsd.port())) {
            tcp.getOutputStream().write(lines);
            tcp.getOutputStream().write('\n');
        }
        return statsd;
    }

    /**
     * {@code run/agent.sock}, where {@code dkmadmin tap statsd} reads the StatsD lines
     * received, opened after the first collection round that finds {@code dkmadmin tap}'s
     * request ({@link TapOnRequest}); none without StatsD, or when the socket cannot be made
     * (logged; the next request tries again).
     */
    private static TapOnRequest tapOnRequest(DataDir layout, StatsdService statsd,
            HostAgent agent) {
        if (statsd == null) {
            return null;
        }
        AgentLog log = AgentLog.of(AgentMain.class);
        TapOnRequest tap;
        try {
            tap = new TapOnRequest(layout.tapSocket(NAME_IN_SUPERVISOR),
                    layout.tapRequest(NAME_IN_SUPERVISOR), List.of(statsd.tap()));
        } catch (IOException | RuntimeException e) {
            log.warning("no tap socket (dkmadmin tap): " + e);
            return null;
        }
        agent.afterEachRound(new Runnable() {
            @Override
            public void run() {
                try {
                    if (tap.openIfRequested()) {
                        log.info("tap socket opened for dkmadmin tap: "
                                + layout.tapSocket(NAME_IN_SUPERVISOR));
                    }
                } catch (IOException | RuntimeException e) {
                    log.warning("cannot open the tap socket (dkmadmin tap): " + e);
                }
            }
        });
        return tap;
    }

    private static int runAgent(Path dataDir) throws InterruptedException, IOException {
        DataDir layout = new DataDir(dataDir);
        AgentConfig config = AgentConfigFile.load(layout.confFile("agent.yaml"));
        String host = HostName.resolve(config.hostname());
        String prefix = config.prefix().isEmpty() ? host : config.prefix() + "." + host;
        List<CarbonSender> senders = new ArrayList<>();
        for (AgentConfig.Destination d : config.destinations()) {
            Path spool = layout.spool().resolve(d.host().replace(':', '_') + "_" + d.port());
            senders.add(new CarbonSender(d.host(), d.port(), spool, CarbonSender.Settings
                    .defaults(config.spoolMaxMegabytes() * 1024L * 1024L),
                    AgentLog.of(CarbonSender.class)));
        }
        HostAgent agent = new HostAgent(prefix, collectors(config, ProcFiles.system()), senders,
                InstantSource.system(), new HeapKeeper(HeapKeeper.RUNTIME));
        agent.startSenders();
        StatsdService statsd = null;
        if (config.statsd() != null) {
            try {
                statsd = StatsdService.start(config.statsd(), new StatsdToSenders(senders),
                        MillisClock.SYSTEM, StatsdToSenders.log(), "agent");
            } catch (IOException | RuntimeException e) {
                agent.close();
                throw e;
            }
        }
        TapOnRequest tap = tapOnRequest(layout, statsd, agent);
        StatsdService stopFirst = statsd;
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            @Override
            public void run() {
                if (stopFirst != null) {
                    stopFirst.close();
                }
                if (tap != null) {
                    try {
                        tap.close();
                    } catch (IOException e) {
                        // the socket file is left; the next start replaces it
                    }
                }
                agent.close();
            }
        }, "shutdown"));
        SupervisorWatch.Liveness supervisor = SupervisorWatch.watch(
                System.getenv(SupervisorWatch.ENV), ProcFiles.system());
        // the rounds (and the supervisor's watch) run here until the shutdown hook ends them or
        // the supervisor is gone: no thread of their own
        if (!agent.run(config.intervalSeconds(), supervisor)) {
            SupervisorWatch.logGone(supervisor);
        }
        return 0;
    }

    /** Every collector, in the order collectd's plugins are listed in its configuration. */
    static List<Collector> collectors(AgentConfig config, ProcFiles proc) {
        long pageSize = PageSize.of(proc);
        List<Collector> collectors = new ArrayList<>(List.of(
                new CpuCollector(proc),
                new MemoryCollector(proc),
                new DfCollector(proc, DfCollector.STATVFS),
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
