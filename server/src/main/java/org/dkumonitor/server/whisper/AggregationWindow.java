package org.dkumonitor.server.whisper;

import java.nio.ByteBuffer;

/**
 * The slots of a finer archive that one slot of a coarser archive rolls up: the known ones
 * (whose interval is the one expected at their place) and their values, in time order.
 *
 * <p>Why: a roll-up aggregates one window per coarse interval; one instance reused for all of
 * them keeps the values unboxed and allocates nothing per interval.
 */
final class AggregationWindow {

    private static final int POINT = WhisperFormat.POINT_SIZE;

    private double[] known = new double[0];
    private int count;
    private int size;

    /**
     * Takes the {@code size} slots at byte {@code from} of {@code slots}; the first belongs to
     * interval {@code start}, each next one {@code step} seconds later.
     */
    void read(ByteBuffer slots, int from, int size, long start, int step) {
        if (known.length < size) {
            known = new double[size];
        }
        this.size = size;
        count = 0;
        long expected = start;
        for (int at = from; at < from + size * POINT; at += POINT) {
            if (Integer.toUnsignedLong(slots.getInt(at)) == expected) {
                known[count++] = slots.getDouble(at + Integer.BYTES);
            }
            expected += step;
        }
    }

    /** Whisper's rule: no roll-up when no slot, or less than xFilesFactor of them, is known. */
    boolean tooFewKnown(float xFilesFactor) {
        return count == 0 || (double) count / size < (double) xFilesFactor;
    }

    double aggregate(AggregationMethod method) {
        return method.aggregate(known, count, size);
    }
}
