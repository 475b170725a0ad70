package org.dkumonitor.agent.collect;

import static org.dkumonitor.agent.collect.FakeProc.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadCollectorTest {

    @Test
    void dividesTheLoadAveragesByTheNumberOfCpus() {
        FakeProc proc = new FakeProc()
                .write("loadavg", "1.00 0.50 0.25 2/180 4242\n")
                .write("stat", "cpu  1 1 1 1\ncpu0 1 1 1 1\ncpu1 1 1 1 1\nprocesses 3\n");
        assertEquals(Map.of("load.load.relative.shortterm", 0.5,
                "load.load.relative.midterm", 0.25, "load.load.relative.longterm", 0.125),
                FakeProc.collect(new LoadCollector(proc.files()), T0));
    }
}
