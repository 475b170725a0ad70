package org.dkumonitor.agent.collect;

import static org.dkumonitor.agent.collect.FakeProc.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryCollectorTest {

    @Test
    void sendsBytesAndPercentagesOfCollectdsSixStates() {
        FakeProc proc = new FakeProc().write("meminfo", """
                MemTotal:        1000 kB
                MemFree:          400 kB
                MemAvailable:     700 kB
                Buffers:           50 kB
                Cached:           200 kB
                SwapCached:         0 kB
                SReclaimable:     100 kB
                SUnreclaim:        50 kB
                HugePages_Total:    0
                """);
        Map<String, Double> values = FakeProc.collect(new MemoryCollector(proc.files()), T0);
        assertEquals(200 * 1024.0, values.get("memory.memory.used"));
        assertEquals(400 * 1024.0, values.get("memory.memory.free"));
        assertEquals(50 * 1024.0, values.get("memory.memory.buffered"));
        assertEquals(200 * 1024.0, values.get("memory.memory.cached"));
        assertEquals(100 * 1024.0, values.get("memory.memory.slab_recl"));
        assertEquals(50 * 1024.0, values.get("memory.memory.slab_unrecl"));
        assertEquals(20.0, values.get("memory.percent.used"), 1e-9);
        assertEquals(40.0, values.get("memory.percent.free"), 1e-9);
        assertEquals(12, values.size());
    }

    @Test
    void aMissingFieldNamesTheFileAndTheField() {
        FakeProc proc = new FakeProc().write("meminfo", "MemTotal: 1000 kB\nMemFree: 10 kB\n");
        CollectionException e = assertThrows(CollectionException.class,
                () -> FakeProc.collect(new MemoryCollector(proc.files()), T0));
        assertTrue(e.getMessage().endsWith("/meminfo has no Buffers field"), e.getMessage());
    }
}
