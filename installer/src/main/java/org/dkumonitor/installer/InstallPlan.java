package org.dkumonitor.installer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dkumonitor.core.layout.DataDir;

/**
 * The steps of a fresh all-in-one install, in order: the layout's directories, the rendered
 * configuration, the env file and the links into the bundle.
 */
final class InstallPlan {

    static final List<String> LAUNCHERS = List.of("dkm", "dkmadmin");

    private InstallPlan() {
    }

    static List<InstallStep> forRequest(InstallRequest request) {
        DataDir dataDir = request.dataDir();
        List<InstallStep> steps = new ArrayList<>();
        steps.add(new InstallStep.CreateDirectory(dataDir.root()));
        dataDir.topLevelDirectories().forEach(d -> steps.add(new InstallStep.CreateDirectory(d)));
        steps.add(new InstallStep.CreateDirectory(dataDir.whisper()));
        steps.add(new InstallStep.CreateDirectory(dataDir.spool()));

        Map<String, String> values = values(request);
        for (String conf : List.of("server.yaml", "agent.yaml", "storage-schemas.conf",
                "storage-aggregation.conf")) {
            steps.add(new InstallStep.WriteFile(dataDir.confFile(conf),
                    Templates.render("conf/" + conf, values), false));
        }
        steps.add(new InstallStep.WriteFile(dataDir.confFile("supervisor.yaml"),
                Templates.render("conf/supervisor.yaml", Map.of("PROGRAMS", programs())),
                false));
        steps.add(new InstallStep.WriteFile(dataDir.envFile(), envFile(request), false));
        for (String launcher : LAUNCHERS) {
            steps.add(new InstallStep.Link(dataDir.bin().resolve(launcher),
                    request.bundleHome().resolve("bin").resolve(launcher)));
        }
        return steps;
    }

    private static Map<String, String> values(InstallRequest request) {
        return Map.of(
                "CARBON_LISTEN", request.carbonListen(),
                "CARBON_PORT", Integer.toString(request.ports().carbonPlaintext()),
                "API_LISTEN", request.apiListen(),
                "API_PORT", Integer.toString(request.ports().api()),
                "HOSTNAME", request.hostname(),
                "CARBON_SERVER", request.carbonServer());
    }

    /** The all-in-one program list: the server first, the agent once the server runs. */
    private static String programs() {
        return Templates.read("conf/program-server.yaml")
                + Templates.render("conf/program-agent.yaml",
                        Map.of("AGENT_DEPENDS_ON", "    depends_on: [server]"));
    }

    /** Sourced by the launchers in bin/: which install and which bundle they serve. */
    static String envFile(InstallRequest request) {
        return "# written by the dkumonitor installer; sourced by bin/dkm and bin/dkmadmin\n"
                + "DKM_DATA_DIR=" + shellQuote(request.dataDir().root()) + "\n"
                + "DKM_HOME=" + shellQuote(request.bundleHome()) + "\n"
                + "export DKM_DATA_DIR DKM_HOME\n";
    }

    private static String shellQuote(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }
}
