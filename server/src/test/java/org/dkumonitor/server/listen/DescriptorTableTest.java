package org.dkumonitor.server.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class DescriptorTableTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void growsTheKernelsTableOnceAndLeavesNoDescriptorOpen() throws IOException {
        long target = Math.min(DescriptorBudget.limit(), tableSize() * 4);
        long openBefore = DescriptorBudget.open();

        assertTrue(DescriptorTable.reserve(target), "fcntl(F_DUPFD_CLOEXEC) under the limit");

        assertTrue(tableSize() >= target, "table of " + tableSize() + " for " + target);
        long openAfter = DescriptorBudget.open();
        // other tests' threads in this JVM may open or close a few meanwhile
        assertTrue(Math.abs(openAfter - openBefore) < 16, openBefore + " then " + openAfter);
    }

    @Test
    void refusesATableTooSmallToMatter() {
        assertEquals(false, DescriptorTable.reserve(8));
    }

    /** The table's size, as the kernel tells it ({@code FDSize} of /proc/self/status). */
    private static long tableSize() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("FDSize:"))
                .mapToLong(line -> Long.parseLong(line.substring(7).trim()))
                .findFirst().orElseThrow();
    }
}
