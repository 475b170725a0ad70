package org.dkumonitor.agent.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MetricPathsTest {

    private static List<String> reference(String name) throws IOException {
        try (InputStream in = MetricPathsTest.class.getResourceAsStream("/collectd/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank()).map(l -> l.split(" ")[0]).toList();
        }
    }

    @ParameterizedTest
    @CsvSource({"false, collectd-escape-preserve-false.txt",
        "true, collectd-escape-preserve-true.txt"})
    void escapesTheHostAsCollectdDidWithAndWithoutPreserveSeparator(boolean preserve,
            String file) throws IOException {
        String host = MetricPaths.escapeNode("peer.host.example", preserve);
        List<String> paths = reference(file);
        assertTrue(paths.size() > 100, "reference capture is complete");
        for (String path : paths) {
            assertTrue(path.startsWith("collectd." + host + "."), path);
        }
    }

    @Test
    void leavesEveryNodeCollectdSentUnchanged() throws IOException {
        for (String path : reference("collectd-sample-paths.txt")) {
            for (String node : path.split("\\.")) {
                assertEquals(node, MetricPaths.escapeNode(node, false), path);
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "eth0.100|true|eth0.100",
        "eth0.100|false|eth0_100",
        "my disk\tx|true|my_disk_x",
        "mapper/vg-root|true|mapper_vg-root",
        "a\u0001b|true|a_b",
        "dss_backend|true|dss_backend"})
    void replacesWhitespaceControlCharactersAndSlashesAndDotsUnlessPreserved(String node,
            boolean preserve, String escaped) {
        assertEquals(escaped, MetricPaths.escapeNode(node, preserve));
    }
}
