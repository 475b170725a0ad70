package org.dkumonitor.installer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dkumonitor.core.layout.DataDir;

/**
 * Where Grafana's generated files and data go in DATA_DIR, and how they are rendered:
 *
 * <pre>
 * conf/grafana/grafana.ini                          0600 (holds the secret key)
 * conf/grafana/admin-password                       0600
 * conf/grafana/provisioning/datasources/graphite.yaml
 * conf/grafana/provisioning/dashboards/dkumonitor.yaml
 * conf/grafana/provisioning/{plugins,alerting}/     empty, so that Grafana logs no error
 * conf/grafana/dashboards/*.json                    host system, processes, DSS system, DSS backend
 * storage/grafana/                                  sqlite database, plugins
 * run/grafana/                                      Grafana's own log directory
 * </pre>
 */
final class GrafanaFiles {

    static final List<String> DASHBOARDS = List.of("host-system.json", "processes.json",
            "dss-system.json", "dss-backend.json");

    private final DataDir dataDir;

    GrafanaFiles(DataDir dataDir) {
        this.dataDir = dataDir;
    }

    Path conf() {
        return dataDir.conf().resolve("grafana");
    }

    Path ini() {
        return conf().resolve("grafana.ini");
    }

    Path adminPassword() {
        return conf().resolve("admin-password");
    }

    Path provisioning() {
        return conf().resolve("provisioning");
    }

    Path dashboards() {
        return conf().resolve("dashboards");
    }

    Path data() {
        return dataDir.storage().resolve("grafana");
    }

    Path plugins() {
        return data().resolve("plugins");
    }

    Path logs() {
        return dataDir.run().resolve("grafana");
    }

    /** Every directory Grafana's files and data need, parents first. */
    List<Path> directories() {
        return List.of(conf(), provisioning(), provisioning().resolve("datasources"),
                provisioning().resolve("dashboards"), provisioning().resolve("plugins"),
                provisioning().resolve("alerting"), dashboards(), data(), plugins(), logs());
    }

    String ini(InstallRequest request, String secretKey) {
        return Templates.render("conf/grafana/grafana.ini", Map.of(
                "GRAFANA_DATA", iniValue(data()),
                "GRAFANA_LOGS", iniValue(logs()),
                "GRAFANA_PLUGINS", iniValue(plugins()),
                "GRAFANA_PROVISIONING", iniValue(provisioning()),
                "GRAFANA_LISTEN", request.apiListen(),
                "GRAFANA_PORT", Integer.toString(request.ports().grafana()),
                "GRAFANA_ADMIN_PASSWORD_FILE", iniValue(adminPassword()),
                "GRAFANA_SECRET_KEY", secretKey));
    }

    String datasource(InstallRequest request) {
        return Templates.render("conf/grafana/provisioning/datasources/graphite.yaml", Map.of(
                "GRAPHITE_URL", Yaml.escape("http://" + request.apiHostForClients() + ":"
                        + request.ports().api())));
    }

    String dashboardProvider() {
        return Templates.render("conf/grafana/provisioning/dashboards/dkumonitor.yaml",
                Map.of("GRAFANA_DASHBOARDS", Yaml.escape(dashboards().toString())));
    }

    static String dashboard(String name) {
        return Templates.read("conf/grafana/dashboards/" + name);
    }

    /** The supervisor's program entry for Grafana, run with a clean environment. */
    String program(GrafanaHome grafana) {
        return Templates.render("conf/program-grafana.yaml", Map.of(
                "GRAFANA_HOME_DIR", Yaml.escape(data().toString()),
                "GRAFANA_EXECUTABLE", Yaml.escape(grafana.executableInConfig()),
                "GRAFANA_SUBCOMMAND", grafana.multiCommand() ? ", \"server\"" : "",
                "GRAFANA_HOMEPATH", Yaml.escape(grafana.homeInConfig()),
                "GRAFANA_INI", Yaml.escape(ini().toString())));
    }

    private static String iniValue(Path path) {
        String value = path.toString();
        if (value.contains("\n") || value.contains("}")) {
            throw new InstallRefusedException("the install path " + value + " holds a newline"
                    + " or '}', which Grafana's configuration cannot hold; choose another -d");
        }
        return value;
    }
}
