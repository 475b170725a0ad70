package org.dkumonitor.server.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.dkumonitor.server.render.Series;
import org.junit.jupiter.api.Test;

/** graphite-web's merge of same-named series from several members. */
class SeriesMergeTest {

    private static final double N = Double.NaN;

    private static Series series(String name, int step, double... values) {
        return new Series(name, 1000, 1000 + (long) step * values.length, step, values);
    }

    @Test
    void aLaterCopyFillsTheGapsOfTheFirstAndNeverReplacesAValue() {
        List<Series> merged = SeriesMerge.merge(List.of(series("a", 60, 1, N, 3, N),
                series("a", 60, 9, 2, 9, N), series("a", 60, N, N, N, 4)));
        assertEquals(1, merged.size());
        assertArrayEquals(new double[] {1, 2, 3, 4}, merged.get(0).values());
    }

    @Test
    void aCopyOfAnotherSchemaReplacesAnIncompleteFirstAndThenTheNameTakesNoMore() {
        // the name exists on two nodes with different steps: graphite-web keeps the copy
        // without gaps when the first has some
        List<Series> merged = SeriesMerge.merge(List.of(series("a", 60, 1, N, 3, 4),
                series("a", 10, 5, 6), series("a", 60, N, 2, N, N)));
        assertEquals(10, merged.get(0).step());
        assertArrayEquals(new double[] {5, 6}, merged.get(0).values());
        List<Series> complete = SeriesMerge.merge(List.of(series("a", 60, 1, 2),
                series("a", 10, 5, 6, 7)));
        assertEquals(60, complete.get(0).step(), "a first copy without gaps stays");
    }

    @Test
    void differentNamesStaySortedByName() {
        List<Series> merged = SeriesMerge.merge(List.of(series("b", 60, 1), series("a", 60, 2),
                series("c", 60, N), series("a", 60, 7)));
        assertEquals(List.of("a", "b", "c"), merged.stream().map(Series::name).toList());
        assertArrayEquals(new double[] {2}, merged.get(0).values());
    }
}
