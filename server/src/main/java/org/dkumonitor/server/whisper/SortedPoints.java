package org.dkumonitor.server.whisper;

/**
 * Points in increasing timestamp order, as two arrays of which the first {@code size} entries
 * count: how the persister hands a metric's batch to {@link WhisperFile#updateMany(SortedPoints,
 * long)} without an object per point. Equal timestamps may appear; of those the last wins.
 */
public record SortedPoints(long[] timestamps, double[] values, int size) {

    public SortedPoints {
        if (size < 0 || size > timestamps.length || size > values.length) {
            throw new IllegalArgumentException("size " + size + " does not fit the arrays");
        }
    }
}
