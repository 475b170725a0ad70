package org.dkumonitor.server.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Every aggregation method on the spec's windows (V4: 3, -7, missing, 2; ties -3, 3). */
class AggregationMethodTest {

    private static final List<Double> WINDOW = Arrays.asList(3.0, -7.0, null, 2.0);
    private static final List<Double> TIES = Arrays.asList(-3.0, 3.0, null, null);
    /** Values whose sums, comparisons and signs are easy to get subtly wrong. */
    private static final double[] AWKWARD = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
        -Double.MAX_VALUE, 0.1, 0.2, 0.3, 1e16, -1e16, 1.0, -1.0, 3.0, -3.0,
        Double.longBitsToDouble(0x7ff8_0000_0000_0001L),
        Double.longBitsToDouble(0xfff8_0000_0000_0000L)};

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
        assertEquals(window, aggregate(method, WINDOW));
        assertEquals(ties, aggregate(method, TIES));
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
        double expected = method == AggregationMethod.AVG_ZERO ? 2.5 : 5.0;
        assertEquals(expected, aggregate(method, Arrays.asList(null, 5.0)));
    }

    @ParameterizedTest
    @EnumSource(AggregationMethod.class)
    void givesTheBitsOfTheBoxedVersionOnRandomWindows(AggregationMethod method) {
        Random random = new Random(method.code());
        for (int n = 0; n < 20_000; n++) {
            List<Double> window = randomWindow(random);
            List<Double> known = known(window);
            if (known.isEmpty()) {
                continue;
            }
            // known values past count must not matter
            double[] values = new double[known.size() + random.nextInt(3)];
            Arrays.fill(values, Double.NaN);
            for (int i = 0; i < known.size(); i++) {
                values[i] = known.get(i);
            }
            assertEquals(BoxedAggregation.bits(BoxedAggregation.aggregate(method, known, window)),
                    BoxedAggregation.bits(method.aggregate(values, known.size(), window.size())),
                    method + " of " + window);
        }
    }

    @ParameterizedTest
    @CsvSource({"0", "9", "-1"})
    void refusesUnknownCodes(int code) {
        assertThrows(IllegalArgumentException.class, () -> AggregationMethod.fromCode(code));
    }

    /** A window of 1 to 60 slots, a random share unknown, the known ones plain or awkward. */
    static List<Double> randomWindow(Random random) {
        int size = 1 + random.nextInt(60);
        double unknownShare = random.nextDouble();
        List<Double> window = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            window.add(random.nextDouble() < unknownShare ? null : randomValue(random));
        }
        return window;
    }

    private static double randomValue(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> AWKWARD[random.nextInt(AWKWARD.length)];
            case 1 -> random.nextInt(7) - 3; // ties
            case 2 -> random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
            default -> random.nextDouble();
        };
    }

    private static double aggregate(AggregationMethod method, List<Double> window) {
        double[] known = known(window).stream().mapToDouble(Double::doubleValue).toArray();
        return method.aggregate(known, known.length, window.size());
    }

    private static List<Double> known(List<Double> window) {
        return window.stream().filter(Objects::nonNull).toList();
    }
}
