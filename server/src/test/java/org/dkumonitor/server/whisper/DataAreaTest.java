package org.dkumonitor.server.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataAreaTest {

    /** The installer's default schema: 916 KiB a file. */
    private static final List<Retention> DEFAULT = List.of(new Retention(10, 8640),
            new Retention(60, 43_200), new Retention(3600, 26_280));

    @Test
    void reservedFileReadsAsZerosAndHasItsBlocksWithoutWritingThem(@TempDir Path dir)
            throws Exception {
        Path reserved = dir.resolve("r.wsp");
        Path zeros = dir.resolve("z.wsp");
        WhisperFile.create(reserved, DEFAULT, AggregationMethod.AVERAGE, 0.5f,
                Allocation.RESERVE);
        WhisperFile.create(zeros, DEFAULT, AggregationMethod.AVERAGE, 0.5f, Allocation.ZEROS);
        assertArrayEquals(Files.readAllBytes(zeros), Files.readAllBytes(reserved));
        assertTrue(NativeFiles.canAllocate(), "this project runs on Linux");
        assertTrue(allocatedBytes(reserved) >= Files.size(reserved),
                "fallocate gave the file its blocks: " + allocatedBytes(reserved));
    }

    @Test
    void sparseFileHasAHoleInsteadOfBlocks(@TempDir Path dir) throws Exception {
        Path sparse = dir.resolve("s.wsp");
        WhisperFile.create(sparse, DEFAULT, AggregationMethod.AVERAGE, 0.5f, Allocation.SPARSE);
        assertTrue(allocatedBytes(sparse) < Files.size(sparse) / 2,
                "a hole: " + allocatedBytes(sparse));
    }

    @Test
    void aFileSystemThatRefusesFallocateGetsZerosWritten(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("f");
        Files.write(file, new byte[0]);
        // a mode this file system refuses (punch hole without keep-size): EOPNOTSUPP, not an
        // error
        assertFalse(NativeFiles.allocate(file, 4096, NativeFiles.MODE_UNSUPPORTED));
        try (FileSystem memory = Jimfs.newFileSystem(Configuration.unix())) {
            // no native call is possible outside the default file system: refused, zeros written
            Path refused = memory.getPath("/w/x.wsp");
            assertFalse(NativeFiles.allocate(memory.getPath("/"), 10));
            WhisperFile.create(refused, DEFAULT, AggregationMethod.SUM, 0f, Allocation.RESERVE);
            Path written = dir.resolve("x.wsp");
            WhisperFile.create(written, DEFAULT, AggregationMethod.SUM, 0f, Allocation.ZEROS);
            assertArrayEquals(Files.readAllBytes(written), Files.readAllBytes(refused));
        }
    }

    @Test
    void aDiskTooSmallForTheFileIsAFailureWithTheReasonNotARefusal(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("f");
        Files.write(file, new byte[0]);
        // beyond the largest file ext4 and tmpfs allow: refused by the kernel before any block
        // is taken, so the test cannot fill the disk
        IOException e = assertThrows(IOException.class,
                () -> NativeFiles.allocate(file, Long.MAX_VALUE - 1));
        assertTrue(e.getMessage().contains("File too large")
                || e.getMessage().contains("No space"), e.getMessage());
        assertEquals(0, Files.size(file));
    }

    @Test
    void renameNoReplaceNeverReplacesAFile(@TempDir Path dir) throws IOException {
        Path from = Files.writeString(dir.resolve("from"), "new");
        Path to = Files.writeString(dir.resolve("to"), "old");
        assertThrows(FileAlreadyExistsException.class, () -> NativeFiles.renameNoReplace(from,
                to));
        assertEquals("old", Files.readString(to));
        Path free = dir.resolve("free");
        assertTrue(NativeFiles.renameNoReplace(from, free));
        assertEquals("new", Files.readString(free));
        assertFalse(Files.exists(from));
    }

    @Test
    void namesThatAreNotAsciiReachTheFileJavaCreated(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("caf\u00e9.\u6e29\u5ea6"), "");
        assertTrue(NativeFiles.allocate(file, 8192));
        assertEquals(8192, Files.size(file));
    }

    /** st_blocks * 512, from stat(1): the JDK does not report a file's blocks. */
    private static long allocatedBytes(Path file) throws Exception {
        Process stat = new ProcessBuilder("stat", "-c", "%b", file.toString()).start();
        String out = new String(stat.getInputStream().readAllBytes()).strip();
        assertEquals(0, stat.waitFor());
        return Long.parseLong(out) * 512;
    }
}
