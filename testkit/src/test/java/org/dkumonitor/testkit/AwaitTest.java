package org.dkumonitor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void returnsOnceTheConditionHolds() {
        AtomicInteger checks = new AtomicInteger();
        Await.until("the third check", () -> checks.incrementAndGet() == 3);
        assertEquals(3, checks.get());
    }

    @Test
    void failsSayingWhatItAwaitedWhenTheTimeoutPasses() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.until("the moon turns blue", Duration.ofMillis(30), () -> false));
        assertTrue(e.getMessage().contains("30 ms until the moon turns blue"), e.getMessage());
    }

    @Test
    void equalReturnsOnceTheValueIsReached() {
        AtomicInteger value = new AtomicInteger();
        Await.equal(4, Duration.ofSeconds(10), value::incrementAndGet);
        assertEquals(4, value.get());
    }

    @Test
    void equalFailsWithTheLastValueSeen() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.equal("b", Duration.ofMillis(30), () -> "a"));
        assertTrue(e.getMessage().contains("expected b within 30 ms, last seen a"),
                e.getMessage());
    }
}
