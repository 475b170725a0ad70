package org.dkumonitor.server.carbon;

import java.util.Arrays;

/**
 * Validated points from one read of one connection, handed to the {@link PointStore} together
 * so that the write-ahead log and the cache are entered once per read, not once per line.
 */
public final class PointBatch {

    private String[] names = new String[256];
    private long[] timestamps = new long[256];
    private double[] values = new double[256];
    private int size;
    private long now;

    /** Starts a new batch at {@code now} (the time {@code -1} timestamps stand for). */
    void begin(long now) {
        this.now = now;
    }

    long now() {
        return now;
    }

    public void add(String name, long timestamp, double value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            timestamps = Arrays.copyOf(timestamps, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        timestamps[size] = timestamp;
        values[size] = value;
        size++;
    }

    public int size() {
        return size;
    }

    public String name(int index) {
        return names[index];
    }

    public long timestamp(int index) {
        return timestamps[index];
    }

    public double value(int index) {
        return values[index];
    }

    public void clear() {
        Arrays.fill(names, 0, size, null);
        size = 0;
    }
}
