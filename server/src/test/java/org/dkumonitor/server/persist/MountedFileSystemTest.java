package org.dkumonitor.server.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.schema.StorageAggregation;
import org.dkumonitor.server.schema.StorageSchemas;
import org.dkumonitor.server.whisper.Allocation;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;
import org.dkumonitor.server.whisper.WhisperFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real file systems that refuse: a ramfs, which has no fallocate, and a tmpfs of 3 MiB that
 * fills up while files of the installer's default schema (916 KiB) are created. Each runs in a
 * child JVM inside a mount namespace of its own ({@code unshare -rm}), so the mount needs no
 * root and vanishes with the child; skipped where the kernel allows no such namespace.
 */
class MountedFileSystemTest {

    private static final List<Retention> DEFAULT = List.of(new Retention(10, 8640),
            new Retention(60, 43_200), new Retention(3600, 26_280));

    @TempDir
    Path dir;

    @Test
    void aFileSystemWithoutFallocateGetsItsZerosWritten() throws Exception {
        assertEquals("ok", child("ramfs", "", RefusedFallocate.class));
    }

    @Test
    void aDiskThatFillsDuringCreationKeepsThePointsAndLeavesNoHalfFile() throws Exception {
        assertEquals("ok", child("tmpfs", "size=3m", FullDisk.class));
    }

    private String child(String type, String options, Class<?> main) throws Exception {
        Path mount = Files.createDirectories(dir.resolve("mnt"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        String script = "mount -t " + type + (options.isEmpty() ? "" : " -o " + options)
                + " none '" + mount + "' || exit 97; exec '" + java
                + "' --enable-native-access=ALL-UNNAMED -cp '"
                + System.getProperty("java.class.path") + "' '" + main.getName() + "' '" + mount
                + "'";
        Process process;
        try {
            process = new ProcessBuilder("unshare", "-rm", "sh", "-c", script)
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no unshare here: " + e.getMessage());
            return null;
        }
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertEquals(true, process.waitFor(120, TimeUnit.SECONDS));
        assumeTrue(process.exitValue() != 97 && !output.contains("unshare: "),
                "no private mount namespace allowed here: " + output);
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1].equals("ok") ? "ok" : output;
    }

    /** On a ramfs: fallocate is refused, the file gets zeros written, reads as any other. */
    public static final class RefusedFallocate {
        public static void main(String[] args) throws Exception {
            Path root = Path.of(args[0]);
            Path reserved = root.resolve("r.wsp");
            WhisperFile.create(reserved, DEFAULT, AggregationMethod.AVERAGE, 0.5f,
                    Allocation.RESERVE);
            Path zeros = root.resolve("z.wsp");
            WhisperFile.create(zeros, DEFAULT, AggregationMethod.AVERAGE, 0.5f,
                    Allocation.ZEROS);
            if (!java.util.Arrays.equals(Files.readAllBytes(zeros),
                    Files.readAllBytes(reserved))) {
                throw new AssertionError("the file made without fallocate differs");
            }
            System.out.println("ok");
        }
    }

    /**
     * On a 3 MiB tmpfs holding a 1 MiB file of something else: the third whisper file does
     * not fit; its points wait until the other file is removed.
     */
    public static final class FullDisk {
        public static void main(String[] args) throws Exception {
            Path root = Path.of(args[0]);
            long now = 1_700_000_000L;
            MetricCache cache = new MetricCache();
            Path filler = Files.write(root.resolve("filler"), new byte[1024 * 1024]);
            Persister persister = new Persister(cache, new WhisperSettings(root,
                    () -> StorageSchemas.parse("s", "[d]\npattern = .\nretentions = "
                            + "10s:1d,1m:30d,1h:3y\n"), () -> StorageAggregation.parse("a", ""),
                    InstantSource.fixed(Instant.ofEpochSecond(now)), false, 16), 1,
                    Duration.ofMillis(10));
            for (int m = 0; m < 3; m++) {
                cache.add("full.m" + m, now - 10, m);
            }
            check(!persister.barrier().join(), "a write failed");
            check(cache.size() >= 1, "the points that did not fit wait in the cache");
            long files;
            try (var all = Files.walk(root)) {
                List<Path> made = all.filter(Files::isRegularFile).filter(p -> !p.equals(filler))
                        .toList();
                for (Path file : made) {
                    check(!file.getFileName().toString().startsWith("."),
                            "no temporary file is left: " + file);
                    check(Files.size(file) == 937_492, "a whole file: " + file);
                }
                files = made.size();
            }
            check(files == 2, "two files fit, found " + files);
            Files.delete(filler);
            check(persister.barrier().join(), "written once space returned");
            check(cache.size() == 0, "nothing waits");
            persister.stop();
            System.out.println("ok");
        }

        private static void check(boolean condition, String what) {
            if (!condition) {
                throw new AssertionError(what);
            }
        }
    }
}
