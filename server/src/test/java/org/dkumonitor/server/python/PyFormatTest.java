package org.dkumonitor.server.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected texts are what CPython 3.11 prints for the same doubles. */
class PyFormatTest {

    @ParameterizedTest
    @CsvSource({"2.5,2.5", "2,2", "1000000,1e+06", "123456.7,123457", "0.0001,0.0001",
        "0.00001,1e-05", "-3.25,-3.25", "1234567,1.23457e+06", "0.1,0.1"})
    void percentGMatchesC(double value, String expected) {
        assertEquals(expected, PyFormat.g(value));
    }

    @ParameterizedTest
    @CsvSource({"1,1.0", "0.1,0.1", "1e16,1e+16", "123456789012345.6,123456789012345.6",
        "0.0001,0.0001", "0.00001,1e-05", "-2.5e-7,-2.5e-07", "1e22,1e+22", "100,100.0"})
    void floatReprMatchesPython(double value, String expected) {
        assertEquals(expected, PyFormat.floatRepr(value));
    }
}
