package org.dkumonitor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    @Test
    void movesOnlyWhenAdvanced() {
        ManualClock clock = ManualClock.atEpochMilli(1_800_000_000_000L);
        assertEquals(1_800_000_000_000L, clock.millis());
        clock.advanceMillis(2000);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Instant.ofEpochMilli(1_800_000_003_000L), clock.instant());
        assertEquals(1_800_000_003_000L, clock.millis());
    }
}
