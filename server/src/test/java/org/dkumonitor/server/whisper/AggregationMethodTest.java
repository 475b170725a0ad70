package org.dkumonitor.server.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Every aggregation method on the spec's windows (V4: 3, -7, missing, 2; ties -3, 3). */
class AggregationMethodTest {

    private static final List<Double> WINDOW = Arrays.asList(3.0, -7.0, null, 2.0);
    private static final List<Double> TIES = Arrays.asList(-3.0, 3.0, null, null);

    @ParameterizedTest
    @CsvSource({
        "AVERAGE, -0.6666666666666666, 0.0",
        "SUM, -2.0, 0.0",
        "LAST, 2.0, 3.0",
        "MAX, 3.0, 3.0",
        "MIN, -7.0, -3.0",
        "AVG_ZERO, -0.5, 0.0",
        "ABSMAX, -7.0, -3.0",
        "ABSMIN, 2.0, -3.0",
    })
    void aggregatesKnownValuesAsPythonWhisper(AggregationMethod method, double window,
            double ties) {
        assertEquals(window, method.aggregate(known(WINDOW), WINDOW));
        assertEquals(ties, method.aggregate(known(TIES), TIES));
    }

    @ParameterizedTest
    @EnumSource(AggregationMethod.class)
    void roundTripsItsCodeAndConfigName(AggregationMethod method) {
        assertEquals(method, AggregationMethod.fromCode(method.code()));
        assertEquals(method, AggregationMethod.fromConfigName(method.configName()));
    }

    @ParameterizedTest
    @EnumSource(AggregationMethod.class)
    void givesTheOnlyValueOfAOneValueWindowExceptAvgZero(AggregationMethod method) {
        List<Double> window = Arrays.asList(null, 5.0);
        double expected = method == AggregationMethod.AVG_ZERO ? 2.5 : 5.0;
        assertEquals(expected, method.aggregate(known(window), window));
    }

    @ParameterizedTest
    @CsvSource({"0", "9", "-1"})
    void refusesUnknownCodes(int code) {
        assertThrows(IllegalArgumentException.class, () -> AggregationMethod.fromCode(code));
    }

    private static List<Double> known(List<Double> window) {
        return window.stream().filter(Objects::nonNull).toList();
    }
}
