package org.dkumonitor.installer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every series path of the shipped dashboards names metrics that exist: each matches at least
 * one path of collectd-sample-paths.txt, the metric names collectd itself sends with
 * dkumonitor's settings (a capture of collectd 5 on a host called vm), which the agent
 * reproduces, or of collectd-stock-paths.txt, what collectd sends with its default settings
 * (tools/peers/collectd-stock-paths.sh). The server's DashboardNamingTest renders every panel
 * over both.
 */
final class DashboardsTest {

    static final List<String> DASHBOARDS = GrafanaFiles.DASHBOARDS;

    private static final Pattern TARGET = Pattern.compile("\"target\": \"([^\"]+)\"");
    /** A Graphite path inside a target: nodes of word characters, globs and {a,b} lists. */
    private static final Pattern SERIES = Pattern.compile(
            "collectd(?:\\.(?:[A-Za-z0-9_$*-]|\\{[^}]*})+)+");

    @ParameterizedTest
    @FieldSource("DASHBOARDS")
    void everySeriesPathMatchesMetricsCollectdSends(String dashboard) throws IOException {
        List<String> samples = new java.util.ArrayList<>(samplePaths("collectd-sample-paths.txt"));
        samples.addAll(samplePaths("collectd-stock-paths.txt"));
        List<String> series = seriesOf(GrafanaFiles.dashboard(dashboard));
        assertFalse(series.isEmpty(), dashboard + " queries nothing");
        for (String path : series) {
            Pattern glob = glob(path.replace("$host", "*").replace("$process", "*"));
            assertTrue(samples.stream().anyMatch(s -> glob.matcher(s).matches()),
                    dashboard + ": " + path + " matches no metric collectd sends");
        }
    }

    @ParameterizedTest
    @FieldSource("DASHBOARDS")
    void everyPanelReadsTheProvisionedDataSource(String dashboard) {
        String json = GrafanaFiles.dashboard(dashboard);
        assertFalse(json.contains("\"uid\": \"graphite-local\""), dashboard);
        assertTrue(json.contains("\"uid\": \"dkumonitor-graphite\""), dashboard);
    }

    @Test
    void globsMatchLikeGraphites() {
        assertTrue(glob("a.{b,c}.*").matcher("a.c.d").matches());
        assertFalse(glob("a.{b,c}.*").matcher("a.c.d.e").matches());
        assertFalse(glob("a.*").matcher("a").matches());
    }

    private static List<String> seriesOf(String json) {
        List<String> series = new ArrayList<>();
        Matcher target = TARGET.matcher(json);
        while (target.find()) {
            Matcher path = SERIES.matcher(target.group(1));
            while (path.find()) {
                series.add(path.group());
            }
        }
        return series;
    }

    /** Graphite's glob: * within one node, {a,b} alternatives. */
    static Pattern glob(String path) {
        StringBuilder regex = new StringBuilder();
        for (char c : path.toCharArray()) {
            switch (c) {
                case '*' -> regex.append("[^.]*");
                case '{' -> regex.append("(?:");
                case '}' -> regex.append(")");
                case ',' -> regex.append("|");
                case '.' -> regex.append("\\.");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static List<String> samplePaths(String file) throws IOException {
        try (InputStream in = DashboardsTest.class.getResourceAsStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
