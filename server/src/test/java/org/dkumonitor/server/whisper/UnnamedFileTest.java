package org.dkumonitor.server.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system calls behind {@link NewFile.Unnamed}, on this machine's real file system. */
class UnnamedFileTest {

    @Test
    void anUnnamedFileIsNowhereUntilLinkedThenHasItsBytesUnderItsName(@TempDir Path dir)
            throws IOException {
        int fd = NativeFiles.openUnnamed(dir);
        if (fd < 0) {
            // a file system that refuses unnamed files: new files take a temporary name
            NewFile made = NewFile.make(dir.resolve("a.wsp"));
            made.discard();
            assertEquals(NewFile.Temporary.class, made.getClass());
            return;
        }
        try (FileChannel channel = FileChannel.open(NativeFiles.descriptorPath(fd),
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("whisper".getBytes(StandardCharsets.US_ASCII)), 0);
            try (var entries = Files.list(dir)) {
                assertEquals(List.of(), entries.toList());
            }
            assertTrue(NativeFiles.allocate(fd, 4096, dir.resolve("a.wsp")));
            NativeFiles.linkUnnamed(fd, dir.resolve("a.wsp"));
        } finally {
            NativeFiles.close(fd);
        }
        byte[] bytes = Files.readAllBytes(dir.resolve("a.wsp"));
        assertEquals(4096, bytes.length, "fallocate gave it its size");
        assertArrayEquals("whisper".getBytes(StandardCharsets.US_ASCII),
                java.util.Arrays.copyOf(bytes, 7));
    }

    @Test
    void linkingNeverReplacesAFile(@TempDir Path dir) throws IOException {
        Path taken = dir.resolve("taken.wsp");
        Files.writeString(taken, "first");
        int fd = NativeFiles.openUnnamed(dir);
        if (fd < 0) {
            return; // refused here: the temporary name's rename is tested in DataAreaTest
        }
        try {
            assertThrows(FileAlreadyExistsException.class,
                    () -> NativeFiles.linkUnnamed(fd, taken));
        } finally {
            NativeFiles.close(fd);
        }
        assertEquals("first", Files.readString(taken));
        try (var entries = Files.list(dir)) {
            assertEquals(List.of(taken), entries.toList(), "the unnamed file left nothing");
        }
    }

    @Test
    void aMissingDirectoryIsSaidAsSuch(@TempDir Path dir) throws IOException {
        int probe = NativeFiles.openUnnamed(dir);
        if (probe < 0) {
            return; // refused before the directory is looked at
        }
        NativeFiles.close(probe);
        assertThrows(NoSuchFileException.class,
                () -> NativeFiles.openUnnamed(dir.resolve("missing")));
    }
}
