package org.dkumonitor.statsd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SamplePoolTest {

    private static double[] samplesOf(SamplePool pool, int id, int count) {
        return Arrays.copyOf(pool.samplesOf(id), count);
    }

    @Test
    void eachKeysSamplesComeOutTogetherInArrivalOrder() {
        SamplePool pool = new SamplePool();
        int[] counts = new int[4];
        double[][] sent = {{3, 1, 2}, {}, {9}, {5, 5, 4, 8}};
        for (int round = 0; round < 4; round++) {
            for (int id = 0; id < sent.length; id++) {
                if (round < sent[id].length) {
                    pool.add(id, sent[id][round]);
                    counts[id]++;
                }
            }
        }
        pool.group(4, counts);
        for (int id = 0; id < sent.length; id++) {
            assertArrayEquals(sent[id], samplesOf(pool, id, counts[id]), "key " + id);
        }
    }

    @Test
    void anIntervalAfterABurstStartsEmptyAndGroupsOnlyItsOwnSamples() {
        SamplePool pool = new SamplePool();
        for (int i = 0; i < 100_000; i++) {
            pool.add(i % 2, i);
        }
        pool.clear();
        pool.clear();
        assertEquals(0, pool.size());
        pool.add(1, 7);
        pool.add(0, 6);
        pool.group(2, new int[] {1, 1});
        assertArrayEquals(new double[] {6}, samplesOf(pool, 0, 1));
        assertArrayEquals(new double[] {7}, samplesOf(pool, 1, 1));
    }
}
