package org.dkumonitor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GoldensTest {

    @Test
    void readsAGoldenResourceBesideItsOwner() throws IOException {
        assertEquals("golden\n", Goldens.read(GoldensTest.class, "sample.txt"));
    }

    @Test
    void aMissingGoldenFileFailsSayingHowToRecordIt() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Goldens.read(GoldensTest.class, "missing.txt"));
        assertTrue(e.getMessage().contains("-Ddkm.recordGolden=true"), e.getMessage());
    }

    @Test
    void recordsIntoTheModulesTestResources() {
        assertEquals(Path.of("src/test/resources/a/b.txt"), Goldens.source("a/b.txt"));
    }
}
