package org.dkumonitor.agent.collect;

import static org.dkumonitor.agent.collect.FakeProc.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilesCollectorTest {

    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

    private void file(String path, int bytes, long secondsBeforeT0) throws IOException {
        Path file = fs.getPath(path);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
        Files.setLastModifiedTime(file, FileTime.from(T0.minusSeconds(secondsBeforeT0)));
    }

    @Test
    void countsMatchingFilesTheirBytesAndTheNewestOnesAgeAndSize() throws IOException {
        file("/backups/repo1/nightly-1.tar.gz", 100, 172_800);
        file("/backups/repo1/nightly-2.tar.gz", 300, 86_400);
        file("/backups/repo1/nightly-3.tar.gz", 200, 3_600);
        file("/backups/repo1/notes.txt", 5, 0);
        file("/backups/repo1/old/nightly-0.tar.gz", 7, 0);
        FilesCollector files = new FilesCollector(fs,
                List.of(new FileGlob("repo1", "/backups/repo1/nightly-*.tar.gz")));
        assertEquals(Map.of("filecount.repo1.files", 3.0, "filecount.repo1.bytes", 600.0,
                "filecount.repo1.newest_age", 3600.0, "filecount.repo1.newest_size", 200.0),
                FakeProc.collect(files, T0));
    }

    @Test
    void aGlobAcrossDirectoriesFindsFilesInEach() throws IOException {
        file("/backups/repo1/a.tgz", 10, 50);
        file("/backups/repo2/b.tgz", 20, 20);
        file("/backups/repo2/deeper/c.tgz", 40, 10);
        FilesCollector files = new FilesCollector(fs, List.of(
                new FileGlob("one_level", "/backups/*/*.tgz"),
                new FileGlob("any depth", "/backups/**.tgz")));
        Map<String, Double> values = FakeProc.collect(files, T0);
        assertEquals(2.0, values.get("filecount.one_level.files"));
        assertEquals(20.0, values.get("filecount.one_level.newest_age"));
        assertEquals(3.0, values.get("filecount.any_depth.files"));
        assertEquals(70.0, values.get("filecount.any_depth.bytes"));
    }

    @Test
    void aMissingDirectorySendsNoFilesAndNoAge() {
        FilesCollector files = new FilesCollector(fs,
                List.of(new FileGlob("gone", "/backups/gone/*.tar.gz")));
        assertEquals(Map.of("filecount.gone.files", 0.0, "filecount.gone.bytes", 0.0),
                FakeProc.collect(files, T0));
    }
}
