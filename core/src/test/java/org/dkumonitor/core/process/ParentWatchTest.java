package org.dkumonitor.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParentWatchTest {

    @Test
    void aLiveProcessIsAliveAndGoneOnlyOnceItHasExitedAndBeenReaped() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")));
        Process child = new ProcessBuilder("sleep", "30").start();
        ParentWatch.Liveness liveness = ParentWatch.Liveness.of(child.pid());
        assertEquals(ParentWatch.State.ALIVE, liveness.check());
        child.destroyForcibly();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        long started = System.nanoTime();
        ParentWatch.watch(liveness, Duration.ofMillis(10));
        assertTrue(System.nanoTime() - started < 5_000_000_000L);
    }

    @Test
    void aProcessThatDoesNotExistIsGoneAtOnce() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")));
        assertEquals(ParentWatch.State.GONE, ParentWatch.Liveness.of(Integer.MAX_VALUE - 7)
                .check());
    }

    @Test
    void readsTheStateAfterTheLastParenthesisOfTheCommand(@TempDir Path dir) throws Exception {
        Path proc = dir.resolve("proc/42");
        Files.createDirectories(proc);
        Path stat = proc.resolve("stat");
        Files.writeString(stat, "42 (dkm (super) visor) S 1 42 42 0 -1\n");
        ParentWatch.Liveness liveness = ParentWatch.Liveness.of(42, stat);
        assertEquals(ParentWatch.State.ALIVE, liveness.check());
        Files.writeString(stat, "42 (dkm (super) visor) Z 1 42 42 0 -1\n");
        assertEquals(ParentWatch.State.GONE, liveness.check(), "a zombie has exited");
    }
}
