package org.dkumonitor.supervisor.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RotatingLogTest {

    private static void write(RotatingLog log, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        log.write(bytes, 0, bytes.length);
    }

    @Test
    void rotatesBeforePassingMaxBytesAndKeepsTheNewestBackups() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path file = fs.getPath("/run/p.log");
            RotatingLog log = new RotatingLog(file, 10, 2);
            for (String line : new String[] {"aaaaaaaa\n", "bbbbbbbb\n", "cccccccc\n",
                "dddddddd\n"}) {
                write(log, line);
            }
            log.close();

            assertEquals("dddddddd\n", Files.readString(file));
            assertEquals("cccccccc\n", Files.readString(fs.getPath("/run/p.log.1")));
            assertEquals("bbbbbbbb\n", Files.readString(fs.getPath("/run/p.log.2")));
            assertFalse(Files.exists(fs.getPath("/run/p.log.3")));
        }
    }

    @Test
    void withNoBackupsStartsTheFileAgainAndWithNoMaxNeverRotates() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            RotatingLog noBackups = new RotatingLog(fs.getPath("/a.log"), 10, 0);
            write(noBackups, "aaaaaaaa\n");
            write(noBackups, "bbbbbbbb\n");
            RotatingLog unbounded = new RotatingLog(fs.getPath("/b.log"), 0, 3);
            write(unbounded, "x".repeat(10_000));

            assertEquals("bbbbbbbb\n", Files.readString(fs.getPath("/a.log")));
            assertFalse(Files.exists(fs.getPath("/a.log.1")));
            assertEquals(10_000, Files.size(fs.getPath("/b.log")));
            assertFalse(Files.exists(fs.getPath("/b.log.1")));
        }
    }

    @Test
    void aFullDiskDropsAndCountsWritesWithoutStoppingTheProgram() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setBlockSize(1024).setMaxSize(8 * 1024).build())) {
            Path filler = Files.write(fs.getPath("/filler"), new byte[6 * 1024]);
            RotatingLog log = new RotatingLog(fs.getPath("/p.log"), 0, 0);

            for (int i = 0; i < 10; i++) {
                write(log, "y".repeat(1000));
            }
            long dropped = log.failedWrites();
            assertTrue(dropped > 0, "the disk filled up");
            Files.delete(filler);
            write(log, "after\n");

            assertEquals(dropped, log.failedWrites(), "writes resume once there is room");
            assertTrue(Files.readString(fs.getPath("/p.log")).endsWith("after\n"));
        }
    }

    @Test
    void reopenWritesToANewFileAfterTheOldOneWasMovedAway() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path file = fs.getPath("/p.log");
            RotatingLog log = new RotatingLog(file, 0, 0);
            write(log, "before\n");
            Files.move(file, fs.getPath("/p.log.rotated"));

            log.reopen();
            write(log, "after\n");

            assertEquals("after\n", Files.readString(file));
            assertEquals("before\n", Files.readString(fs.getPath("/p.log.rotated")));
        }
    }
}
