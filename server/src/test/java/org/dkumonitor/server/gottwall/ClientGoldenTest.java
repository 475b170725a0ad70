package org.dkumonitor.server.gottwall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * gottwall_expected.json is what gottwall_client.py prints (and the client checks itself
 * against the real clients' captured bytes: "check"). Where a Python 3 is installed the client
 * is run and its output must be the golden file byte for byte;
 * {@code -Dgottwall.rerecord=DIR} writes it there instead (DIR: this module's
 * src/test/resources/gottwall).
 */
class ClientGoldenTest {

    @Test
    void theClientStillPrintsTheGoldenVectors() throws Exception {
        assumeTrue(Vectors.pythonPresent(), Vectors.PYTHON + " is not installed");
        String printed = PythonClient.run("gottwall_client.py");
        String rerecord = System.getProperty("gottwall.rerecord");
        if (rerecord != null) {
            Files.writeString(Path.of(rerecord, "gottwall_expected.json"), printed);
        }
        String golden = new String(Vectors.class.getResourceAsStream(
                "/gottwall/gottwall_expected.json").readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(golden, printed);
    }

    @Test
    void theClientMatchesTheRealClientsCapturedBytes() throws Exception {
        assumeTrue(Vectors.pythonPresent(), Vectors.PYTHON + " is not installed");
        String report = PythonClient.run("gottwall_client.py", "check");
        assertEquals("40 comparisons, 0 mismatches", report.strip());
    }
}
