package org.dkumonitor.installer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.Version;
import org.dkumonitor.core.cli.BundleVersion;
import org.dkumonitor.core.cli.CommandLines;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.layout.PortMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code installer}: makes a DATA_DIR that runs this bundle's server and agent. */
@Command(name = "installer", mixinStandardHelpOptions = true,
        versionProvider = BundleVersion.class,
        description = {"Installs dkumonitor into DATA_DIR: conf/, bin/, storage/, run/, static/.",
                "Then run DATA_DIR/bin/dkm start."},
        footer = {"", "Exit codes: 0 installed; 1 refused or failed (the message says why);"
                + " 2 bad flags."})
public final class InstallerCommand implements Callable<Integer> {

    static final String HOME_VARIABLE = "DKM_HOME";

    @Spec
    private CommandSpec spec;

    @Option(names = {"-d", "--directory"}, required = true, paramLabel = "DATA_DIR",
            description = "Where to install: configuration, data, logs.")
    private Path directory;

    @Option(names = {"-p", "--port"}, required = true, paramLabel = "PORT",
            description = "Low end of a range of 10 ports (1024..65525): PORT Grafana or the"
                    + " built-in UI, PORT+1 carbon, PORT+2 Graphite API, PORT+4 pickle,"
                    + " PORT+5 StatsD, PORT+6 HTTP ingest, PORT+7 stream.")
    private int port;

    @Option(names = {"-l", "--carbon-listen"}, paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address the carbon receivers listen on (default: ${DEFAULT-VALUE};"
                    + " 0.0.0.0 to accept agents of other hosts).")
    private String carbonListen;

    @Option(names = {"--api-listen", "--carbonapi-listen"}, paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "Address the Graphite API listens on (default: ${DEFAULT-VALUE}).")
    private String apiListen;

    @Option(names = "--hostname", paramLabel = "NAME", defaultValue = "",
            description = "Host name in the agent's metric paths (default: this host's fully"
                    + " qualified name, reversed).")
    private String hostname;

    @Option(names = "--carbon-server", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Where the agent sends its metrics (default: ${DEFAULT-VALUE}).")
    private String carbonServer;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new InstallerCommand(), args));
    }

    @Override
    public Integer call() throws IOException {
        PortMap ports = portMap(port);
        DataDir dataDir = new DataDir(directory);
        InstallRequest request = new InstallRequest(dataDir, ports, carbonListen, apiListen,
                hostname, carbonServer, bundleHome());
        Preflight.onThisHost().check(request, List.of(ports.carbonPlaintext(), ports.api()));

        PrintWriter out = spec.commandLine().getOut();
        InstallLog log = new InstallLog(out, dataDir.installLog(), InstantSource.system());
        log.info("Installing dkumonitor " + Version.current() + " from "
                + request.bundleHome() + " into " + dataDir.root());
        for (InstallStep step : InstallPlan.forRequest(request)) {
            log.info("  " + step.describe());
            step.apply();
        }
        log.info("Installed. Carbon plaintext listens on " + carbonListen + ":"
                + ports.carbonPlaintext() + ", the Graphite API on " + apiListen + ":"
                + ports.api() + ".");
        log.info("Start it with: " + dataDir.bin().resolve("dkm") + " start");
        return 0;
    }

    static PortMap portMap(int port) {
        if (port < PortMap.LOWEST_BASE || port > PortMap.HIGHEST_BASE) {
            throw new InstallRefusedException("port " + port + " is outside "
                    + PortMap.LOWEST_BASE + ".." + PortMap.HIGHEST_BASE
                    + ": the install takes the 10 ports from -p up; choose a base in that range");
        }
        return new PortMap(port);
    }

    private static Path bundleHome() {
        String home = System.getenv(HOME_VARIABLE);
        if (home == null || home.isBlank()) {
            throw new DkmException(HOME_VARIABLE + " is not set: run the installer through the"
                    + " bundle's ./installer launcher");
        }
        return Path.of(home).toAbsolutePath().normalize();
    }
}
