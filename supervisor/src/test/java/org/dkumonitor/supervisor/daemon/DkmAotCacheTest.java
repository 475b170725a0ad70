package org.dkumonitor.supervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DkmAotCacheTest {

    @TempDir
    Path lib;

    /** A jar as the reproducible build makes them: one fixed mtime whatever its content. */
    private void jar(String name, String classBytes) throws IOException {
        Path jar = lib.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            ZipEntry entry = new ZipEntry("a/Main.class");
            entry.setTime(0);
            zip.putNextEntry(entry);
            zip.write(classBytes.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void aFailedTrainingRunLeavesNoTemporaryFileBehind(@TempDir Path run) throws Exception {
        // a "java" that does what a failing AOT training does: writes its configuration
        // beside the output, then fails
        Path fakeJava = run.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\nfor a in \"$@\"; do case $a in"
                + " -XX:AOTCacheOutput=*) out=${a#-XX:AOTCacheOutput=};; esac; done\n"
                + "head -c 100000 /dev/zero > \"$out.config\"\nexit 1\n");
        fakeJava.toFile().setExecutable(true);
        Files.writeString(run.resolve("dkm.aot.tmp.old"), "a killed run's leftover");
        DkmAotCache cache = new DkmAotCache(run, run, run.resolve("dkm.aot"));
        cache.train(fakeJava, "fingerprint");
        try (var left = Files.list(run)) {
            assertEquals(java.util.List.of("java"), left.map(p -> p.getFileName().toString())
                    .sorted().toList());
        }
    }

    @Test
    void seesAChangedClassThatKeptTheJarsSizeAndTime() throws IOException {
        jar("app.jar", "version 1");
        String before = DkmAotCache.fingerprint(lib);
        long size = Files.size(lib.resolve("app.jar"));

        jar("app.jar", "version 2");

        assertEquals(size, Files.size(lib.resolve("app.jar")), "same size, same mtime");
        assertNotEquals(before, DkmAotCache.fingerprint(lib));
    }

    @Test
    void isTheSameForTheSameJarsAndSeesOneMore() throws IOException {
        jar("app.jar", "version 1");
        String before = DkmAotCache.fingerprint(lib);

        assertEquals(before, DkmAotCache.fingerprint(lib));
        jar("more.jar", "x");
        assertNotEquals(before, DkmAotCache.fingerprint(lib));
    }
}
