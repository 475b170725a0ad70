package org.dkumonitor.agent.collect;

import static org.dkumonitor.agent.collect.FakeProc.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InterfaceCollectorTest {

    private static final String HEADER = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            """;

    @Test
    void sendsPerSecondRatesOfActiveInterfacesOtherThanLo() {
        FakeProc proc = new FakeProc().write("net/dev", HEADER
                + "    lo:    6386      58    0    0    0     0          0         0     6386      58    0    0    0     0       0          0\n"
                + "  ifb0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n"
                + "  eth0: 1000000    2000    1    2    0     0          0         0   500000    1000    3    4    0     0       0          0\n");
        InterfaceCollector collector = new InterfaceCollector(proc.files());
        assertEquals(Map.of(), FakeProc.collect(collector, T0));
        proc.write("net/dev", HEADER
                + "    lo:    9999      99    0    0    0     0          0         0     9999      99    0    0    0     0       0          0\n"
                + "  ifb0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n"
                + "  eth0: 1010000    2100    1    7    0     0          0         0   520000    1050    4    4    0     0       0          0\n");
        assertEquals(Map.of(
                "interface.eth0.if_octets.rx", 1000.0, "interface.eth0.if_octets.tx", 2000.0,
                "interface.eth0.if_packets.rx", 10.0, "interface.eth0.if_packets.tx", 5.0,
                "interface.eth0.if_errors.rx", 0.0, "interface.eth0.if_errors.tx", 0.1,
                "interface.eth0.if_dropped.rx", 0.5, "interface.eth0.if_dropped.tx", 0.0),
                FakeProc.collect(collector, T0.plusSeconds(10)));
    }
}
