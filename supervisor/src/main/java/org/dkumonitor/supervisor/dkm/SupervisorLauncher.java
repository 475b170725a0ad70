package org.dkumonitor.supervisor.dkm;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.supervisor.control.ControlClient;
import org.dkumonitor.supervisor.control.ControlClient.NotRunningException;
import org.dkumonitor.supervisor.control.ControlRequest;
import org.dkumonitor.supervisor.control.ControlResponse;

/**
 * Starts the supervisor as a background daemon: in a session of its own (setsid) so that the
 * terminal's hangup does not reach it, stdin from /dev/null, stdout and stderr appended to
 * {@code run/supervisor.log}; then waits until its control socket answers.
 */
final class SupervisorLauncher {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final DataDir dataDir;
    private final Path home;

    SupervisorLauncher(DataDir dataDir, Path home) {
        this.dataDir = dataDir;
        this.home = home;
    }

    static Path homeFromEnvironment() {
        String home = System.getenv(DkmCommand.HOME_VARIABLE);
        if (home == null || home.isBlank()) {
            throw new DkmException(DkmCommand.HOME_VARIABLE + " is not set: run dkm through"
                    + " DATA_DIR/bin/dkm, which sets it");
        }
        return Path.of(home);
    }

    /** Launches the daemon and returns its answer to a first status request. */
    ControlResponse launch(PrintWriter out) throws IOException, InterruptedException {
        Files.createDirectories(dataDir.run());
        Path executable = home.resolve("bin").resolve("dkm-supervisor");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(executable.toString());
        command.add("--data-dir");
        command.add(dataDir.root().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.supervisorLog().toFile()))
                .redirectErrorStream(true)
                .directory(dataDir.root().toFile());
        builder.environment().put(DkmCommand.HOME_VARIABLE, home.toString());
        builder.environment().put(DkmCommand.DATA_DIR_VARIABLE, dataDir.root().toString());
        out.println("Starting the supervisor (log: " + dataDir.supervisorLog() + ")");
        out.flush();
        Process process = builder.start();
        ControlClient client = new ControlClient(dataDir.supervisorSocket());
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            try {
                return client.send(new ControlRequest("status", List.of()));
            } catch (NotRunningException e) {
                // setsid forks, so the launched process may exit at once: watch the log instead
                if (!process.isAlive() && process.exitValue() != 0) {
                    throw failed("exited with code " + process.exitValue());
                }
                Thread.sleep(100);
            }
        }
        throw failed("did not answer within " + READY_TIMEOUT.toSeconds() + " s");
    }

    private DkmException failed(String why) {
        return new DkmException("the supervisor " + why + "; last lines of "
                + dataDir.supervisorLog() + ":\n" + tail(dataDir.supervisorLog(), 10));
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read: " + e.getMessage() + ")";
        }
    }
}
