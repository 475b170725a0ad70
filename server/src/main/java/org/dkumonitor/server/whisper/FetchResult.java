package org.dkumonitor.server.whisper;

import java.util.Arrays;

/**
 * What a fetch returns: values for the slots {@code from, from+step, ... < until}; a slot with no
 * data is NaN. {@code values} is owned by the result: callers must not change it.
 */
public record FetchResult(long from, long until, int step, double[] values) {

    public long timestampAt(int index) {
        return from + (long) step * index;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FetchResult that && from == that.from && until == that.until
                && step == that.step && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(from) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FetchResult[" + from + ".." + until + " step " + step + " "
                + Arrays.toString(values) + "]";
    }
}
