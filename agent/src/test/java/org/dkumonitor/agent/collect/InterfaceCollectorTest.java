package org.dkumonitor.agent.collect;

import static org.dkumonitor.agent.collect.FakeProc.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InterfaceCollectorTest {

    private static final String HEADER = "Inter-|   Receive  ...  |  Transmit ...\n"
            + " face |bytes packets errs drop fifo frame compressed multicast|bytes packets errs"
            + " drop fifo colls carrier compressed\n";

    /** A /proc/net/dev line: receive bytes, packets, errs, drop; transmit the same. */
    private static String line(String name, long rxBytes, long rxPackets, long rxErrs,
            long rxDrop, long txBytes, long txPackets, long txErrs, long txDrop) {
        return String.format("%6s: %d %d %d %d 0 0 0 0 %d %d %d %d 0 0 0 0%n", name, rxBytes,
                rxPackets, rxErrs, rxDrop, txBytes, txPackets, txErrs, txDrop);
    }

    @Test
    void sendsPerSecondRatesOfActiveInterfacesOtherThanLo() {
        FakeProc proc = new FakeProc().write("net/dev", HEADER
                + line("lo", 6386, 58, 0, 0, 6386, 58, 0, 0)
                + line("ifb0", 0, 0, 0, 0, 0, 0, 0, 0)
                + line("eth0", 1_000_000, 2000, 1, 2, 500_000, 1000, 3, 4));
        InterfaceCollector collector = new InterfaceCollector(proc.files());
        assertEquals(Map.of(), FakeProc.collect(collector, T0));
        proc.write("net/dev", HEADER
                + line("lo", 9999, 99, 0, 0, 9999, 99, 0, 0)
                + line("ifb0", 0, 0, 0, 0, 0, 0, 0, 0)
                + line("eth0", 1_010_000, 2100, 1, 7, 520_000, 1050, 4, 4));
        assertEquals(Map.of(
                "interface.eth0.if_octets.rx", 1000.0, "interface.eth0.if_octets.tx", 2000.0,
                "interface.eth0.if_packets.rx", 10.0, "interface.eth0.if_packets.tx", 5.0,
                "interface.eth0.if_errors.rx", 0.0, "interface.eth0.if_errors.tx", 0.1,
                "interface.eth0.if_dropped.rx", 0.5, "interface.eth0.if_dropped.tx", 0.0),
                FakeProc.collect(collector, T0.plusSeconds(10)));
    }
}
