package org.dkumonitor.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.layout.PortMap;
import org.dkumonitor.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --relay-to, --cluster-servers and -t relay: what they write, and what they refuse. */
class ClusterInstallTest {

    @TempDir
    Path tmp;

    private InstallRequest request(InstallType type, List<String> relayTo,
            List<String> clusterServers) throws IOException {
        return new InstallRequest(new DataDir(tmp.resolve("data")), type, new PortMap(15000),
                "0.0.0.0", "0.0.0.0", "", "127.0.0.1", TestInstalls.bundle(tmp.resolve("b")),
                Optional.empty(), "127.0.0.1", relayTo, clusterServers);
    }

    private ServerConfig install(InstallRequest request) throws IOException {
        for (InstallStep step : InstallPlan.forRequest(request, TestInstalls.SECRETS,
                TestInstalls.GOTTWALL, "0.1.0")) {
            step.apply();
        }
        return YamlConfigLoader.load(request.dataDir().confFile("server.yaml"),
                ServerConfig.class);
    }

    @Test
    void aRelayAndFrontEndWritesBothSectionsTheServerReads() throws IOException {
        ServerConfig config = install(request(InstallType.RELAY,
                List.of("10.0.0.1:15001:a", "10.0.0.2:15001:b"),
                List.of("10.0.0.1:15002", "10.0.0.2:15002")));
        assertEquals(List.of("10.0.0.1:15001:a", "10.0.0.2:15001:b"),
                config.relay().destinations());
        assertEquals(List.of("10.0.0.1:15002", "10.0.0.2:15002"), config.cluster().servers());
        assertEquals("deny", config.cluster().partialResults());
        assertTrue(!Files.exists(tmp.resolve("data/storage/whisper")), "a relay stores nothing");
        assertTrue(!Files.exists(tmp.resolve("data/conf/storage-schemas.conf")));
    }

    @Test
    void aStorageNodeCanBeAFrontEndToo() throws IOException {
        ServerConfig config = install(request(InstallType.BACKEND, List.of(),
                List.of("10.0.0.2:15002")));
        assertEquals(null, config.relay());
        assertEquals(List.of("10.0.0.2:15002"), config.cluster().servers());
    }

    @Test
    void refusesWhatCannotWork() {
        for (Runnable bad : List.<Runnable>of(
                () -> requestUnchecked(InstallType.RELAY, List.of(), List.of()),
                () -> requestUnchecked(InstallType.BACKEND, List.of("10.0.0.1:15001"),
                        List.of()),
                () -> requestUnchecked(InstallType.RELAY, List.of("10.0.0.1:15001",
                        "10.0.0.1:15101"), List.of()),
                () -> requestUnchecked(InstallType.RELAY, List.of("nohost"), List.of()),
                () -> requestUnchecked(InstallType.AGENT, List.of(), List.of("10.0.0.1:15002")),
                () -> requestUnchecked(InstallType.ALL, List.of(), List.of("http://x")))) {
            InstallRefusedException e = assertThrows(InstallRefusedException.class, bad::run);
            assertTrue(e.getMessage().contains("--relay-to") || e.getMessage()
                    .contains("--cluster-servers") || e.getMessage().contains("relay"),
                    e.getMessage());
        }
    }

    private void requestUnchecked(InstallType type, List<String> relayTo,
            List<String> clusterServers) {
        try {
            request(type, relayTo, clusterServers);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
