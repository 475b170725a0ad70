package org.dkumonitor.server.clickhouse;

/**
 * A rollup rule's aggregate function, as SQL over the points of a slot ({@code Value},
 * {@code Time}) and the same in Java, for the slots computed again from de-duplicated points
 * or where cached points join them.
 */
enum RollupFunction {
    AVG("avg(Value)"),
    SUM("sum(Value)"),
    MIN("min(Value)"),
    MAX("max(Value)"),
    /** The value of the latest point: anyLast in the rollup config, ordered here. */
    LAST("argMax(Value, Time)"),
    /** The value of the earliest point. */
    FIRST("argMin(Value, Time)");

    private final String sql;

    RollupFunction(String sql) {
        this.sql = sql;
    }

    String sql() {
        return sql;
    }

    /** ClickHouse's name as the graphite_rollup config gives it. */
    static RollupFunction of(String name) {
        return switch (name) {
            case "avg" -> AVG;
            case "sum" -> SUM;
            case "min" -> MIN;
            case "max" -> MAX;
            case "anyLast", "last" -> LAST;
            case "any", "first" -> FIRST;
            default -> throw new IllegalArgumentException("rollup function '" + name + "' is"
                    + " not one dkumonitor reads: use avg, sum, min, max, anyLast or any");
        };
    }

    /** The function over the values of one slot, in time order; NaN when there are none. */
    double apply(double[] values, int count) {
        if (count == 0) {
            return Double.NaN;
        }
        double result = values[0];
        switch (this) {
            case AVG, SUM -> {
                for (int i = 1; i < count; i++) {
                    result += values[i];
                }
                return this == AVG ? result / count : result;
            }
            case MIN -> {
                for (int i = 1; i < count; i++) {
                    result = Math.min(result, values[i]);
                }
                return result;
            }
            case MAX -> {
                for (int i = 1; i < count; i++) {
                    result = Math.max(result, values[i]);
                }
                return result;
            }
            case LAST -> {
                return values[count - 1];
            }
            default -> {
                return result;
            }
        }
    }
}
