package org.dkumonitor.installer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /**
     * The secrets drawn for one install; printed once, never logged: Grafana's admin password
     * and key, and the password of a local ClickHouse's user.
     */
    record GrafanaSecrets(String adminPassword, String secretKey, String clickhousePassword) {

        /** An install without a local ClickHouse. */
        GrafanaSecrets(String adminPassword, String secretKey) {
            this(adminPassword, secretKey, null);
        }
    }

    static List<InstallStep> forRequest(InstallRequest request, GrafanaSecrets secrets,
            String version) {
        DataDir dataDir = request.dataDir();
        InstallType type = request.type();
        List<InstallStep> steps = new ArrayList<>();
        steps.add(new InstallStep.CreateDirectory(dataDir.root()));
        for (Path directory : dataDir.topLevelDirectories()) {
            if (!directory.equals(dataDir.staticAssets())) {
                steps.add(new InstallStep.CreateDirectory(directory));
            }
        }
        if (type.runsServer()) {
            steps.add(new InstallStep.CreateDirectory(dataDir.whisper()));
        }
        if (type.runsAgent()) {
            steps.add(new InstallStep.CreateDirectory(dataDir.spool()));
        }
        GrafanaFiles grafanaFiles = new GrafanaFiles(dataDir);
        if (request.runsGrafana()) {
            grafanaFiles.directories().forEach(d -> steps.add(new InstallStep.CreateDirectory(d)));
        }

        Map<String, String> values = values(request);
        if (type.runsServer()) {
            for (String conf : List.of("server.yaml", "storage-schemas.conf",
                    "storage-aggregation.conf")) {
                steps.add(plain(dataDir.confFile(conf), Templates.render("conf/" + conf, values)));
            }
            request.clickhouse().ifPresent(clickhouse -> steps.addAll(clickhouse.steps(dataDir,
                    request.ports(), secrets.clickhousePassword())));
            // the built-in UI's own dashboards: the shipped ones serve from the bundle, so that
            // an update brings their new versions; the user's go here
            steps.add(new InstallStep.CreateDirectory(dataDir.conf().resolve("dashboards")));
            steps.add(plain(dataDir.conf().resolve("dashboards/README"),
                    Templates.read("conf/dashboards/README")));
        }
        if (type.runsAgent()) {
            steps.add(plain(dataDir.confFile("agent.yaml"),
                    Templates.render("conf/agent.yaml", values)));
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
        steps.addAll(bundleSteps(dataDir, request.bundleHome(), request.grafana()
                .map(GrafanaHome::publicDirectory)));
        steps.add(plain(dataDir.run().resolve(InstallRecord.FILE_NAME), new InstallRecord(
                version, type, request.ports().base(), request.bundleHome(),
                request.grafana().map(InstallPlan::recorded).orElse(InstallRecord.NO_GRAFANA),
                "", "").format()));
        return steps;
    }

    /**
     * What ties an install to a bundle, and all an update replaces: the env file, the launchers
     * in bin/ and static/.
     */
    static List<InstallStep> bundleSteps(DataDir dataDir, Path bundleHome,
            Optional<Path> grafanaPublic) {
        List<InstallStep> steps = new ArrayList<>();
        steps.add(plain(dataDir.envFile(), envFile(dataDir, bundleHome)));
        for (String launcher : LAUNCHERS) {
            steps.add(new InstallStep.Link(dataDir.bin().resolve(launcher),
                    bundleHome.resolve("bin").resolve(launcher)));
        }
        steps.add(new InstallStep.Link(dataDir.staticAssets(),
                grafanaPublic.orElse(bundleHome.resolve(BUILT_IN_UI))));
        return steps;
    }

    static String recorded(GrafanaHome grafana) {
        return grafana.source().equals(GrafanaHome.BUNDLED) ? GrafanaHome.BUNDLED
                : grafana.home().toString();
    }

    private static InstallStep plain(Path target, String content) {
        return new InstallStep.WriteFile(target, content, InstallStep.Mode.PLAIN);
    }

    private static Map<String, String> values(InstallRequest request) {
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                "STORAGE", request.clickhouse().map(c -> c.storageYaml(request.ports()))
                        .orElse("")));
        values.putAll(Map.of(
                "CARBON_LISTEN", request.carbonListen(),
                "CARBON_PORT", Integer.toString(request.ports().carbonPlaintext()),
                "PICKLE_PORT", Integer.toString(request.ports().carbonPickle()),
                "API_LISTEN", request.apiListen(),
                "API_PORT", Integer.toString(request.ports().api()),
                "HOSTNAME", request.hostname(),
                "CARBON_SERVER", request.carbonServer(),
                "INGEST_LISTEN", request.ingestListen(),
                "INGEST_PORT", Integer.toString(request.ports().httpIngest()),
                "UI", request.servesUiOnGrafanaPort() ? Templates.render("conf/server-ui.yaml",
                        Map.of("API_LISTEN", request.apiListen(),
                                "UI_PORT", Integer.toString(request.ports().grafana()))) : ""));
        return values;
    }

    /** The type's programs: the server first, the agent once the server runs, Grafana. */
    private static String programs(InstallRequest request, GrafanaFiles grafanaFiles) {
        StringBuilder programs = new StringBuilder();
        if (request.runsClickHouse()) {
            programs.append(request.clickhouse().orElseThrow().program());
        }
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
