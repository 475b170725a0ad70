package org.dkumonitor.server.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dkumonitor.server.whisper.SortedPoints;
import org.dkumonitor.server.whisper.TimeSeriesPoint;

/**
 * A growable list of points as two primitive arrays: unsigned 32-bit timestamps (whisper's
 * range) and double values, 12 bytes a point. Not thread-safe; the cache guards it.
 */
final class Points {

    int count;
    private int[] timestamps;
    private double[] values;

    Points(int capacity) {
        timestamps = new int[capacity];
        values = new double[capacity];
    }

    void add(long timestamp, double value) {
        if (count == timestamps.length) {
            int capacity = Math.max(4, count * 2);
            timestamps = Arrays.copyOf(timestamps, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        timestamps[count] = (int) timestamp;
        values[count] = value;
        count++;
    }

    void addAll(Points other) {
        for (int i = 0; i < other.count; i++) {
            add(other.timestamp(i), other.values[i]);
        }
    }

    long timestamp(int index) {
        return Integer.toUnsignedLong(timestamps[index]);
    }

    void appendTo(List<TimeSeriesPoint> out) {
        for (int i = 0; i < count; i++) {
            out.add(new TimeSeriesPoint(timestamp(i), values[i]));
        }
    }

    /** Oldest first, one point per timestamp (the last added wins), as arrays. */
    SortedPoints sorted() {
        long[] outTimes = new long[count];
        double[] outValues = new double[count];
        boolean increasing = true;
        for (int i = 1; i < count && increasing; i++) {
            increasing = timestamp(i) > timestamp(i - 1);
        }
        if (increasing) {
            for (int i = 0; i < count; i++) {
                outTimes[i] = timestamp(i);
            }
            System.arraycopy(values, 0, outValues, 0, count);
            return new SortedPoints(outTimes, outValues, count);
        }
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = ((timestamp(i) << 32) | i) ^ Long.MIN_VALUE;
        }
        Arrays.sort(keys);
        int size = 0;
        for (int k = 0; k < count; k++) {
            int index = (int) (keys[k] & 0xFFFF_FFFFL);
            boolean lastOfItsTimestamp = k + 1 == count
                    || timestamp((int) (keys[k + 1] & 0xFFFF_FFFFL)) != timestamp(index);
            if (lastOfItsTimestamp) {
                outTimes[size] = timestamp(index);
                outValues[size] = values[index];
                size++;
            }
        }
        return new SortedPoints(outTimes, outValues, size);
    }

    /**
     * One point per timestamp, the last added winning (what carbon's writer does before calling
     * whisper, whose own rule would keep the first), oldest first.
     */
    List<TimeSeriesPoint> uniqueSorted() {
        List<TimeSeriesPoint> out = new ArrayList<>(count);
        boolean increasing = true;
        for (int i = 1; i < count && increasing; i++) {
            increasing = timestamp(i) > timestamp(i - 1);
        }
        if (increasing) {
            appendTo(out);
            return out;
        }
        // sort by (timestamp, arrival); the sign flip makes unsigned order signed order
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = ((timestamp(i) << 32) | i) ^ Long.MIN_VALUE;
        }
        Arrays.sort(keys);
        for (int k = 0; k < count; k++) {
            int index = (int) (keys[k] & 0xFFFF_FFFFL);
            boolean lastOfItsTimestamp = k + 1 == count
                    || timestamp((int) (keys[k + 1] & 0xFFFF_FFFFL)) != timestamp(index);
            if (lastOfItsTimestamp) {
                out.add(new TimeSeriesPoint(timestamp(index), values[index]));
            }
        }
        return out;
    }
}
