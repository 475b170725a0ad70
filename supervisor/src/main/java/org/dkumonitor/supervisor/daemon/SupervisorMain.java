package org.dkumonitor.supervisor.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.cli.BundleVersion;
import org.dkumonitor.core.cli.CommandLines;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.logging.Logs;
import org.dkumonitor.core.process.ParentWatch;
import org.dkumonitor.supervisor.Supervisor;
import org.dkumonitor.supervisor.config.Expansion;
import org.dkumonitor.supervisor.config.ProgramConfig;
import org.dkumonitor.supervisor.config.SupervisorConfig;
import org.dkumonitor.supervisor.control.ControlServer;
import org.dkumonitor.supervisor.program.RotatingLog;
import org.dkumonitor.supervisor.program.ZtExecSpawner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dkm-supervisor}: the supervisor daemon of one DATA_DIR. dkm starts it in the
 * background; it runs in the foreground itself, logging to stderr (dkm sends that to
 * {@code run/supervisor.log}). SIGTERM or {@code dkm shutdown} stops every program first.
 */
@Command(name = "dkm-supervisor", mixinStandardHelpOptions = true,
        versionProvider = BundleVersion.class,
        description = "Runs the programs of DATA_DIR/conf/supervisor.yaml and answers dkm on"
                + " DATA_DIR/run/supervisor.sock.")
public final class SupervisorMain implements Callable<Integer> {

    /** The bundle's directory; the launcher sets it. */
    public static final String HOME_VARIABLE = "DKM_HOME";
    public static final String DATA_DIR_VARIABLE = "DKM_DATA_DIR";
    private static final Logger LOG = Logger.getLogger(SupervisorMain.class.getName());
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(10);

    @Option(names = "--data-dir", required = true, paramLabel = "DATA_DIR",
            description = "The install's data directory.")
    private Path dataDir;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new SupervisorMain(), args));
    }

    @Override
    public Integer call() throws Exception {
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
        if (lock.previousPid().isPresent()) {
            new Leftovers(Path.of("/proc")).stop(lock.previousPid().getAsLong(), LEFTOVER_GRACE);
        }
        Supervisor supervisor = new Supervisor(config.programs(),
                program -> openLog(program, layout, variables), new ZtExecSpawner(variables),
                InstantSource.system(), ZoneId.systemDefault());
        long pid = ProcessHandle.current().pid();
        ControlServer control = new ControlServer(layout.supervisorSocket(),
                new ControlDispatcher(supervisor, () -> SupervisorConfig.load(
                        layout.confFile("supervisor.yaml")).programs(),
                        SupervisorMain::exitSoon, pid)::handle);
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
