package org.dkumonitor.supervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.dkumonitor.core.process.ParentWatch;
import org.junit.jupiter.api.Test;

class LeftoversTest {

    @Test
    void findsAndStopsOnlyTheProcessesOfTheDeadSupervisor() throws Exception {
        long deadSupervisor = 4_000_000_000L + ThreadLocalRandom.current().nextInt(1_000_000);
        ProcessBuilder builder = new ProcessBuilder("/bin/sleep", "300");
        builder.environment().put(ParentWatch.ENV, Long.toString(deadSupervisor));
        Process leftover = builder.start();
        ProcessBuilder other = new ProcessBuilder("/bin/sleep", "300");
        other.environment().put(ParentWatch.ENV, Long.toString(deadSupervisor + 1));
        Process someoneElses = other.start();
        try {
            Leftovers leftovers = new Leftovers(Path.of("/proc"));

            assertEquals(java.util.List.of(leftover.pid()), leftovers.of(deadSupervisor).stream()
                    .map(ProcessHandle::pid).toList());
            assertEquals(1, leftovers.stop(deadSupervisor, Duration.ofSeconds(5)));

            assertTrue(leftover.waitFor(5, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(someoneElses.isAlive(), "another supervisor's child is kept");
            assertEquals(0, leftovers.stop(deadSupervisor, Duration.ofSeconds(5)));
        } finally {
            leftover.destroyForcibly();
            someoneElses.destroyForcibly();
        }
    }
}
