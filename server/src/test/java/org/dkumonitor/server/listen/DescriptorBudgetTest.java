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
        long during;
        try {
            for (int i = 0; i < 256; i++) {
                Path file = Files.createFile(dir.resolve("f" + i));
                opened.add(FileChannel.open(file, StandardOpenOption.READ));
            }
            during = DescriptorBudget.open();
            // other tests' threads in this JVM open and close some meanwhile (22 seen)
            assertTrue(during - before >= 192 && during - before <= 320,
                    "256 more descriptors: " + before + " then " + during);
        } finally {
            for (FileChannel channel : opened) {
                channel.close();
            }
        }
        long after = DescriptorBudget.open();
        assertTrue(during - after >= 192 && during - after <= 320,
                "256 fewer descriptors: " + during + " then " + after);
    }
}
