package org.dkumonitor.agent.collect;

import static org.dkumonitor.agent.collect.FakeProc.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DiskCollectorTest {

    private static String stats(String vda) {
        return "   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
                + " 254       0 " + vda + "\n";
    }

    @Test
    void reportsADiskFromItsSecondReadingWithCollectdsUnits() {
        FakeProc proc = new FakeProc().write("diskstats",
                stats("vda 1000 100 20000 500 400 40 8000 800 0 2000 3000 0 0 0 0"));
        DiskCollector disk = new DiskCollector(proc.files());
        assertEquals(Map.of(), FakeProc.collect(disk, T0));
        // in 10 s: 50 reads (5 merged) of 1000 sectors taking 100 ms, 20 writes (2 merged)
        // of 400 sectors taking 60 ms, busy 500 ms, weighted 700 ms
        proc.write("diskstats",
                stats("vda 1050 105 21000 600 420 42 8400 860 1 2500 3700 0 0 0 0"));
        Map<String, Double> values = FakeProc.collect(disk, T0.plusSeconds(10));
        assertEquals(Map.ofEntries(
                Map.entry("disk.vda.pending_operations", 1.0),
                Map.entry("disk.vda.disk_octets.read", 1000 * 512 / 10.0),
                Map.entry("disk.vda.disk_octets.write", 400 * 512 / 10.0),
                Map.entry("disk.vda.disk_ops.read", 5.0),
                Map.entry("disk.vda.disk_ops.write", 2.0),
                Map.entry("disk.vda.disk_merged.read", 0.5),
                Map.entry("disk.vda.disk_merged.write", 0.2),
                Map.entry("disk.vda.disk_time.read", 2.0),
                Map.entry("disk.vda.disk_time.write", 3.0),
                Map.entry("disk.vda.disk_io_time.io_time", 50.0),
                Map.entry("disk.vda.disk_io_time.weighted_io_time", 70.0)), values);
    }

    @Test
    void anIdleIntervalSendsZeroRatesAndZeroAverageTimes() {
        String line = stats("vda 1000 100 20000 500 400 40 8000 800 0 2000 3000 0 0 0 0");
        FakeProc proc = new FakeProc().write("diskstats", line);
        DiskCollector disk = new DiskCollector(proc.files());
        FakeProc.collect(disk, T0);
        Map<String, Double> values = FakeProc.collect(disk, T0.plusSeconds(10));
        assertEquals(10, values.size());
        values.values().forEach(v -> assertEquals(0.0, v));
    }

    @Test
    void pendingOperationsAreSentFromTheFirstTimeSomeAreInFlightOn() {
        FakeProc proc = new FakeProc().write("diskstats",
                stats("vda 10 0 80 5 0 0 0 0 0 0 0 0 0 0 0"));
        DiskCollector disk = new DiskCollector(proc.files());
        FakeProc.collect(disk, T0);
        assertEquals(false, FakeProc.collect(disk, T0.plusSeconds(10))
                .containsKey("disk.vda.pending_operations"));
        proc.write("diskstats", stats("vda 10 0 80 5 0 0 0 0 2 0 0 0 0 0 0"));
        assertEquals(2.0, FakeProc.collect(disk, T0.plusSeconds(20))
                .get("disk.vda.pending_operations"));
        proc.write("diskstats", stats("vda 10 0 80 5 0 0 0 0 0 0 0 0 0 0 0"));
        assertEquals(0.0, FakeProc.collect(disk, T0.plusSeconds(30))
                .get("disk.vda.pending_operations"));
    }

    @Test
    void aDiskThatComesBackStartsAfresh() {
        String vda = stats("vda 1000 100 20000 500 400 40 8000 800 0 2000 3000 0 0 0 0");
        FakeProc proc = new FakeProc().write("diskstats", vda);
        DiskCollector disk = new DiskCollector(proc.files());
        FakeProc.collect(disk, T0);
        proc.write("diskstats", stats("vdb 1 0 8 1 0 0 0 0 0 1 1 0 0 0 0"));
        assertEquals(Map.of(), FakeProc.collect(disk, T0.plusSeconds(10)));
        proc.write("diskstats", vda);
        assertEquals(Map.of(), FakeProc.collect(disk, T0.plusSeconds(20)));
    }
}
