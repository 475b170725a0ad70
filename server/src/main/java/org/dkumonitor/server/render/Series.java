package org.dkumonitor.server.render;

import java.util.Arrays;

/**
 * A named series of values at a fixed step: value {@code i} is at {@code start + i * step}; a
 * missing value is NaN. {@code end} is exclusive. The values array is owned by the series.
 */
public record Series(String name, long start, long end, int step, double[] values) {

    public long timestampAt(int index) {
        return start + (long) step * index;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Series that && name.equals(that.name) && start == that.start
                && end == that.end && step == that.step && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Series[" + name + " " + start + ".." + end + " step " + step + " "
                + Arrays.toString(values) + "]";
    }
}
