package org.dkumonitor.agent.collect;

import static org.dkumonitor.agent.collect.FakeProc.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuCollectorTest {

    private static final String HEAD = "cpu  900 0 0 0 0 0 0 0 0 0\n";
    private static final String TAIL = "intr 1 2 3\nctxt 99\nprocesses 500\nprocs_running 2\n";

    @Test
    void firstRoundSendsOnlyTheCpuCount() {
        FakeProc proc = new FakeProc().write("stat", HEAD
                + "cpu0 100 0 50 800 10 0 0 0 0 0\ncpu1 100 0 50 800 10 0 0 0 0 0\n" + TAIL);
        assertEquals(Map.of("cpu.count", 2.0),
                FakeProc.collect(new CpuCollector(proc.files()), T0));
    }

    @Test
    void sendsEachStateAsAPercentOfTheTicksSinceTheLastRoundWithGuestSubtracted() {
        FakeProc proc = new FakeProc().write("stat", HEAD
                + "cpu0 1000 200 300 5000 40 5 6 7 100 20\n" + TAIL);
        CpuCollector cpu = new CpuCollector(proc.files());
        FakeProc.collect(cpu, T0);
        // deltas: user 60 (incl. guest 10), nice 15 (incl. guest_nice 5), system 10, idle 105,
        // iowait 4, irq 1, softirq 2, steal 3, guest 10, guest_nice 5: 200 ticks counted once
        proc.write("stat", HEAD + "cpu0 1060 215 310 5105 44 6 8 10 110 25\n" + TAIL);
        Map<String, Double> values = FakeProc.collect(cpu, T0.plusSeconds(10));
        assertEquals(25.0, values.get("cpu.0.percent.user"), 1e-9);
        assertEquals(5.0, values.get("cpu.0.percent.nice"), 1e-9);
        assertEquals(5.0, values.get("cpu.0.percent.system"), 1e-9);
        assertEquals(52.5, values.get("cpu.0.percent.idle"), 1e-9);
        assertEquals(2.0, values.get("cpu.0.percent.wait"), 1e-9);
        assertEquals(0.5, values.get("cpu.0.percent.interrupt"), 1e-9);
        assertEquals(1.0, values.get("cpu.0.percent.softirq"), 1e-9);
        assertEquals(1.5, values.get("cpu.0.percent.steal"), 1e-9);
        assertEquals(5.0, values.get("cpu.0.percent.guest"), 1e-9);
        assertEquals(2.5, values.get("cpu.0.percent.guest_nice"), 1e-9);
        assertEquals(100.0, values.entrySet().stream().filter(e -> e.getKey().contains("percent"))
                .mapToDouble(Map.Entry::getValue).sum(), 1e-9);
        assertEquals(11, values.size());
    }

    @Test
    void aCpuWithNoTicksSinceTheLastRoundSendsNoPercentages() {
        FakeProc proc = new FakeProc().write("stat", HEAD + "cpu0 1 2 3 4 5 6 7 8 0 0\n" + TAIL);
        CpuCollector cpu = new CpuCollector(proc.files());
        FakeProc.collect(cpu, T0);
        assertEquals(Map.of("cpu.count", 1.0), FakeProc.collect(cpu, T0.plusSeconds(10)));
    }
}
