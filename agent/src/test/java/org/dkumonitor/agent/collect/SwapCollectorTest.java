package org.dkumonitor.agent.collect;

import static org.dkumonitor.agent.collect.FakeProc.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SwapCollectorTest {

    private static final String NO_SWAP = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";

    @Test
    void withoutSwapDevicesSendsOnlyPagingInBytesPerSecondFromTheSecondRound() {
        FakeProc proc = new FakeProc().write("swaps", NO_SWAP)
                .write("vmstat", "nr_free_pages 1\npswpin 10\npswpout 20\n");
        SwapCollector swap = new SwapCollector(proc.files(), 4096);
        assertEquals(Map.of(), FakeProc.collect(swap, T0));
        proc.write("vmstat", "nr_free_pages 1\npswpin 15\npswpout 40\n");
        assertEquals(Map.of("swap.swap_io.in", 5 * 4096 / 10.0, "swap.swap_io.out",
                20 * 4096 / 10.0), FakeProc.collect(swap, T0.plusSeconds(10)));
    }

    @Test
    void sendsUsedAndFreePerDeviceInBytesAndPercent() {
        FakeProc proc = new FakeProc()
                .write("swaps", NO_SWAP + "/dev/vda2   partition\t1000\t250\t-2\n")
                .write("vmstat", "pswpin 0\npswpout 0\n");
        Map<String, Double> values = FakeProc.collect(new SwapCollector(proc.files(), 4096), T0);
        assertEquals(Map.of("swap._dev_vda2.swap.used", 250 * 1024.0,
                "swap._dev_vda2.swap.free", 750 * 1024.0,
                "swap._dev_vda2.percent.used", 25.0,
                "swap._dev_vda2.percent.free", 75.0), values);
    }
}
