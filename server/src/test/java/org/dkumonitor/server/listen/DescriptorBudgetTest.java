package org.dkumonitor.server.listen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptorBudgetTest {

    @Test
    void countsTheDescriptorsThisProcessOpensAndCloses(@TempDir Path dir) throws IOException {
        long before = DescriptorBudget.open();
        List<FileChannel> opened = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                Path file = Files.createFile(dir.resolve("f" + i));
                opened.add(FileChannel.open(file, StandardOpenOption.READ));
            }
            long during = DescriptorBudget.open();
            // other threads of the test JVM may open or close a few meanwhile
            assertTrue(during - before >= 60 && during - before <= 80,
                    "64 more descriptors: " + before + " then " + during);
        } finally {
            for (FileChannel channel : opened) {
                channel.close();
            }
        }
        long after = DescriptorBudget.open();
        assertTrue(Math.abs(after - before) <= 16, "back to " + before + ": " + after);
    }
}
