package org.dkumonitor.core.carbon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

final class CarbonLineTest {

    @Test
    void writesWholeValuesWithoutADecimalPoint() {
        assertEquals("a.b 42 1700000000\n", new CarbonLine("a.b", 42.0, 1700000000L).toPlaintext());
        assertEquals("a.b -3 1\n", new CarbonLine("a.b", -3.0, 1).toPlaintext());
    }

    @Test
    void writesFractionsNanAndHugeValuesAsPythonFloatParsesThem() {
        assertEquals("a 0.25 1\n", new CarbonLine("a", 0.25, 1).toPlaintext());
        assertEquals("a NaN 1\n", new CarbonLine("a", Double.NaN, 1).toPlaintext());
        assertEquals("a 1.0E20 1\n", new CarbonLine("a", 1e20, 1).toPlaintext());
    }

    @Test
    void appendsALineUnderAPrefixAsToPlaintextWritesIt() {
        StringBuilder out = new StringBuilder("x 1 1\n");
        CarbonLine.appendPlaintext(out, "collectd.h", "cpu.0.percent.idle", 97.5, 1700000000L);
        CarbonLine.appendPlaintext(out, "", "a.b", 1e15, 2);
        assertEquals("x 1 1\ncollectd.h.cpu.0.percent.idle 97.5 1700000000\na.b 1.0E15 2\n",
                out.toString());
        for (double value : new double[] {0, -0.0, 3, 1.5, 1e-7, 999_999_999_999_999.0, 1e16,
            Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals(new CarbonLine("p.q", value, 7).toPlaintext(),
                    CarbonLine.appendPlaintext(new StringBuilder(), "p", "q", value, 7).toString());
            assertEquals(CarbonLine.formatValue(value), new CarbonLine("a", value, 7)
                    .toPlaintext().split(" ")[1]);
        }
    }

    /** The agent writes every round through it: a whole value costs no allocation. */
    @Test
    void appendingWholeValuesAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        StringBuilder out = new StringBuilder(1 << 20);
        for (int i = 0; i < 2000; i++) {
            CarbonLine.appendPlaintext(out, "collectd.host", "memory.memory.used", i, 1800000000L);
        }
        out.setLength(0);
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            CarbonLine.appendPlaintext(out, "collectd.host", "memory.memory.used", i * 4096.0,
                    1800000000L);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(out.toString().endsWith(
                "\ncollectd.host.memory.memory.used 40955904 1800000000\n"), "the lines written");
        assertTrue(allocated < 4096, allocated + " bytes allocated for 10,000 lines");
    }

    @Test
    void rejectsAnEmptyPath() {
        assertThrows(IllegalArgumentException.class, () -> new CarbonLine("", 1, 1));
    }
}
