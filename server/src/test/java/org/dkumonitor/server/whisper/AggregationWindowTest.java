package org.dkumonitor.server.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** AggregationWindow against the boxed roll-up it replaced, xFilesFactor's edges included. */
class AggregationWindowTest {

    private static final int POINT = WhisperFormat.POINT_SIZE;
    private static final float[] FACTORS = {0f, Float.MIN_VALUE, 0.1f, 1f / 3, 0.5f, 2f / 3,
        0.99f, 1f, Float.NaN, 1.5f, -0.5f};

    @ParameterizedTest
    @CsvSource({
        "0, 4, 0, true", // nothing known: never rolled up
        "1, 4, 0, false",
        "2, 4, 0.5, false", // exactly xFilesFactor: rolled up
        "1, 4, 0.5, true",
        "1, 3, 0.33333334, true", // the float is a little above 1/3
        "1, 3, 0.3333333, false",
        "4, 4, 1, false",
        "3, 4, 1, true",
        "1, 60, NaN, false", // no comparison with NaN holds, so python rolls up
        "0, 60, NaN, true",
    })
    void rollsUpWhenXFilesFactorOfTheWindowIsKnown(int known, int size, float xFilesFactor,
            boolean tooFew) {
        long start = 3_000_000_000L; // above 2^31: intervals are unsigned
        ByteBuffer slots = ByteBuffer.allocate(size * POINT);
        for (int i = 0; i < size; i++) {
            slots.putInt(i * POINT, i < known ? (int) (start + 10L * i) : 0);
        }
        AggregationWindow window = new AggregationWindow();
        window.read(slots, 0, size, start, 10);
        assertEquals(tooFew, window.tooFewKnown(xFilesFactor));
    }

    @Test
    void givesTheBitsOfTheBoxedRollUpOnRandomSlots() {
        Random random = new Random(21);
        AggregationWindow window = new AggregationWindow(); // reused, as a roll-up does
        for (int n = 0; n < 50_000; n++) {
            List<Double> values = AggregationMethodTest.randomWindow(random);
            int step = 1 + random.nextInt(600);
            long start = random.nextBoolean() ? 1_700_000_000L : 4_000_000_000L;
            int from = random.nextInt(5) * POINT;
            ByteBuffer slots = slots(random, values, from, start, step);
            AggregationMethod method = AggregationMethod.values()[random.nextInt(8)];
            float xFilesFactor = FACTORS[random.nextInt(FACTORS.length)];

            window.read(slots, from, values.size(), start, step);
            Double ours = window.tooFewKnown(xFilesFactor) ? null : window.aggregate(method);
            Double boxed = BoxedAggregation.ofSlots(method, xFilesFactor,
                    slots.slice(from, values.size() * POINT), start, step);
            assertEquals(boxed == null ? "none" : BoxedAggregation.bits(boxed),
                    ours == null ? "none" : BoxedAggregation.bits(ours),
                    method + " " + xFilesFactor + " " + values);
        }
    }

    /**
     * The window's slots at byte {@code from} of a buffer with other slots around: a known value
     * under its expected interval, an unknown one under an empty slot, a stale interval (a
     * ring's earlier lap) or another slot's.
     */
    private static ByteBuffer slots(Random random, List<Double> values, int from, long start,
            int step) {
        ByteBuffer slots = ByteBuffer.allocate(from + (values.size() + 2) * POINT);
        for (int at = 0; at + POINT <= slots.capacity(); at += POINT) {
            slots.putInt(at, (int) (start + step * (long) random.nextInt(100)))
                    .putDouble(at + Integer.BYTES, random.nextDouble());
        }
        for (int i = 0; i < values.size(); i++) {
            long expected = start + (long) step * i;
            int at = from + i * POINT;
            Double value = values.get(i);
            long interval = value != null ? expected : switch (random.nextInt(3)) {
                case 0 -> 0;
                case 1 -> expected - (long) step * values.size() * (1 + random.nextInt(9));
                default -> expected + step;
            };
            slots.putInt(at, (int) interval)
                    .putDouble(at + Integer.BYTES, value != null ? value : random.nextDouble());
        }
        return slots;
    }
}
