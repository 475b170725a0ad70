package org.dkumonitor.server.carbon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NameCacheTest {

    private static byte[] line(String name) {
        return ("xx " + name + " 1 2").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void tenThousandNamesSentInRoundsAllHitAfterTheFirstRound() {
        NameCache cache = new NameCache();
        String[] stored = new String[10_000];
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < stored.length; i++) {
                String name = "bench.g" + (i / 100) + ".m" + i;
                byte[] bytes = line(name);
                String found = cache.lookup(bytes, 3, 3 + name.length());
                if (round == 0) {
                    assertNull(found, name);
                    stored[i] = new String(name);
                    cache.put(bytes, 3, 3 + name.length(), stored[i]);
                } else {
                    assertSame(stored[i], found, name);
                    assertEquals(name, new String(cache.lastUtf8(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(10_000, cache.size());
    }

    @Test
    void keepsTheStoredFormOfANameThatNormalisationChanged() {
        NameCache cache = new NameCache();
        byte[] bytes = "cpu;b=2;a=1".getBytes(StandardCharsets.UTF_8);
        assertNull(cache.lookup(bytes, 0, bytes.length));
        cache.put(bytes, 0, bytes.length, "cpu;a=1;b=2");
        assertEquals("cpu;a=1;b=2", cache.lookup(bytes, 0, bytes.length));
        assertEquals("cpu;a=1;b=2", new String(cache.lastUtf8(), StandardCharsets.UTF_8));
    }

    @Test
    void aFullTableStartsOverInsteadOfGrowingWithoutEnd() {
        NameCache cache = new NameCache();
        int names = NameCache.MAX_SLOTS / 2 + 10;
        for (int i = 0; i < names; i++) {
            byte[] bytes = ("n" + i).getBytes(StandardCharsets.UTF_8);
            if (cache.lookup(bytes, 0, bytes.length) == null) {
                cache.put(bytes, 0, bytes.length, "n" + i);
            }
        }
        assertTrue(cache.size() < NameCache.MAX_SLOTS / 2, "started over: " + cache.size());
        byte[] last = ("n" + (names - 1)).getBytes(StandardCharsets.UTF_8);
        assertEquals("n" + (names - 1), cache.lookup(last, 0, last.length));
    }
}
