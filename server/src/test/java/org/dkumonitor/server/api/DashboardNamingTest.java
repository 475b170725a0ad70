package org.dkumonitor.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped dashboards fill from either naming a host may send: the agent's (collectd with
 * dkumonitor's settings, collectd-sample-paths.txt) and a stock collectd's (default plugin
 * options, write_graphite's SeparateInstances false: collectd-stock-paths.txt, recorded by
 * tools/peers/collectd-stock-paths.sh). Every panel's targets are rendered by our server over a
 * tree of each naming: every target is accepted, and every panel draws something from each,
 * but for the process groups, which a stock collectd does not have.
 */
class DashboardNamingTest {

    private static final Path RECORDED = Path.of("../installer/src/test/resources/org/dkumonitor/"
            + "installer");
    private static final String GRAFANA = "org/dkumonitor/templates/conf/grafana/dashboards/";
    private static final String BUILT_IN = "org/dkumonitor/templates/dashboards/";
    /** Panels of process groups (collectd's ProcessMatch), which stock collectd lacks. */
    private static final Set<String> AGENT_ONLY = Set.of("Resident memory", "CPU time (user)");

    @TempDir
    Path dir;

    @Test
    void everySystemPanelDrawsFromTheAgentsNamingAndFromStockCollectds() throws Exception {
        Map<String, List<String>> panels = new LinkedHashMap<>();
        panels.putAll(builtInPanels("host-overview.json"));
        panels.putAll(grafanaPanels("host-system.json"));
        panels.putAll(grafanaPanels("dss-system.json"));
        Map<String, Set<String>> drawnBy = new LinkedHashMap<>();
        for (String naming : List.of("collectd-sample-paths.txt", "collectd-stock-paths.txt")) {
            Path root = dir.resolve(naming).resolve("whisper");
            WhisperTree tree = new WhisperTree(root, System.currentTimeMillis() / 1000);
            for (String path : Files.readAllLines(RECORDED.resolve(naming))) {
                tree.metric(path, List.of(new Retention(60, 60)), AggregationMethod.AVERAGE,
                        300, t -> 50);
            }
            try (ApiHarness api = new ApiHarness(root, InstantSource.system(),
                    ApiOptions.defaults())) {
                for (Map.Entry<String, List<String>> panel : panels.entrySet()) {
                    for (String target : panel.getValue()) {
                        HttpResponse<String> response = api.get("/render?format=json"
                                + "&from=-10min&until=now&target=" + URLEncoder.encode(
                                        target.replace("$host", "vm"), StandardCharsets.UTF_8));
                        assertEquals(200, response.statusCode(), naming + " " + panel.getKey()
                                + ": " + target + ": " + response.body());
                        if (!response.body().equals("[]")) {
                            drawnBy.computeIfAbsent(panel.getKey(), k -> new java.util.TreeSet<>())
                                    .add(naming);
                        }
                    }
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (String panel : panels.keySet()) {
            Set<String> namings = drawnBy.getOrDefault(panel, Set.of());
            boolean agentOnly = AGENT_ONLY.stream().anyMatch(panel::endsWith);
            if (!namings.contains("collectd-sample-paths.txt")
                    || (!agentOnly && !namings.contains("collectd-stock-paths.txt"))) {
                missing.add(panel + " draws only from " + namings);
            }
        }
        assertEquals(List.of(), missing);
        assertTrue(panels.size() > 30, "panels read: " + panels.keySet());
    }

    /** The built-in UI's panels: rows of panels with targets. */
    private static Map<String, List<String>> builtInPanels(String name) throws IOException {
        Map<String, List<String>> panels = new LinkedHashMap<>();
        for (JsonNode row : read(BUILT_IN + name).get("rows")) {
            for (JsonNode panel : row.get("panels")) {
                List<String> targets = new ArrayList<>();
                panel.get("targets").forEach(t -> targets.add(t.asText()));
                panels.put(name + ": " + panel.get("title").asText(), targets);
            }
        }
        return panels;
    }

    private static Map<String, List<String>> grafanaPanels(String name) throws IOException {
        Map<String, List<String>> panels = new LinkedHashMap<>();
        for (JsonNode panel : read(GRAFANA + name).get("panels")) {
            List<String> targets = new ArrayList<>();
            panel.get("targets").forEach(t -> targets.add(t.get("target").asText()));
            panels.put(name + ": " + panel.get("title").asText(), targets);
        }
        return panels;
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = DashboardNamingTest.class.getClassLoader()
                .getResourceAsStream(resource)) {
            return new ObjectMapper().readTree(in);
        }
    }
}
