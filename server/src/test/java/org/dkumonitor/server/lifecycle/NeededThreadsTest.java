package org.dkumonitor.server.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NeededThreadsTest {

    private final BlockingQueue<String> deaths = new LinkedBlockingQueue<>();
    private Consumer<String> before;

    @BeforeEach
    void recordDeaths() {
        before = NeededThreads.onDeath(deaths::add);
    }

    @AfterEach
    void restore() {
        NeededThreads.onDeath(before);
        NeededThreads.forgetDead();
    }

    @Test
    void anOutOfMemoryErrorInANeededThreadEndsTheProcess() throws Exception {
        Thread thread = NeededThreads.start("needed-oom", () -> {
            throw new OutOfMemoryError("Java heap space");
        }, () -> false);
        thread.join();
        String death = deaths.poll(5, TimeUnit.SECONDS);
        assertTrue(death.contains("needed-oom") && death.contains("Java heap space"), death);
        assertTrue(NeededThreads.dead().contains("needed-oom"));
    }

    @Test
    void aNeededThreadThatReturnsWhileStillNeededEndsTheProcessButNotWhenStopped()
            throws Exception {
        NeededThreads.start("needed-returns", () -> { }, () -> false).join();
        assertTrue(deaths.poll(5, TimeUnit.SECONDS).contains("returned"));
        NeededThreads.start("needed-stopped", () -> { }, () -> true).join();
        assertEquals(null, deaths.poll(100, TimeUnit.MILLISECONDS));
        assertTrue(!NeededThreads.dead().contains("needed-stopped"));
    }

    @Test
    void aTimerTaskSurvivesAnExceptionButNotAnError() throws Exception {
        NeededThreads.guard("task", () -> {
            throw new IllegalStateException("a bug, once");
        }).run();
        assertEquals(List.of(), List.copyOf(deaths));
        try {
            NeededThreads.guard("task", () -> {
                throw new OutOfMemoryError("Java heap space");
            }).run();
        } catch (OutOfMemoryError expected) {
            // rethrown after being reported
        }
        assertTrue(deaths.poll(5, TimeUnit.SECONDS).contains("task"));
    }
}
