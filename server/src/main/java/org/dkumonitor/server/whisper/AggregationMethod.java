package org.dkumonitor.server.whisper;

import java.util.Arrays;
import java.util.List;

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
     * Aggregates the known values of a window, in time order. {@code window} is every slot of the
     * window with unknown slots as null; only avg_zero looks at it.
     */
    public double aggregate(List<Double> known, List<Double> window) {
        switch (this) {
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
                throw new AssertionError(this);
        }
    }

    /** Left-to-right sum, as Python's sum(): the order of additions decides the last bits. */
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

    /** Python's max()/min(): the first of equal candidates wins. */
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
