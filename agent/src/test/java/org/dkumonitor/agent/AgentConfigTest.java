package org.dkumonitor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dkumonitor.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentConfigTest {

    private static AgentConfig parse(String yaml) {
        return AgentConfigFile.parse("agent.yaml", yaml);
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void appliesCollectdsDefaults() {
        AgentConfig config = parse("destinations:\n  - {host: 127.0.0.1, port: 2003}\n");
        assertEquals(10, config.intervalSeconds());
        assertEquals("collectd", config.prefix());
        assertEquals("", config.hostname());
        assertEquals(100, config.spoolMaxMegabytes());
        assertEquals(List.of("java", "dss_backend"),
                config.processGroups().stream().map(g -> g.name()).toList());
        assertEquals(List.of(), config.files());
    }

    @Test
    void readsProcessGroupsAndFileGlobs() {
        AgentConfig config = parse("""
                hostname: fr.paris.dss1
                destinations:
                  - {host: 127.0.0.1, port: 2003}
                  - {host: backup.example, port: 2103}
                processes:
                  - {name: fek, regex: "java .*FEK"}
                files:
                  - {name: repo1, glob: "/backups/repo1/*.tar.gz"}
                """);
        assertEquals(2, config.destinations().size());
        assertEquals("fek", config.processGroups().get(0).name());
        assertEquals("/backups/repo1/*.tar.gz", config.fileGlobs().get(0).glob());
    }

    /** The agent binds its statsd: section by hand; the server's binder by reflection. */
    @Test
    void bindsTheStatsdSectionAsTheReflectiveBinderDoes() {
        String section = """
                statsd:
                  listen: 0.0.0.0
                  port: 15005
                  tcp: false
                  flushInterval: 5
                  naming: statsite
                  legacyNamespace: false
                  globalPrefix: ""
                  globalSuffix: sfx
                  percentThreshold: [50, 99.9]
                  histogram:
                    - {metric: render, bins: [10, 1e3, inf]}
                  calculatedTimerMetrics: [count, mean_percent]
                  deleteIdleStats: true
                  deleteGauges: false
                  gaugesMaxTTL: 3
                  maxKeys: 1000
                """;
        AgentConfig config = parse("destinations: [{host: a, port: 1}]\n" + section);
        org.dkumonitor.statsd.StatsdConfig reflective = org.dkumonitor.core.config
                .YamlConfigLoader.parse("agent.yaml", section.replace("\n  ", "\n")
                        .substring("statsd:\n".length()), org.dkumonitor.statsd.StatsdConfig.class);
        assertEquals(reflective, config.statsd());
        assertEquals(List.of(50.0, 99.9), config.statsd().percentThreshold());
        assertEquals(false, config.statsd().deleteGauges());
        assertEquals(true, config.statsd().deleteTimers());
        assertEquals(null, parse("destinations: [{host: a, port: 1}]\n").statsd());
    }

    @Test
    void locatesStatsdErrors() {
        assertEquals("agent.yaml:3:9 statsd.port: must be 0..65535, found 70000",
                error("destinations: [{host: a, port: 1}]\nstatsd:\n  port: 70000\n"));
        assertEquals("agent.yaml:3:3 statsd.flushIntervall: unknown key; known keys are "
                + new java.util.TreeSet<>(org.dkumonitor.statsd.StatsdConfigMapping.KEYS),
                error("destinations: [{host: a, port: 1}]\nstatsd:\n  flushIntervall: 1\n"));
        assertEquals("agent.yaml:3:9 statsd.udp: must be true or false, found 'maybe'",
                error("destinations: [{host: a, port: 1}]\nstatsd:\n  {udp: maybe, port: 1}\n"));
        assertEquals("agent.yaml:4:33 statsd.histogram[0].bins: each must be a number or inf,"
                + " found 'ten'", error("destinations: [{host: a, port: 1}]\nstatsd:\n"
                + "  port: 1\n  histogram: [{metric: a, bins: [ten]}]\n"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "destinations:\\n  - {host: a, port: 70000}\\n"
            + "|agent.yaml:2:21 destinations[0].port: must be 1..65535, found 70000",
        "destinations: [{host: a, port: 1}]\\nprocesses:\\n  - name: x\\n    regex: 'a(b'\\n"
            + "|agent.yaml:4:12 processes[0].regex: must be a valid regular expression"
            + " (Unclosed group), found 'a(b'",
        "destinations: [{host: a, port: 1}]\\nfiles:\\n  - {name: x, glob: 'relative/*.gz'}\\n"
            + "|agent.yaml:3:21 files[0].glob: must be an absolute path, found 'relative/*.gz'",
        "destinations: [{host: a, port: 1}]\\nintervalSeconds: 0\\n"
            + "|agent.yaml:2:18 intervalSeconds: must be 1..3600, found 0",
        "destinations: [{host: a, port: 1}]\\nintervall: 10\\n"
            + "|agent.yaml:2:1 intervall: unknown key; known keys are [destinations, files,"
            + " hostname, intervalSeconds, prefix, processes, spoolMaxMegabytes, statsd]",
        "destinations: [{host: a, port: 1}]\\nprocesses:\\n  - {name: a, regex: x}\\n"
            + "  - {name: a, regex: y}\\n"
            + "|agent.yaml:3:3 processes: names must be unique, found 'a'",
        "destinations:\\n  - {host: a, port: 1, bogus: 2}\\n"
            + "|agent.yaml:2:24 destinations[0].bogus: unknown key; known keys are [host, port]",
        "hostname: h\\n"
            + "|agent.yaml:2:1 destinations: must list at least one carbon server (host and"
            + " port), found nothing",
        "destinations:\\n  - {host: a, port: two}\\n"
            + "|agent.yaml:2:21 destinations[0].port: must be a whole number, found 'two'",
        "destinations:\\n  - {host: a}\\n"
            + "|agent.yaml:2:14 destinations[0].port: is required, found nothing",
        "destinations: {host: a, port: 1}\\n"
            + "|agent.yaml:1:15 destinations: must be a list",
        "destinations: [{host: [a], port: 1}]\\n"
            + "|agent.yaml:1:23 destinations[0].host: must be a text",
        "- a\\n|agent.yaml:1:1 (top level): must be a mapping of keys to values",
        "destinations: [{host: a, port: 1}\\n"
            + "|agent.yaml:1:15 expected ',' or ']' to close the '[' of column 15 (it must"
            + " close on its line)",
        "destinations:\\n  - host: a\\n    port: 1\\nprefix: &p x\\n"
            + "|agent.yaml:4:9 anchors, aliases and tags ('&') are not read in this file;"
            + " write the value itself, or quote it",
        "# nothing but a comment\\n|agent.yaml: the file is empty"})
    void namesFileLineKeyRuleAndValue(String yaml, String message) {
        assertEquals(message, error(yaml.replace("\\n", "\n")));
    }

    @Test
    void aFileOnDiskIsNamedInTheMessage(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, "destinations:\n  - host: ''\n    port: 2003\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> AgentConfigFile.load(file));
        assertEquals("agent.yaml:2:11 destinations[0].host: must not be empty, found ''",
                e.getMessage());
    }
}
