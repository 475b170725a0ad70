package org.dkumonitor.installer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dkumonitor.core.layout.DataDir;

/**
 * The steps of a fresh install, in order: the layout's directories, the configuration of the
 * type's programs (and only theirs), the supervisor's program list, Grafana's files and
 * secrets, the env file, the links into the bundle and the install record.
 */
final class InstallPlan {

    static final List<String> LAUNCHERS = List.of("dkm", "dkmadmin");
    /** Where the bundle keeps the built-in UI's assets, served when there is no Grafana. */
    static final String BUILT_IN_UI = "ui";

    private InstallPlan() {
    }

    /** The secrets drawn for one install; printed once, never logged. */
    record GrafanaSecrets(String adminPassword, String secretKey) {
    }

    /** GottWall's private key and the public key of the project {@code default}. */
    record GottwallKeys(String privateKey, String defaultProjectKey) {
    }

    static List<InstallStep> forRequest(InstallRequest request, GrafanaSecrets secrets,
            GottwallKeys gottwall, String version) {
        DataDir dataDir = request.dataDir();
        InstallType type = request.type();
        List<InstallStep> steps = new ArrayList<>();
        steps.add(new InstallStep.CreateDirectory(dataDir.root()));
        for (Path directory : dataDir.topLevelDirectories()) {
            if (!directory.equals(dataDir.staticAssets())) {
                steps.add(new InstallStep.CreateDirectory(directory));
            }
        }
        if (type.storesMetrics()) {
            steps.add(new InstallStep.CreateDirectory(dataDir.whisper()));
        }
        if (type.runsAgent()) {
            steps.add(new InstallStep.CreateDirectory(dataDir.spool()));
        }
        GrafanaFiles grafanaFiles = new GrafanaFiles(dataDir);
        if (request.runsGrafana()) {
            grafanaFiles.directories().forEach(d -> steps.add(new InstallStep.CreateDirectory(d)));
        }

        Map<String, String> values = values(request, false);
        if (type.runsServer()) {
            Map<String, String> withKeys = new HashMap<>(values);
            withKeys.put("GOTTWALL_PRIVATE_KEY", gottwall.privateKey());
            withKeys.put("GOTTWALL_DEFAULT_KEY", gottwall.defaultProjectKey());
            withKeys.put("STREAM_PORT", Integer.toString(request.ports().stream()));
            // server.yaml holds GottWall's private key
            steps.add(new InstallStep.WriteFile(dataDir.confFile("server.yaml"),
                    Templates.render("conf/server.yaml", withKeys), InstallStep.Mode.SECRET));
            for (String conf : type.storesMetrics() ? List.of("storage-schemas.conf",
                    "storage-aggregation.conf") : List.<String>of()) {
                steps.add(plain(dataDir.confFile(conf), Templates.render("conf/" + conf, values)));
            }
            // the built-in UI's own dashboards: the shipped ones serve from the bundle, so that
            // an update brings their new versions; the user's go here
            steps.add(new InstallStep.CreateDirectory(dataDir.conf().resolve("dashboards")));
            steps.add(plain(dataDir.conf().resolve("dashboards/README"),
                    Templates.read("conf/dashboards/README")));
        }
        if (type.runsAgent()) {
            steps.add(plain(dataDir.confFile("agent.yaml"),
                    Templates.render("conf/agent.yaml", values(request, true))));
        }
        if (request.runsGrafana()) {
            steps.add(new InstallStep.WriteFile(grafanaFiles.adminPassword(),
                    secrets.adminPassword(), InstallStep.Mode.SECRET));
            steps.add(new InstallStep.WriteFile(grafanaFiles.ini(),
                    grafanaFiles.ini(request, secrets.secretKey()), InstallStep.Mode.SECRET));
            steps.add(plain(grafanaFiles.provisioning().resolve("datasources/graphite.yaml"),
                    grafanaFiles.datasource(request)));
            steps.add(plain(grafanaFiles.provisioning().resolve("dashboards/dkumonitor.yaml"),
                    grafanaFiles.dashboardProvider()));
            for (String dashboard : GrafanaFiles.DASHBOARDS) {
                steps.add(plain(grafanaFiles.dashboards().resolve(dashboard),
                        GrafanaFiles.dashboard(dashboard)));
            }
        }
        steps.add(plain(dataDir.confFile("supervisor.yaml"),
                Templates.render("conf/supervisor.yaml",
                        Map.of("PROGRAMS", programs(request, grafanaFiles)))));
        steps.addAll(bundleSteps(dataDir, request.bundleHome()));
        steps.add(plain(dataDir.run().resolve(InstallRecord.FILE_NAME), new InstallRecord(
                version, type, request.ports().base(), request.bundleHome(),
                request.grafana().map(InstallPlan::recorded).orElse(InstallRecord.NO_GRAFANA),
                "", "").format()));
        return steps;
    }

    /**
     * What ties an install to a bundle, and all an update replaces: the env file, the launchers
     * in bin/ and static/ (the bundle's ui/: the built-in UI's files, which the server serves
     * over its own; Grafana serves its files from its home).
     */
    static List<InstallStep> bundleSteps(DataDir dataDir, Path bundleHome) {
        List<InstallStep> steps = new ArrayList<>();
        steps.add(plain(dataDir.envFile(), envFile(dataDir, bundleHome)));
        for (String launcher : LAUNCHERS) {
            steps.add(new InstallStep.Link(dataDir.bin().resolve(launcher),
                    bundleHome.resolve("bin").resolve(launcher)));
        }
        steps.add(new InstallStep.Link(dataDir.staticAssets(), bundleHome.resolve(BUILT_IN_UI)));
        return steps;
    }

    static String recorded(GrafanaHome grafana) {
        return grafana.source().equals(GrafanaHome.BUNDLED) ? GrafanaHome.BUNDLED
                : grafana.home().toString();
    }

    private static InstallStep plain(Path target, String content) {
        return new InstallStep.WriteFile(target, content, InstallStep.Mode.PLAIN);
    }

    /**
     * The {@code statsd:} section, for the program that serves StatsD on PORT+5: the agent
     * where the install has one (its heap is small: fewer keys), else the server.
     */
    static String statsdSection(InstallRequest request, boolean forAgent) {
        boolean serves = forAgent ? request.type().runsAgent()
                : request.type().runsServer() && !request.type().runsAgent();
        if (!serves) {
            return "";
        }
        return Templates.render("conf/statsd.yaml", Map.of(
                "STATSD_LISTEN", request.carbonListen(),
                "STATSD_PORT", Integer.toString(request.ports().statsd()),
                "STATSD_MAX_KEYS", forAgent ? "20000" : "500000"));
    }

    private static Map<String, String> values(InstallRequest request, boolean forAgent) {
        return Map.ofEntries(
                Map.entry("STATSD", statsdSection(request, forAgent)),
                Map.entry("RELAY", relay(request)),
                Map.entry("CLUSTER", cluster(request)),
                Map.entry("CARBON_LISTEN", request.carbonListen()),
                Map.entry("CARBON_PORT", Integer.toString(request.ports().carbonPlaintext())),
                Map.entry("PICKLE_PORT", Integer.toString(request.ports().carbonPickle())),
                Map.entry("API_LISTEN", request.apiListen()),
                Map.entry("API_PORT", Integer.toString(request.ports().api())),
                Map.entry("HOSTNAME", request.hostname()),
                Map.entry("CARBON_SERVER", request.carbonServer()),
                Map.entry("INGEST_LISTEN", request.ingestListen()),
                Map.entry("INGEST_PORT", Integer.toString(request.ports().httpIngest())),
                Map.entry("UI", ui(request)));
    }

    /** server.yaml's relay section, for type relay. */
    private static String relay(InstallRequest request) {
        if (request.relayTo().isEmpty()) {
            return "";
        }
        return Templates.render("conf/server-relay.yaml", Map.of("DESTINATIONS",
                yamlList(request.relayTo())));
    }

    /** server.yaml's cluster section, for a front end. */
    private static String cluster(InstallRequest request) {
        if (request.clusterServers().isEmpty()) {
            return "";
        }
        return Templates.render("conf/server-cluster.yaml", Map.of("SERVERS",
                yamlList(request.clusterServers())));
    }

    private static String yamlList(List<String> values) {
        return "[" + String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList())
                + "]";
    }

    private static String ui(InstallRequest request) {
        return request.servesUiOnGrafanaPort() ? Templates.render("conf/server-ui.yaml",
                Map.of("API_LISTEN", request.apiListen(),
                        "UI_PORT", Integer.toString(request.ports().grafana()))) : "";
    }

    /** The type's programs: the server first, the agent once the server runs, Grafana. */
    private static String programs(InstallRequest request, GrafanaFiles grafanaFiles) {
        StringBuilder programs = new StringBuilder();
        if (request.type().runsServer()) {
            programs.append(Templates.read("conf/program-server.yaml"));
        }
        if (request.type().runsAgent()) {
            programs.append(Templates.render("conf/program-agent.yaml", Map.of(
                    "AGENT_DEPENDS_ON", request.type().runsServer()
                            ? "    depends_on: [server]\n" : "")));
        }
        request.grafana().ifPresent(grafana -> programs.append(grafanaFiles.program(grafana)));
        return programs.toString();
    }

    /** Sourced by the launchers in bin/: which install and which bundle they serve. */
    static String envFile(DataDir dataDir, Path bundleHome) {
        return "# written by the dkumonitor installer; sourced by bin/dkm and bin/dkmadmin\n"
                + "DKM_DATA_DIR=" + shellQuote(dataDir.root()) + "\n"
                + "DKM_HOME=" + shellQuote(bundleHome) + "\n"
                + "export DKM_DATA_DIR DKM_HOME\n";
    }

    private static String shellQuote(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }
}
