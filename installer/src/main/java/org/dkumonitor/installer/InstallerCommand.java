package org.dkumonitor.installer;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dkumonitor.cli.BundleVersion;
import org.dkumonitor.cli.CommandLines;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.Version;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.layout.PortMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code installer}: makes a DATA_DIR that runs this bundle's programs, or updates one. */
@Command(name = "installer", mixinStandardHelpOptions = true,
        versionProvider = BundleVersion.class, sortOptions = false,
        description = {"Installs dkumonitor into DATA_DIR: conf/, bin/, storage/, run/, static/.",
                "Then run DATA_DIR/bin/dkm start.",
                "",
                "Every check is made before anything is written: a refused install leaves"
                        + " DATA_DIR as it was. Running it twice with the same arguments is"
                        + " harmless: the second run refuses, or updates to the same bundle.",
                ""},
        footer = {"",
                "Update: installer -d DATA_DIR --update points bin/, static/ and the programs at"
                        + " this bundle; conf/ and storage/ are not touched. The bundle it ran"
                        + " before is recorded in run/install.properties (previous.bundle):"
                        + " PREVIOUS_BUNDLE/installer -d DATA_DIR --update goes back to it."
                        + " Restart the programs afterwards: DATA_DIR/bin/dkm stop, then start.",
                "",
                "Exit codes: 0 installed or updated; 1 refused or failed (the message says what"
                        + " to do); 2 bad flags."})
public final class InstallerCommand implements Callable<Integer> {

    static final String HOME_VARIABLE = "DKM_HOME";

    @Spec
    private CommandSpec spec;

    @Option(names = {"-d", "--directory"}, required = true, paramLabel = "DATA_DIR",
            description = "Where to install: configuration, data, logs.")
    private Path directory;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "Low end of a range of 10 ports (1024..65525), required for an"
                    + " install: PORT Grafana or the built-in UI, PORT+1 carbon plaintext (TCP"
                    + " and UDP), PORT+2 Graphite API, PORT+4 carbon pickle, PORT+5 StatsD (UDP"
                    + " and TCP: the agent's, or the server's where no agent runs), PORT+6 HTTP"
                    + " ingest (stats-service's event log, GottWall's API), PORT+7 GottWall's"
                    + " stream (TCP and UDP); PORT+3, +8 and +9 are reserved.")
    private Integer port;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", defaultValue = "all",
            description = "What runs here (default: ${DEFAULT-VALUE}): all = server, agent and"
                    + " Grafana; server = server and Grafana; agent; backend = server;"
                    + " frontend = Grafana only, reading --carbon-server; backend-agent ="
                    + " server and agent; relay = a server that stores nothing and forwards"
                    + " to --relay-to. Grafana runs when a Grafana is available.")
    private String type;

    @Option(names = {"-u", "--update"},
            description = "Update the install in DATA_DIR to this bundle; takes no other option.")
    private boolean update;

    @Option(names = {"-l", "--carbon-listen"}, paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address the carbon and StatsD receivers listen on (default:"
                    + " ${DEFAULT-VALUE}; 0.0.0.0 to accept agents and StatsD clients of other"
                    + " hosts).")
    private String carbonListen;

    @Option(names = {"--api-listen", "--carbonapi-listen"}, paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "Address the Graphite API and Grafana listen on (default:"
                    + " ${DEFAULT-VALUE}; 0.0.0.0 to open them to other hosts).")
    private String apiListen;

    @Option(names = "--ingest-listen", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address the HTTP ingest (PORT+6: stats-service's event log,"
                    + " GottWall) listens on (default: ${DEFAULT-VALUE}; 0.0.0.0 to accept"
                    + " applications on other hosts).")
    private String ingestListen;

    @Option(names = "--carbon-server", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Where an agent sends its metrics and where a frontend's Grafana"
                    + " reads them (default: ${DEFAULT-VALUE}).")
    private String carbonServer;

    @Option(names = "--hostname", paramLabel = "NAME", defaultValue = "",
            description = "Host name in the agent's metric paths (default: this host's fully"
                    + " qualified name, reversed).")
    private String hostname;

    @Option(names = "--relay-to", split = ",", paramLabel = "HOST:PORT[:INSTANCE]",
            description = "With -t relay: the storage nodes' carbon receivers (PORT+1 of their"
                    + " installs), comma-separated; each point goes where carbon's"
                    + " consistent-hash ring (carbon_ch) places it. Nodes on one host need"
                    + " distinct instances.")
    private List<String> relayTo = new ArrayList<>();

    @Option(names = "--cluster-servers", split = ",", paramLabel = "HOST:PORT",
            description = "Make the server a cluster front end over these Graphite APIs (PORT+2"
                    + " of the storage nodes' installs), comma-separated: render, find and the"
                    + " tags ask them all and merge.")
    private List<String> clusterServers = new ArrayList<>();

    @Option(names = "--grafana-home", paramLabel = "DIR",
            description = "Run the Grafana release unpacked in DIR (default: the bundle's own,"
                    + " when it was packaged with one).")
    private Path grafanaHome;

    @Option(names = "--system-grafana",
            description = "Run the grafana (or grafana-server) found on PATH.")
    private boolean systemGrafana;

    @Option(names = "--clickhouse", paramLabel = "URL[,URL...]|local",
            description = "Store points in ClickHouse (carbon-clickhouse's tables) at these HTTP"
                    + " URLs (equivalent servers: replicas, or shards with Distributed tables),"
                    + " or in a ClickHouse the supervisor runs here: local (Debian's"
                    + " clickhouse-server on PORT+8 and PORT+9, loopback). Default: whisper"
                    + " files.")
    private String clickhouse;

    @Option(names = "--clickhouse-server-bin", paramLabel = "PATH",
            description = "The clickhouse-server that --clickhouse local runs (default: found"
                    + " on PATH, else /usr/sbin/clickhouse-server).")
    private Path clickhouseServerBin;

    @Option(names = "--clickhouse-credentials", paramLabel = "FILE",
            description = "A file of user=NAME and password=SECRET lines for --clickhouse URLs;"
                    + " copied to conf/clickhouse.credentials, mode 0600.")
    private Path clickhouseCredentials;

    @Option(names = "--dual-write",
            description = "With --clickhouse: keep writing whisper files too, while moving"
                    + " over (dkmadmin clickhouse import copies the old ones).")
    private boolean dualWrite;

    private final Map<String, String> environment;
    private final Preflight preflight;
    private final Secrets secrets;
    private final InstantSource clock;
    private final ZoneId zone;

    InstallerCommand(Map<String, String> environment, Preflight preflight, Secrets secrets,
            InstantSource clock, ZoneId zone) {
        this.environment = Map.copyOf(environment);
        this.preflight = preflight;
        this.secrets = secrets;
        this.clock = clock;
        this.zone = zone;
    }

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new InstallerCommand(System.getenv(),
                Preflight.onThisHost(), Secrets.secure(), InstantSource.system(),
                ZoneId.systemDefault()), args));
    }

    @Override
    public Integer call() throws IOException {
        return update ? update() : install();
    }

    private int install() throws IOException {
        if (port == null) {
            throw new InstallRefusedException("-p PORT is required for an install: the low end"
                    + " of a free range of 10 ports, e.g. -p 15000 (or add --update to update)");
        }
        InstallType installType = InstallType.fromCli(type);
        PortMap ports = portMap(port);
        DataDir dataDir = new DataDir(directory);
        Path bundle = bundleHome();
        InstallRequest request = new InstallRequest(dataDir, installType, ports, carbonListen,
                apiListen, hostname, carbonServer, bundle, grafana(installType, bundle),
                ingestListen, relayTo, clusterServers, ClickHouseInstall.of(clickhouse,
                        clickhouseServerBin, clickhouseCredentials, dualWrite, installType,
                        environment));
        preflight.check(request);

        InstallPlan.GrafanaSecrets drawn = new InstallPlan.GrafanaSecrets(secrets.next(),
                secrets.next(), secrets.next());
        String version = Version.current();
        InstallLog log = new InstallLog(spec.commandLine().getOut(), dataDir.installLog(), clock,
                zone);
        log.info("Installing dkumonitor " + version + " (type " + installType.cliName()
                + ") from " + bundle + " into " + dataDir.root());
        List<Path> made = new ArrayList<>(List.of(dataDir.root()));
        made.addAll(dataDir.topLevelDirectories());
        InstallPlan.GottwallKeys gottwall = new InstallPlan.GottwallKeys(
                secrets.next() + secrets.next(), secrets.next());
        new StepRunner(log).run(InstallPlan.forRequest(request, drawn, gottwall, version), made);
        summary(log, request, drawn);
        return 0;
    }

    private int update() throws IOException {
        refuseOptionsUpdateDoesNotTake();
        DataDir dataDir = new DataDir(directory);
        InstallRecord installed = Preflight.checkUpdate(dataDir);
        Path bundle = bundleHome();
        switch (installed.grafana()) {
            case InstallRecord.NO_GRAFANA -> {
            }
            case GrafanaHome.BUNDLED -> GrafanaHome.bundled(bundle)
                    .orElseThrow(() -> new InstallRefusedException(dataDir.root() + " runs the"
                            + " bundle's Grafana but " + bundle + " has none; update with a"
                            + " bundle made by make-package --grafana"));
            default -> GrafanaHome.given(Path.of(installed.grafana()));
        }
        String version = Version.current();
        InstallRecord updated = installed.updatedTo(version, bundle);
        List<InstallStep> steps = new ArrayList<>(InstallPlan.bundleSteps(dataDir, bundle));
        steps.add(new InstallStep.WriteFile(dataDir.run().resolve(InstallRecord.FILE_NAME),
                updated.format(), InstallStep.Mode.PLAIN));

        InstallLog log = new InstallLog(spec.commandLine().getOut(), dataDir.installLog(), clock,
                zone);
        log.info("Updating " + dataDir.root() + " (type " + installed.type().cliName() + ") from"
                + " dkumonitor " + installed.version() + " in " + installed.bundle() + " to "
                + version + " in " + bundle + "; conf/ and storage/ are left as they are");
        for (InstallStep step : steps) {
            log.info("  " + step.describe());
            step.apply();
        }
        log.info("Updated. Restart the programs on the new bundle: "
                + dataDir.bin().resolve("dkm") + " stop, then " + dataDir.bin().resolve("dkm")
                + " start");
        if (!updated.previousBundle().isEmpty()) {
            log.info("To go back to " + updated.previousVersion() + ": "
                    + Path.of(updated.previousBundle()).resolve("installer") + " -d "
                    + dataDir.root() + " --update");
        }
        return 0;
    }

    private void refuseOptionsUpdateDoesNotTake() {
        ParseResult parsed = spec.commandLine().getParseResult();
        for (String option : List.of("--port", "--type", "--carbon-listen", "--api-listen",
                "--ingest-listen", "--carbon-server", "--hostname", "--grafana-home",
                "--system-grafana", "--relay-to", "--cluster-servers", "--clickhouse",
                "--clickhouse-server-bin", "--clickhouse-credentials", "--dual-write")) {
            if (parsed.hasMatchedOption(option)) {
                throw new InstallRefusedException("--update takes no " + option + ": an update"
                        + " keeps the install's type, ports, addresses and Grafana (edit conf/ to"
                        + " change them); run it with -d and --update only");
            }
        }
    }

    private Optional<GrafanaHome> grafana(InstallType installType, Path bundle) {
        if (grafanaHome != null && systemGrafana) {
            throw new InstallRefusedException("--grafana-home and --system-grafana name two"
                    + " Grafanas; keep one of them");
        }
        if ((grafanaHome != null || systemGrafana) && !installType.runsGrafana()) {
            throw new InstallRefusedException("type " + installType.cliName() + " runs no"
                    + " Grafana; drop " + (systemGrafana ? "--system-grafana" : "--grafana-home")
                    + " or choose type all, server or frontend");
        }
        Optional<GrafanaHome> found;
        if (grafanaHome != null) {
            found = Optional.of(GrafanaHome.given(grafanaHome));
        } else if (systemGrafana) {
            found = Optional.of(GrafanaHome.onPath(FileSystems.getDefault(),
                    environment.get("PATH")));
        } else {
            found = installType.runsGrafana() ? GrafanaHome.bundled(bundle) : Optional.empty();
        }
        if (found.isEmpty() && installType.needsGrafana()) {
            throw new InstallRefusedException("type frontend runs Grafana only, and no Grafana"
                    + " is available: pass --grafana-home DIR or --system-grafana, or use a"
                    + " bundle made by make-package --grafana");
        }
        return found;
    }

    private static void summary(InstallLog log, InstallRequest request,
            InstallPlan.GrafanaSecrets drawn) {
        DataDir dataDir = request.dataDir();
        PortMap ports = request.ports();
        log.info("Installed. What runs, and where it listens:");
        String statsd = "StatsD " + request.carbonListen() + ":" + ports.statsd()
                + " (UDP and TCP)";
        if (request.type().runsServer()) {
            log.info("  server   carbon plaintext " + request.carbonListen() + ":"
                    + ports.carbonPlaintext() + " (TCP and UDP), carbon pickle "
                    + request.carbonListen() + ":" + ports.carbonPickle() + " (TCP), Graphite"
                    + " API " + request.apiListen() + ":" + ports.api() + " (built-in UI at"
                    + " /ui/), HTTP ingest " + request.ingestListen() + ":"
                    + ports.httpIngest() + (request.type().runsAgent() ? "" : ", " + statsd)
                    + " (GottWall under /gottwall, its stream on " + ports.stream()
                    + "; add a project with dkmadmin gottwall project add NAME)");
        }
        if (!request.relayTo().isEmpty()) {
            log.info("  relay    stores nothing: forwards every point to " + request.relayTo()
                    + " by carbon_ch");
        }
        if (!request.clusterServers().isEmpty()) {
            log.info("  cluster  front end over " + request.clusterServers()
                    + (request.type().storesMetrics() ? " and this server's own store" : ""));
        }
        request.clickhouse().ifPresent(clickhouse -> log.info("  storage  ClickHouse "
                + (clickhouse.local() ? "run here (" + clickhouse.serverBinary() + ") on"
                        + " 127.0.0.1:" + ports.clickhouseHttp() + " (HTTP) and "
                        + ports.clickhouseNative() + ", data in " + dataDir.storage()
                        .resolve("clickhouse") : "at " + String.join(", ", clickhouse.urls())
                        + "; create its tables: " + dataDir.bin().resolve("dkmadmin")
                        + " clickhouse init")
                + (clickhouse.dualWrite() ? "; whisper files written too" : "")));
        if (request.servesUiOnGrafanaPort()) {
            log.info("  ui       built-in dashboards " + request.apiListen() + ":"
                    + ports.grafana() + " (no Grafana on this install; the server answers)");
        }
        if (request.type().runsAgent()) {
            boolean nowhere = !request.type().runsServer()
                    && List.of("127.0.0.1", "localhost", "::1").contains(request.carbonServer());
            log.info("  agent    sends this host's metrics to " + request.carbonServer() + ":"
                    + ports.carbonPlaintext() + (nowhere ? " (no server runs here: reinstall"
                    + " with --carbon-server HOST, or edit conf/agent.yaml)" : "") + "; "
                    + statsd + " for this host's applications");
        }
        request.grafana().ifPresent(grafana -> log.info("  grafana  " + request.apiListen()
                + ":" + ports.grafana() + " (" + grafana.home() + "), user admin, password in "
                + new GrafanaFiles(dataDir).adminPassword() + "; reads the Graphite API at "
                + request.apiHostForClients() + ":" + ports.api()));
        if (request.grafana().isPresent()) {
            log.terminalOnly("Grafana admin password (shown this once): "
                    + drawn.adminPassword());
        }
        log.info("Logs: " + dataDir.run() + "/<program>.log and supervisor.log; this install: "
                + dataDir.installLog());
        log.info("Next: " + dataDir.bin().resolve("dkm") + " start");
    }

    static PortMap portMap(int port) {
        if (port < PortMap.LOWEST_BASE || port > PortMap.HIGHEST_BASE) {
            throw new InstallRefusedException("port " + port + " is outside "
                    + PortMap.LOWEST_BASE + ".." + PortMap.HIGHEST_BASE
                    + ": the install takes the 10 ports from -p up; choose a base in that range");
        }
        return new PortMap(port);
    }

    private Path bundleHome() {
        String home = environment.get(HOME_VARIABLE);
        if (home == null || home.isBlank()) {
            throw new DkmException(HOME_VARIABLE + " is not set: run the installer through the"
                    + " bundle's ./installer launcher");
        }
        return Path.of(home).toAbsolutePath().normalize();
    }
}
