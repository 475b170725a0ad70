package org.dkumonitor.server.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapTrimTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void collectsOnlyOnceTheOldGenerationGrewByTheThreshold() {
        AtomicLong committed = new AtomicLong(20 * MIB);
        AtomicLong collections = new AtomicLong();
        HeapTrim trim = new HeapTrim(committed::get, () -> {
            collections.incrementAndGet();
            committed.set(24 * MIB); // what lives, after the collector shrank the generation
        });
        committed.set(20 * MIB + HeapTrim.GROWTH_BYTES - 1);
        trim.run();
        assertEquals(0, collections.get(), "grew less than the threshold");
        committed.set(20 * MIB + HeapTrim.GROWTH_BYTES);
        trim.run();
        assertEquals(1, collections.get());
        committed.set(24 * MIB + HeapTrim.GROWTH_BYTES - 1);
        trim.run();
        assertEquals(1, collections.get(), "measured from what was left after the collection");
        committed.set(24 * MIB + HeapTrim.GROWTH_BYTES);
        trim.run();
        assertEquals(2, collections.get());
        assertEquals(2, trim.collections());
    }

    @Test
    void aGenerationThatShrankOnItsOwnBecomesTheNewBaseline() {
        AtomicLong committed = new AtomicLong(100 * MIB);
        AtomicLong collections = new AtomicLong();
        HeapTrim trim = new HeapTrim(committed::get, collections::incrementAndGet);
        committed.set(10 * MIB);
        trim.run();
        committed.set(10 * MIB + HeapTrim.GROWTH_BYTES);
        trim.run();
        assertEquals(1, collections.get());
    }
}
