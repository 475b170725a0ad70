package org.dkumonitor.server.render.format;

import org.dkumonitor.server.render.Consolidation;
import org.dkumonitor.server.render.Series;

/**
 * A series as the JSON output sends it, after graphite-web's maxDataPoints consolidation
 * (render/views.py renderViewJson): when the window holds more than maxDataPoints steps,
 * {@code valuesPerPoint = ceil(steps / maxDataPoints)}, the start is nudged forward so buckets
 * align to multiples of the new step (graphite-web then drops {@code nudge/step - 1} leading
 * values, one fewer than the nudge covers; we do the same), and each bucket is merged with the
 * series' consolidateBy function and xFilesFactor. Timestamps step by the new step from the
 * nudged start; there are as many points as the shorter of values and timestamps up to end.
 */
record Datapoints(long start, long step, double[] values) {

    int size() {
        return values.length;
    }

    long timestampAt(int i) {
        return start + step * i;
    }

    /** The points of {@code series} for a request whose series span {@code timeRange} seconds. */
    static Datapoints of(Series series, long timeRange, Integer maxDataPoints) {
        double[] values = series.values();
        long start = series.start();
        int valuesPerPoint = 1;
        if (maxDataPoints != null && maxDataPoints > 0) {
            if (maxDataPoints == 1) {
                valuesPerPoint = values.length;
            } else {
                double points = (double) timeRange / series.step();
                if (maxDataPoints < points) {
                    valuesPerPoint = (int) Math.ceil(points / maxDataPoints);
                    long secondsPerPoint = (long) valuesPerPoint * series.step();
                    long nudge = secondsPerPoint + Math.floorMod(start, series.step())
                            - Math.floorMod(start, secondsPerPoint);
                    start += nudge;
                    int lose = (int) Math.max(0, nudge / series.step() - 1);
                    lose = Math.min(lose, values.length);
                    double[] kept = new double[values.length - lose];
                    System.arraycopy(values, lose, kept, 0, kept.length);
                    values = kept;
                }
            }
        }
        long step = (long) series.step() * Math.max(1, valuesPerPoint);
        if (valuesPerPoint > 1) {
            values = Consolidation.consolidate(values, valuesPerPoint, series.consolidationFunc(),
                    series.xFilesFactor());
        }
        long timestamps = series.end() < start ? 0 : (series.end() - start) / step + 1;
        if (timestamps < values.length) {
            double[] cut = new double[(int) timestamps];
            System.arraycopy(values, 0, cut, 0, cut.length);
            values = cut;
        }
        return new Datapoints(start, step, values);
    }
}
