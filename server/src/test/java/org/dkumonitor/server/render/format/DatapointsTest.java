package org.dkumonitor.server.render.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dkumonitor.server.render.Series;
import org.junit.jupiter.api.Test;

/** graphite-web's renderViewJson consolidation, worked by hand from views.py. */
class DatapointsTest {

    private static Series minutes(double... values) {
        return new Series("m", 600, 600 + 60L * values.length, 60, values);
    }

    @Test
    void keepsEveryPointUnderTheLimit() {
        Datapoints points = Datapoints.of(minutes(1, 2, 3), 180, 10);
        assertArrayEquals(new double[] {1, 2, 3}, points.values());
        assertEquals(600, points.start());
        assertEquals(60, points.step());
    }

    @Test
    void nudgesTheStartAndAveragesBuckets() {
        // 10 steps over maxDataPoints 4: 3 values per point, step 180; start 600 is nudged to
        // 720 and graphite-web drops nudge/step - 1 = 1 value
        Datapoints points = Datapoints.of(minutes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 600, 4);
        assertEquals(720, points.start());
        assertEquals(180, points.step());
        assertArrayEquals(new double[] {3, 6, 9}, points.values());
    }

    @Test
    void oneDataPointConsolidatesEverything() {
        Series sum = minutes(1, 2, 3, Double.NaN).withConsolidation("sum");
        assertArrayEquals(new double[] {6}, Datapoints.of(sum, 240, 1).values());
    }

    @Test
    void writesNullsAndInfinityAsGraphiteWeb() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonFormat.write(List.of(minutes(1.5, Double.NaN, Double.POSITIVE_INFINITY, 1e17)), null,
                false, false, out);
        assertEquals("[{\"target\":\"m\",\"tags\":{\"name\":\"m\"},\"datapoints\":[[1.5,600],"
                + "[null,660],[1e9999,720],[1e+17,780]]}]", out.toString(StandardCharsets.UTF_8));
    }
}
