package org.dkumonitor.server.whisper;

import java.util.Arrays;

/**
 * How whisper rolls finer slots up into a coarser archive. Codes are Python whisper's: 6, 7 and 8
 * mean avg_zero, absmax and absmin (go-whisper reads them as first, mix and percentile; files in
 * the wild were made by Python carbon, so its meaning wins).
 */
public enum AggregationMethod {
    AVERAGE(1, "average"),
    SUM(2, "sum"),
    LAST(3, "last"),
    MAX(4, "max"),
    MIN(5, "min"),
    AVG_ZERO(6, "avg_zero"),
    ABSMAX(7, "absmax"),
    ABSMIN(8, "absmin");

    private final int code;
    private final String configName;

    AggregationMethod(int code, String configName) {
        this.code = code;
        this.configName = configName;
    }

    public int code() {
        return code;
    }

    /** The name used in storage-aggregation.conf and by Graphite's tools. */
    public String configName() {
        return configName;
    }

    public static AggregationMethod fromCode(int code) {
        for (AggregationMethod method : values()) {
            if (method.code == code) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown aggregation code " + code);
    }

    public static AggregationMethod fromConfigName(String name) {
        for (AggregationMethod method : values()) {
            if (method.configName.equals(name)) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown aggregation method '" + name
                + "'; expected one of "
                + Arrays.stream(values()).map(AggregationMethod::configName).toList());
    }

    /**
     * Aggregates the known values of a window: {@code known[0..count)}, in time order, out of
     * {@code windowSize} slots (the others unknown). {@code count} is at least 1.
     */
    public double aggregate(double[] known, int count, int windowSize) {
        switch (this) {
            case AVERAGE:
                return sum(known, count) / count;
            case SUM:
                return sum(known, count);
            case LAST:
                return known[count - 1];
            case MAX:
                return pick(known, count, (candidate, best) -> candidate > best);
            case MIN:
                return pick(known, count, (candidate, best) -> candidate < best);
            case AVG_ZERO:
                // unknown slots count as 0, yet adding them is left out: +0.0 changes a sum only
                // when it is -0.0, and a sum begun at +0.0 never is
                return sum(known, count) / windowSize;
            case ABSMAX:
                return pick(known, count,
                        (candidate, best) -> Math.abs(candidate) > Math.abs(best));
            case ABSMIN:
                return pick(known, count,
                        (candidate, best) -> Math.abs(candidate) < Math.abs(best));
            default:
                throw new AssertionError(this);
        }
    }

    /** Left-to-right sum, as Python's sum(): the order of additions decides the last bits. */
    private static double sum(double[] values, int count) {
        double total = 0;
        for (int i = 0; i < count; i++) {
            total += values[i];
        }
        return total;
    }

    private interface Better {
        boolean test(double candidate, double best);
    }

    /** Python's max()/min(): the first of equal candidates wins. */
    private static double pick(double[] values, int count, Better better) {
        double best = values[0];
        for (int i = 1; i < count; i++) {
            if (better.test(values[i], best)) {
                best = values[i];
            }
        }
        return best;
    }
}
