package org.dkumonitor.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.dkumonitor.core.DkmException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class StepRunnerTest {

    private final FileSystem fs = TestInstalls.unixFileSystem();
    private final StringWriter terminal = new StringWriter();
    private final StepRunner runner = new StepRunner(new InstallLog(new PrintWriter(terminal),
            fs.getPath("/srv/dkm/run/install.log"), InstantSource.fixed(Instant.EPOCH),
            ZoneOffset.UTC));

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    @Test
    void aFailedStepRemovesWhatTheInstallMadeAndKeepsWhatWasThere() throws IOException {
        Path parent = Files.createDirectories(fs.getPath("/srv"));
        Files.writeString(parent.resolve("other"), "keep me");
        Path root = fs.getPath("/srv/dkm");
        List<InstallStep> steps = List.of(
                new InstallStep.CreateDirectory(root),
                new InstallStep.CreateDirectory(root.resolve("conf")),
                new InstallStep.CreateDirectory(root.resolve("run")),
                new InstallStep.WriteFile(root.resolve("conf/a.yaml"), "a",
                        InstallStep.Mode.PLAIN),
                new InstallStep.WriteFile(root.resolve("missing/b.yaml"), "b",
                        InstallStep.Mode.PLAIN));

        DkmException failed = assertThrows(DkmException.class, () -> runner.run(steps,
                List.of(root, root.resolve("conf"), root.resolve("run"))));

        assertTrue(failed.getMessage().startsWith("install failed at 'write /srv/dkm/missing/"
                + "b.yaml': NoSuchFileException"), failed.getMessage());
        assertTrue(failed.getMessage().endsWith("what it had made is removed; fix the cause and"
                + " run it again"), failed.getMessage());
        assertFalse(Files.exists(root));
        assertEquals("keep me", Files.readString(parent.resolve("other")));
    }

    @Test
    void anExistingRootIsKeptWhenTheInstallFails() throws IOException {
        Path root = Files.createDirectories(fs.getPath("/srv/dkm"));
        Files.writeString(root.resolve("notes"), "mine");
        List<InstallStep> steps = List.of(
                new InstallStep.CreateDirectory(root.resolve("conf")),
                new InstallStep.WriteFile(root.resolve("missing/b.yaml"), "b",
                        InstallStep.Mode.PLAIN));

        assertThrows(DkmException.class, () -> runner.run(steps,
                List.of(root, root.resolve("conf"))));

        try (Stream<Path> left = Files.list(root)) {
            assertEquals(List.of(root.resolve("notes")), left.toList());
        }
    }
}
