package org.dkumonitor.supervisor.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.cli.DaemonArguments;
import org.dkumonitor.core.cli.ExitCodes;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.logging.Logs;
import org.dkumonitor.core.process.ParentWatch;
import org.dkumonitor.supervisor.Supervisor;
import org.dkumonitor.supervisor.config.Expansion;
import org.dkumonitor.supervisor.config.ProgramConfig;
import org.dkumonitor.supervisor.config.SupervisorConfig;
import org.dkumonitor.supervisor.control.ControlServer;
import org.dkumonitor.supervisor.program.ProcessSpawner;
import org.dkumonitor.supervisor.program.RotatingLog;

/**
 * {@code dkm-supervisor}: the supervisor daemon of one DATA_DIR. dkm starts it in the
 * background; it runs in the foreground itself, logging to stderr (dkm sends that to
 * {@code run/supervisor.log}). SIGTERM or {@code dkm shutdown} stops every program first.
 *
 * <p>Its one option is read by core's {@link DaemonArguments}, not by picocli: the daemon lives as
 * long as the install runs, and a command-line library's classes would stay loaded all that
 * time.
 */
public final class SupervisorMain {

    /** The bundle's directory; the launcher sets it. */
    public static final String HOME_VARIABLE = "DKM_HOME";
    public static final String DATA_DIR_VARIABLE = "DKM_DATA_DIR";
    private static final Logger LOG = Logger.getLogger(SupervisorMain.class.getName());
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(10);

    private static final String NAME = "dkm-supervisor";
    static final String USAGE = """
            Usage: dkm-supervisor --data-dir DATA_DIR
            Runs the programs of DATA_DIR/conf/supervisor.yaml and answers dkm on
            DATA_DIR/run/supervisor.sock. Started by 'dkm start'.
              --data-dir DATA_DIR   the install's data directory
              -h, --help            show this help and exit
              -V, --version         print the version and exit""";

    private final Path dataDir;

    private SupervisorMain(Path dataDir) {
        this.dataDir = dataDir;
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        DaemonArguments arguments;
        try {
            arguments = DaemonArguments.parse(args);
        } catch (DaemonArguments.UsageException e) {
            System.exit(e.print(System.err, NAME));
            return;
        }
        if (arguments.printedHelpOrVersion(System.out, NAME, USAGE)) {
            System.exit(0);
            return;
        }
        try {
            System.exit(new SupervisorMain(arguments.dataDir()).run());
        } catch (DkmException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.exit(ExitCodes.USER_ERROR);
        }
    }

    private int run() throws InterruptedException, IOException {
        Logs.toStderr(Level.INFO);
        DataDir layout = new DataDir(dataDir);
        SupervisorConfig config = SupervisorConfig.load(layout.confFile("supervisor.yaml"));
        String home = System.getenv(HOME_VARIABLE);
        if (home == null || home.isBlank()) {
            throw new DkmException(HOME_VARIABLE + " is not set; start the supervisor with "
                    + layout.bin().resolve("dkm") + " start");
        }
        // ParentWatch.ENV lets a program that clears its environment (Grafana's env -i) keep
        // the mark by which a later supervisor finds what this one left running
        Map<String, String> variables = Map.of(HOME_VARIABLE, home,
                DATA_DIR_VARIABLE, layout.root().toString(),
                ParentWatch.ENV, Long.toString(ProcessHandle.current().pid()));

        SupervisorLock lock = SupervisorLock.acquire(layout);
        RotatingLog ownLog = logToOwnFile(layout, config);
        if (lock.previousPid().isPresent()) {
            new Leftovers(Path.of("/proc")).stop(lock.previousPid().getAsLong(), LEFTOVER_GRACE);
        }
        Supervisor supervisor = new Supervisor(config.programs(),
                program -> openLog(program, layout, variables),
                new ProcessSpawner(variables, layout.run()), InstantSource.system(),
                ZoneId.systemDefault());
        long pid = ProcessHandle.current().pid();
        ControlServer control = new ControlServer(layout.supervisorSocket(),
                new ControlDispatcher(supervisor, () -> SupervisorConfig.load(
                        layout.confFile("supervisor.yaml")).programs(),
                        SupervisorMain::exitSoon, pid, List.of(ownLog))::handle);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping every program");
            supervisor.stopAll();
            supervisor.close();
            closeQuietly(control, lock);
            LOG.info("supervisor " + pid + " stopped");
            stopped.countDown();
        }, "shutdown"));
        control.start();
        LOG.info("supervisor " + pid + " started for " + layout.root());
        supervisor.startAutostart();
        new DkmAotCache(Path.of(home), layout.root(), layout.run().resolve("dkm.aot"))
                .refreshInBackground();
        stopped.await();
        return 0;
    }

    /**
     * From here on the supervisor writes {@code run/supervisor.log} itself, rotated by size as
     * supervisord rotates its own log. dkm still points the daemon's stdout and stderr at the
     * file (in append mode) for what the JVM itself prints before this or on a crash.
     */
    private static RotatingLog logToOwnFile(DataDir layout, SupervisorConfig config)
            throws IOException {
        RotatingLog log = new RotatingLog(layout.supervisorLog(), config.logfileMaxbytes(),
                config.logfileBackups());
        Logs.to(log, Level.INFO);
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        return log;
    }

    private static RotatingLog openLog(ProgramConfig program, DataDir layout,
            Map<String, String> variables) {
        Path file = program.stdoutLogfile() == null ? layout.programLog(program.name())
                : Path.of(Expansion.expand(program.stdoutLogfile(), variables));
        try {
            return new RotatingLog(file, program.stdoutLogfileMaxbytes(),
                    program.stdoutLogfileBackups());
        } catch (IOException e) {
            throw new DkmException("cannot open the log of " + program.name() + " at " + file
                    + ": " + e.getMessage(), e);
        }
    }

    /** Exits after the reply to shutdown has gone out; the shutdown hook stops the programs. */
    private static void exitSoon() {
        Thread.ofPlatform().name("exit").start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.exit(0);
        });
    }

    private static void closeQuietly(ControlServer control, SupervisorLock lock) {
        try {
            control.close();
            lock.close();
        } catch (IOException e) {
            LOG.warning("cleanup at shutdown failed: " + e.getMessage());
        }
    }
}
