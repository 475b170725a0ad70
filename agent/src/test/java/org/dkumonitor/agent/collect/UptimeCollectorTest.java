package org.dkumonitor.agent.collect;

import static org.dkumonitor.agent.collect.FakeProc.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UptimeCollectorTest {

    @Test
    void sendsWholeSecondsSinceBoot() {
        FakeProc proc = new FakeProc().write("uptime", "17895.53 35012.10\n");
        assertEquals(Map.of("uptime.uptime", 17895.0),
                FakeProc.collect(new UptimeCollector(proc.files()), T0));
    }
}
