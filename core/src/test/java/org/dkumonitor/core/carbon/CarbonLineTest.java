package org.dkumonitor.core.carbon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void rejectsAnEmptyPath() {
        assertThrows(IllegalArgumentException.class, () -> new CarbonLine("", 1, 1));
    }
}
