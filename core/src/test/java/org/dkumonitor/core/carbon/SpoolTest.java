package org.dkumonitor.core.carbon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpoolTest {

    /** The senders' and spools' state changes in tests: printed. */
    static final SenderLog LOG = SenderLog.of(java.util.logging.Logger.getLogger("test"));

    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    private final Path directory = fs.getPath("/data/storage/spool/127.0.0.1_2003");

    private static String batch(int n) {
        return "a.b " + n + " 100\na.c " + n + " 100\n";
    }

    private static List<String> drain(Spool spool) {
        List<String> out = new ArrayList<>();
        while (!spool.isEmpty()) {
            Spool.Batch batch = spool.peek().orElseThrow();
            out.add(batch.text());
            spool.removeSent(batch.sequence());
        }
        return out;
    }

    @Test
    void replaysBatchesInTheOrderTheyCame() {
        Spool spool = new Spool(directory, 1_000_000, LOG);
        for (int i = 0; i < 20; i++) {
            assertEquals(0, spool.append(batch(i), 2));
        }
        assertEquals(40, spool.lines());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add(batch(i));
        }
        assertEquals(expected, drain(spool));
        assertEquals(0, spool.bytes());
    }

    @Test
    void survivesARestartWithItsOrderAndCounts() throws IOException {
        Spool before = new Spool(directory, 1_000_000, LOG);
        before.append(batch(1), 2);
        before.append(batch(2), 2);
        before.prepend(batch(0), 2);
        Spool after = new Spool(directory, 1_000_000, LOG);
        assertEquals(6, after.lines());
        after.append(batch(3), 2);
        assertEquals(List.of(batch(0), batch(1), batch(2), batch(3)), drain(after));
        try (var left = Files.list(directory)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void whenFullDropsTheOldestBatchesAndCountsTheirLines() {
        int size = batch(0).length();
        Spool spool = new Spool(directory, 3L * size, LOG);
        long dropped = 0;
        for (int i = 0; i < 10; i++) {
            dropped += spool.append(batch(i), 2);
        }
        assertEquals(14, dropped);
        assertTrue(spool.bytes() <= 3L * size);
        assertEquals(List.of(batch(7), batch(8), batch(9)), drain(spool));
    }

    @Test
    void aSpoolDirectoryThatCannotBeWrittenDropsAndCountsInsteadOfFailing() throws IOException {
        Files.createDirectories(directory.getParent());
        Files.writeString(directory, "a file where the spool directory should be");
        Spool spool = new Spool(directory, 1_000_000, LOG);
        assertEquals(2, spool.append(batch(1), 2));
        assertTrue(spool.isEmpty());
        Files.delete(directory);
        assertEquals(0, spool.append(batch(2), 2));
        assertEquals(List.of(batch(2)), drain(spool));
    }

    @Test
    void aBatchSentWhileItWasDroppedDoesNotRemoveTheNextOne() {
        int size = batch(0).length();
        Spool spool = new Spool(directory, 2L * size, LOG);
        spool.append(batch(0), 2);
        spool.append(batch(1), 2);
        Spool.Batch sending = spool.peek().orElseThrow();
        spool.append(batch(2), 2); // drops batch 0 while it is being sent
        spool.removeSent(sending.sequence());
        assertEquals(List.of(batch(1), batch(2)), drain(spool));
    }

    @Test
    void namesBatchFilesWithTheSequenceInNineteenDigits() {
        for (long sequence : new long[] {0, 7, 1_000_000_000_000L, 999_999_999_999_999_999L,
            Long.MAX_VALUE, -3}) {
            assertEquals(String.format("%019d-%d%s", sequence, 42, ".batch"),
                    Spool.fileName(sequence, 42));
        }
    }
}
