package org.dkumonitor.server.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whisper file read and written through its bare descriptor (this test runs on Linux). */
class DescriptorIoTest {

    @TempDir
    Path dir;

    private Path fileOf(int size) throws IOException {
        Path file = dir.resolve("f.wsp");
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Files.write(file, bytes);
        return file;
    }

    @Test
    void readsAndWritesAtPositionsAndMovesPastTheLargestTransferInSeveralCalls()
            throws Exception {
        int size = DescriptorIo.MAX_TRANSFER * 2 + 123;
        Path file = fileOf(size);
        byte[] expected = Files.readAllBytes(file);
        try (DescriptorIo io = DescriptorIo.open(file, true)) {
            assertNotNull(io, "Linux opens a bare descriptor");
            ByteBuffer all = ByteBuffer.allocate(size);
            int calls = 0;
            while (all.hasRemaining()) {
                assertTrue(io.read(all, all.position()) > 0);
                calls++;
            }
            assertEquals(3, calls, "no call moves more than MAX_TRANSFER bytes");
            assertArrayEquals(expected, all.array());
            assertEquals(-1, io.read(ByteBuffer.allocate(4), size), "the end of the file");

            ByteBuffer point = ByteBuffer.allocate(12).putInt(42).putDouble(1.5).flip();
            WhisperFile.writeFully(io, point, 1000);
            assertEquals(12, point.position(), "the source is consumed");
            ByteBuffer big = ByteBuffer.wrap(expected).position(7);
            WhisperFile.writeFully(io, big, size); // past the end: the file grows
            assertEquals(size * 2L - 7, io.size());
        }
        byte[] written = Files.readAllBytes(file);
        assertEquals(42, ByteBuffer.wrap(written, 1000, 12).getInt());
        assertEquals(1.5, ByteBuffer.wrap(written, 1004, 8).getDouble());
        assertEquals(expected[7], written[size]);
        assertEquals(expected[size - 1], written[written.length - 1]);
    }

    @Test
    void readsIntoABufferOffItsStartAndADirectOne() throws Exception {
        Path file = fileOf(64);
        byte[] expected = Files.readAllBytes(file);
        try (DescriptorIo io = DescriptorIo.open(file, false)) {
            ByteBuffer heap = ByteBuffer.allocate(20).position(5).limit(15);
            assertEquals(10, io.read(heap, 30));
            assertEquals(15, heap.position());
            assertEquals(expected[30], heap.get(5));
            assertEquals(expected[39], heap.get(14));
            assertEquals(0, heap.get(4), "nothing before the position");
            ByteBuffer direct = ByteBuffer.allocateDirect(8);
            assertEquals(8, io.read(direct, 56));
            assertEquals(expected[63], direct.get(7));
        }
    }

    @Test
    void knowsItsFileByDeviceAndInodeWhateverThePathNamesNow() throws Exception {
        Path file = fileOf(100);
        FileIo.Identity before;
        try (DescriptorIo io = DescriptorIo.open(file, true)) {
            before = io.identity(file);
            assertEquals(100, before.size());
            Path moved = dir.resolve("moved.wsp");
            Files.move(file, moved);
            assertEquals(before, io.identity(null), "renamed: the same file");
            Files.copy(moved, file);
        }
        try (DescriptorIo io = DescriptorIo.open(file, true)) {
            FileIo.Identity copy = io.identity(file);
            assertEquals(100, copy.size());
            assertNotEquals(before.key(), copy.key(), "a copy is another file");
        }
        try (DescriptorIo io = DescriptorIo.open(dir.resolve("moved.wsp"), false)) {
            assertEquals(before, io.identity(null));
        }
    }

    @Test
    void aWritersReadLeavesTheAccessTimeAsItWasAReadersRecordsIt() throws Exception {
        Path file = fileOf(4096);
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        BasicFileAttributeView view = Files.getFileAttributeView(file,
                BasicFileAttributeView.class);
        // relatime records a read that follows a write: the channel's read does
        view.setTimes(FileTime.fromMillis(System.currentTimeMillis()), old, null);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.read(ByteBuffer.allocate(12), 100);
        }
        assertNotEquals(old, accessTime(file), "this file system records access times");
        view.setTimes(FileTime.fromMillis(System.currentTimeMillis()), old, null);
        try (DescriptorIo io = DescriptorIo.open(file, true)) {
            WhisperFile.writeFully(io, ByteBuffer.allocate(12), 200);
            io.read(ByteBuffer.allocate(12), 100);
        }
        assertEquals(old, accessTime(file), "opened with O_NOATIME");
        try (DescriptorIo io = DescriptorIo.open(file, false)) {
            io.read(ByteBuffer.allocate(12), 100);
        }
        assertNotEquals(old, accessTime(file), "a reader's read is an access, as before");
    }

    private static FileTime accessTime(Path file) throws IOException {
        return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class)
                .lastAccessTime();
    }

    @Test
    void aMissingFileIsNoSuchFileAndAWriteThroughAReadOnlyDescriptorFailsWithAReason()
            throws Exception {
        assertThrows(NoSuchFileException.class,
                () -> DescriptorIo.open(dir.resolve("none.wsp"), true));
        Path file = fileOf(16);
        try (DescriptorIo io = DescriptorIo.open(file, false)) {
            IOException failure = assertThrows(IOException.class,
                    () -> io.write(ByteBuffer.allocate(4), 0));
            assertTrue(failure.getMessage().contains("pwrite"), failure.getMessage());
        }
    }

    @Test
    void closingTwiceClosesTheDescriptorOnce() throws Exception {
        Path file = fileOf(16);
        DescriptorIo io = DescriptorIo.open(file, false);
        io.close();
        // the number is free: the next open may take it; a second close must not close that
        try (DescriptorIo next = DescriptorIo.open(file, false)) {
            io.close();
            assertEquals(16, next.read(ByteBuffer.allocate(16), 0));
        }
    }

    @Test
    void aFileOutsideTheDefaultFileSystemIsLeftToAChannel() throws Exception {
        try (FileSystem memory = Jimfs.newFileSystem(Configuration.unix())) {
            Path file = memory.getPath("/f.wsp");
            Files.write(file, new byte[16]);
            assertNull(DescriptorIo.open(file, true));
            Path whisper = memory.getPath("/w.wsp");
            try (WhisperFile made = WhisperFile.createAndOpen(whisper,
                    java.util.List.of(new Retention(10, 6)), AggregationMethod.AVERAGE, 0,
                    false)) {
                made.update(3.0, 1_000L, 1_005L);
            }
            try (WhisperFile read = WhisperFile.open(whisper, false)) {
                assertEquals(3.0, read.fetch(990, 1_000, 1_005).values()[0]);
            }
        }
    }
}
