package org.dkumonitor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class TestPortsTest {

    @Test
    void withoutARangeAPortIsPickedBelowTheEphemeralPortsAndFreeOnLoopback() {
        int port = TestPorts.range(1, null);
        assertTrue(port >= 20000 && port <= 32767, "port " + port);
        assertTrue(TestPorts.isFree(port));
        int first = TestPorts.range(10, "");
        for (int p = first; p < first + 10; p++) {
            assertTrue(TestPorts.isFree(p), "port " + p);
        }
    }

    @Test
    void withARangeEveryPortComesFromIt() throws IOException {
        int low = TestPorts.range(20, null);
        String setting = low + "-" + (low + 19);
        for (int i = 0; i < 20; i++) {
            int first = TestPorts.range(5, setting);
            assertTrue(first >= low && first + 4 <= low + 19, first + " in " + setting);
        }
        assertEquals(low, TestPorts.range(20, setting), "the whole range is the only start");
    }

    @Test
    void aPortTakenForTcpOrForUdpIsNotPicked() throws IOException {
        try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = tcp.getLocalPort();
            assertFalse(TestPorts.isFree(port));
            assertThrows(IllegalStateException.class,
                    () -> TestPorts.range(1, port + "-" + port));
        }
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int port = udp.getLocalPort();
            assertFalse(TestPorts.isFree(port));
            assertThrows(IllegalStateException.class,
                    () -> TestPorts.range(1, port + "-" + port));
        }
    }

    @Test
    void aRangeThatCannotBeReadSaysWhatItMustBe() {
        for (String bad : new String[] {"26000", "26000-", "a-b", "80-90", "26000-70000",
            "26009-26000", "26000-26004"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TestPorts.range(10, bad), bad);
            assertEquals("DKM_TEST_PORTS=" + bad + ": must be LOW-HIGH, ports 1024..65535 with"
                    + " at least 10 of them, e.g. 26000-26999", e.getMessage());
        }
    }
}
