package org.dkumonitor.core.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

final class DataDirTest {

    @Test
    void laysOutTheInstallAsTheArchitectureSays() {
        DataDir dataDir = new DataDir(Path.of("/srv/dkm/../dkm"));
        assertEquals(Path.of("/srv/dkm"), dataDir.root());
        assertEquals(List.of("conf", "bin", "storage", "run", "static"),
                dataDir.topLevelDirectories().stream().map(p -> p.getFileName().toString())
                        .toList());
        assertEquals(Path.of("/srv/dkm/storage/whisper"), dataDir.whisper());
        assertEquals(Path.of("/srv/dkm/run/supervisor.sock"), dataDir.supervisorSocket());
        assertEquals(Path.of("/srv/dkm/run/agent.log"), dataDir.programLog("agent"));
        assertEquals(Path.of("/srv/dkm/bin/env"), dataDir.envFile());
    }
}
