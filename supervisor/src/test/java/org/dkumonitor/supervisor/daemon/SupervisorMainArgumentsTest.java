package org.dkumonitor.supervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class SupervisorMainArgumentsTest {

    @Test
    void readsTheDataDirInBothSpellings() {
        assertEquals(Path.of("/srv/dkm data"),
                SupervisorMain.dataDir(new String[] {"--data-dir", "/srv/dkm data"}));
        assertEquals(Path.of("/srv/dkm"),
                SupervisorMain.dataDir(new String[] {"--data-dir=/srv/dkm"}));
    }

    @Test
    void refusesAMissingDataDirAndUnknownOptionsWithPicoclisWords() {
        assertEquals("Missing required option: '--data-dir=DATA_DIR'", assertThrows(
                IllegalArgumentException.class, () -> SupervisorMain.dataDir(new String[0]))
                .getMessage());
        assertEquals("Missing required parameter for option '--data-dir' (DATA_DIR)",
                assertThrows(IllegalArgumentException.class,
                        () -> SupervisorMain.dataDir(new String[] {"--data-dir"})).getMessage());
        assertEquals("Unknown option: '--dta-dir'", assertThrows(IllegalArgumentException.class,
                () -> SupervisorMain.dataDir(new String[] {"--dta-dir", "x"})).getMessage());
    }

    @Test
    void helpAndVersionAskForNoDataDir() {
        assertEquals(null, SupervisorMain.dataDir(new String[] {"--help"}));
        assertEquals(null, SupervisorMain.dataDir(new String[] {"-V"}));
    }
}
