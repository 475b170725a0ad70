package org.dkumonitor.server.render.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dkumonitor.server.render.Series;
import org.junit.jupiter.api.Test;

/**
 * sum and average are computed column by column (split by time between threads when large);
 * the result must be bit for bit the row-by-row one graphite-web's order of additions gives,
 * None-aware, with series of different lengths and xFilesFactor.
 */
class ColumnAggregateTest {

    private static List<Series> series(int count, int length, long seed) {
        Random random = new Random(seed);
        List<Series> list = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            double[] values = new double[length - random.nextInt(3) * (k % 2)];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(10) == 0 ? Double.NaN
                        : (random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(12) - 4);
            }
            list.add(new Series("s" + k, 60, 60 + 60L * values.length, 60, values));
        }
        return list;
    }

    private static double[] rowByRow(List<Series> list, String func, double xff) {
        Normalized normal = Normalized.of(list);
        Aggregation.Aggregator function = Aggregation.of(func);
        double[] out = new double[normal.length()];
        double[] row = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            normal.row(i, row);
            out[i] = Aggregation.xff(Aggregation.count(row), row.length, xff)
                    ? function.apply(row) : Double.NaN;
        }
        return out;
    }

    @Test
    void sumAndAverageMatchRowByRowBitForBitSmallAndLarge() {
        for (int[] shape : new int[][] {{3, 10}, {40, 9000}, {500, 1441}}) {
            List<Series> list = series(shape[0], shape[1], shape[0]);
            for (String func : List.of("sum", "sumSeries", "average", "avg", "total")) {
                for (double xff : new double[] {0, 0.95}) {
                    RenderContext context = new RenderContext(0, 1, 1, ZoneOffset.UTC, xff,
                            null, null);
                    double[] expected = rowByRow(list, func, xff);
                    double[] actual = CombineFunctions.aggregate(context, list, func, null)
                            .get(0).values();
                    assertEquals(expected.length, actual.length);
                    for (int i = 0; i < expected.length; i++) {
                        assertEquals(Double.doubleToLongBits(expected[i]),
                                Double.doubleToLongBits(actual[i]),
                                func + " xff " + xff + " shape " + shape[0] + "x" + shape[1]
                                        + " at " + i);
                    }
                }
            }
        }
    }
}
