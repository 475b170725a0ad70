package org.dkumonitor.server.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * PythonSetOrder over primitive arrays against the boxed version it replaced (kept below as
 * the reference: a HashSet for the duplicates, the probing table for the order), which
 * WhisperPythonInteropTest had checked against CPython.
 */
class PythonSetOrderTest {

    private static final long NOW = 1_700_000_040L;

    @Test
    void keepsTheFirstOfEqualValuesInTableOrder() {
        // 5 and 13 both hash to slot 5 of the 8-slot table; 13 then probes on to slot 2
        assertArrayEquals(new long[] {13, 5}, PythonSetOrder.of(new long[] {5, 5, 13, 5}));
        assertArrayEquals(new long[] {5, 13}, PythonSetOrder.of(new long[] {13, 5, 13}));
        assertArrayEquals(new long[] {7}, PythonSetOrder.of(new long[] {7, 7, 7}));
        assertArrayEquals(new long[0], PythonSetOrder.of(new long[0]));
    }

    @Test
    void ordersRandomBatchesAsTheBoxedVersion() {
        Random random = new Random(21);
        for (int n = 0; n < 2_000; n++) {
            int step = 1 + random.nextInt(3600);
            long[] values = intervals(random, 1 + random.nextInt(n < 1_000 ? 40 : 3_000),
                    step, 1 + random.nextInt(10_000_000));
            assertArrayEquals(boxedOrder(values), PythonSetOrder.of(values), "batch " + n);
        }
    }

    @Test
    void ordersAsTheBoxedVersionPastTheTablesSlowerGrowth() {
        // above 50,000 values CPython grows its table by two instead of four
        Random random = new Random(50_000);
        for (int n = 0; n < 4; n++) {
            long[] values = intervals(random, 120_000 + random.nextInt(200_000),
                    1 + random.nextInt(10), 2_000_000 + random.nextInt(20_000_000));
            long[] ordered = PythonSetOrder.of(values);
            assertTrue(ordered.length > 50_000 && ordered.length < values.length,
                    ordered.length + " distinct of " + values.length);
            assertArrayEquals(boxedOrder(values), ordered, "batch " + n);
        }
    }

    /** {@code count} intervals of {@code step} within {@code spread} seconds before NOW. */
    private static long[] intervals(Random random, int count, int step, int spread) {
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            long t = NOW - random.nextInt(spread);
            values[i] = t - Math.floorMod(t, step);
        }
        return values;
    }

    /** The version this replaced, verbatim but for the array in and out. */
    private static long[] boxedOrder(long[] input) {
        List<Long> values = Arrays.stream(input).boxed().toList();
        long[] table = emptyTable(8);
        int used = 0;
        Set<Long> seen = new HashSet<>();
        for (long value : values) {
            if (!seen.add(value)) {
                continue;
            }
            insert(table, value);
            used++;
            int mask = table.length - 1;
            if ((long) used * 5 >= (long) mask * 3) {
                table = resize(table, used > 50_000 ? used * 2 : used * 4);
            }
        }
        List<Long> ordered = new ArrayList<>(used);
        for (long entry : table) {
            if (entry != -1) {
                ordered.add(entry);
            }
        }
        return ordered.stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] emptyTable(int size) {
        long[] table = new long[size];
        Arrays.fill(table, -1);
        return table;
    }

    private static long[] resize(long[] old, int minUsed) {
        int size = 8;
        while (size <= minUsed) {
            size <<= 1;
        }
        long[] table = emptyTable(size);
        for (long entry : old) {
            if (entry != -1) {
                insert(table, entry);
            }
        }
        return table;
    }

    private static void insert(long[] table, long hash) {
        int mask = table.length - 1;
        long perturb = hash;
        int i = (int) (hash & mask);
        while (true) {
            if (table[i] == -1) {
                table[i] = hash;
                return;
            }
            if (i + 9 <= mask) {
                for (int j = 1; j <= 9; j++) {
                    if (table[i + j] == -1) {
                        table[i + j] = hash;
                        return;
                    }
                }
            }
            perturb >>>= 5;
            i = (int) ((i * 5L + 1 + perturb) & mask);
        }
    }
}
