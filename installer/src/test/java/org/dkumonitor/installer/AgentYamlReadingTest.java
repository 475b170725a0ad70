package org.dkumonitor.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dkumonitor.agent.AgentConfig;
import org.dkumonitor.agent.AgentConfigFile;
import org.dkumonitor.core.config.PlainYaml;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.layout.PortMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent reads agent.yaml with core's PlainYaml, not SnakeYAML (agent/README.md,
 * Footprint): every agent.yaml the installer renders, for every install type that runs an
 * agent and for host names and carbon servers of every shape the installer accepts, reads to
 * the same tree and binds to the same config as SnakeYAML's reading.
 */
final class AgentYamlReadingTest {

    /** Install type, --hostname, --carbon-server, base port. */
    static List<Object[]> installs() {
        List<Object[]> installs = new ArrayList<>();
        for (InstallType type : InstallType.values()) {
            if (type.runsAgent()) {
                installs.add(new Object[] {type, "", "127.0.0.1", 15000});
                installs.add(new Object[] {type, "web-1.example_com", "metrics.example.com",
                        2000});
                installs.add(new Object[] {type, "h", "[::1]", 40000});
                installs.add(new Object[] {type, "a.b", "10.0.0.1", 65000});
            }
        }
        return installs;
    }

    @ParameterizedTest
    @MethodSource("installs")
    void readsWhatSnakeYamlReads(InstallType type, String hostname, String carbonServer,
            int basePort) throws IOException {
        try (FileSystem fs = TestInstalls.unixFileSystem()) {
            Path bundle = TestInstalls.bundle(fs.getPath("/opt/dkumonitor-0.1.0"));
            Path dataDir = fs.getPath("/srv/data");
            InstallRequest request = new InstallRequest(new DataDir(dataDir), type,
                    new PortMap(basePort), "0.0.0.0", "127.0.0.1", hostname, carbonServer,
                    bundle, Optional.empty(), "127.0.0.1", List.of(), List.of(),
                    Optional.empty());
            for (InstallStep step : InstallPlan.forRequest(request, TestInstalls.SECRETS,
                    TestInstalls.GOTTWALL, "9.9.9")) {
                step.apply();
            }
            String yaml = Files.readString(dataDir.resolve("conf/agent.yaml"));

            assertEquals(YamlConfigLoader.compose("agent.yaml", yaml),
                    PlainYaml.compose("agent.yaml", yaml));
            AgentConfig theirs = AgentConfigFile.bind(YamlConfigLoader.parseMapping(
                    "agent.yaml", yaml, AgentConfigFile.keys()));
            AgentConfig ours = AgentConfigFile.parse("agent.yaml", yaml);
            assertEquals(theirs, ours);
            assertEquals(hostname, ours.hostname());
            assertEquals(carbonServer, ours.destinations().get(0).host());
            // the StatsD section is there, bound equal above
            assertTrue(yaml.contains("\nstatsd:\n  listen: \"0.0.0.0\"\n  port: "
                    + (basePort + 5) + "\n"), yaml);
        }
    }
}
