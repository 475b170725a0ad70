package org.dkumonitor.server.whisper;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The boxed roll-up that AggregationMethod and AggregationWindow replaced, verbatim but for
 * the method being a parameter: the reference their results must equal bit for bit.
 */
final class BoxedAggregation {

    private BoxedAggregation() {
    }

    /**
     * A result's bits, to compare; any NaN as one. Java leaves open which operand's bits the sum
     * of two NaNs keeps, and HotSpot's interpreter and JIT keep different ones (the boxed
     * version's sum of [inf, -inf, NaN 0x7ff8000000000001] is the latter interpreted, 0xfff8...
     * compiled), so where NaNs meet only their being NaN was ever fixed.
     */
    static String bits(double value) {
        return Double.isNaN(value) ? "NaN" : Long.toHexString(Double.doubleToRawLongBits(value));
    }

    /** ArchiveUpdate's old aggregate: null when too little of the window is known. */
    static Double ofSlots(AggregationMethod method, float xFilesFactor, ByteBuffer slots,
            long start, int step) {
        List<Double> window = new ArrayList<>(slots.remaining() / WhisperFormat.POINT_SIZE);
        List<Double> known = new ArrayList<>(window.size());
        long expected = start;
        while (slots.remaining() >= WhisperFormat.POINT_SIZE) {
            long interval = Integer.toUnsignedLong(slots.getInt());
            double value = slots.getDouble();
            Double slot = interval == expected ? value : null;
            window.add(slot);
            if (slot != null) {
                known.add(slot);
            }
            expected += step;
        }
        if (known.isEmpty()
                || (double) known.size() / window.size() < (double) xFilesFactor) {
            return null;
        }
        return aggregate(method, known, window);
    }

    /** AggregationMethod's old aggregate over lists; unknown slots of the window are null. */
    static double aggregate(AggregationMethod method, List<Double> known, List<Double> window) {
        switch (method) {
            case AVERAGE:
                return sum(known) / known.size();
            case SUM:
                return sum(known);
            case LAST:
                return known.get(known.size() - 1);
            case MAX:
                return pick(known, (candidate, best) -> candidate > best);
            case MIN:
                return pick(known, (candidate, best) -> candidate < best);
            case AVG_ZERO:
                double total = 0;
                for (Double value : window) {
                    total += value == null ? 0 : value;
                }
                return total / window.size();
            case ABSMAX:
                return pick(known, (candidate, best) -> Math.abs(candidate) > Math.abs(best));
            case ABSMIN:
                return pick(known, (candidate, best) -> Math.abs(candidate) < Math.abs(best));
            default:
                throw new AssertionError(method);
        }
    }

    private static double sum(List<Double> values) {
        double total = 0;
        for (double value : values) {
            total += value;
        }
        return total;
    }

    private interface Better {
        boolean test(double candidate, double best);
    }

    private static double pick(List<Double> values, Better better) {
        double best = values.get(0);
        for (int i = 1; i < values.size(); i++) {
            if (better.test(values.get(i), best)) {
                best = values.get(i);
            }
        }
        return best;
    }
}
