package org.dkumonitor.server.render;

import java.util.Objects;

/**
 * Several series aggregated slot by slot on a common step, as a store computes it where the data
 * lives: for slot {@code i} (at {@code start + i * step}) the sum, the smallest and the largest
 * of the series' values there and how many series had one ({@code counts[i] == 0}: none did,
 * and the other three are NaN). Enough for sumSeries, averageSeries, minSeries and maxSeries,
 * with an xFilesFactor, without the series themselves.
 *
 * @param series how many series were aggregated (those without a single value included)
 */
public record SeriesAggregate(long start, long end, int step, int series, double[] sums,
        double[] mins, double[] maxes, int[] counts) {

    public SeriesAggregate {
        Objects.requireNonNull(sums, "sums");
        if (step <= 0) {
            throw new IllegalArgumentException("step must be positive, found " + step);
        }
        if (mins.length != sums.length || maxes.length != sums.length
                || counts.length != sums.length) {
            throw new IllegalArgumentException("every column needs one value per slot");
        }
    }

    public int size() {
        return sums.length;
    }
}
