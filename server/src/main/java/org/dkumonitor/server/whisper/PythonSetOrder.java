package org.dkumonitor.server.whisper;

import java.util.Arrays;

/**
 * The order in which CPython iterates {@code set(list_of_ints)}, reproduced for whisper's
 * propagation.
 *
 * <p>Why: python whisper's {@code update_many} propagates the distinct coarse intervals of a
 * batch in the iteration order of a Python {@code set}. When the coarser archive is still empty,
 * the first interval propagated becomes that archive's base point, which decides where every
 * later slot sits in the file. To write the same bytes as Graphite's whisper we must pick the
 * same first interval; taking the earliest one gives a file python reads the same way but whose
 * bytes differ.
 *
 * <p>How: CPython 3 sets are open-addressing tables of size 8, 16, ... An int's hash is the int
 * itself (for 0 &lt;= n &lt; 2^61 - 1, which covers whisper's uint32 timestamps). A key goes to
 * {@code hash & mask}, then the next {@value #LINEAR_PROBES} slots when they fit the table, then
 * {@code i = i * 5 + 1 + (perturb >>>= 5)}. The table grows to the smallest power of two above
 * four times the used count when {@code fill * 5 >= mask * 3}, re-inserting in table order.
 * Iteration is table order. Checked against CPython 3.11 by WhisperPythonInteropTest.
 */
final class PythonSetOrder {

    private static final int MIN_SIZE = 8;
    private static final int LINEAR_PROBES = 9;
    private static final int PERTURB_SHIFT = 5;
    private static final long EMPTY = -1;

    private PythonSetOrder() {
    }

    /** The distinct values of {@code values} (each within 0..2^32) in CPython set order. */
    static long[] of(long[] values) {
        long[] table = emptyTable(MIN_SIZE);
        int used = 0;
        for (long value : values) {
            if (!add(table, value)) {
                continue;
            }
            used++;
            int mask = table.length - 1;
            if ((long) used * 5 >= (long) mask * 3) {
                table = resize(table, used > 50_000 ? used * 2 : used * 4);
            }
        }
        long[] ordered = new long[used];
        int next = 0;
        for (long entry : table) {
            if (entry != EMPTY) {
                ordered[next++] = entry;
            }
        }
        return ordered;
    }

    private static long[] emptyTable(int size) {
        long[] table = new long[size];
        Arrays.fill(table, EMPTY);
        return table;
    }

    private static long[] resize(long[] old, int minUsed) {
        int size = MIN_SIZE;
        while (size <= minUsed) {
            size <<= 1;
        }
        long[] table = emptyTable(size);
        for (long entry : old) {
            if (entry != EMPTY) {
                add(table, entry);
            }
        }
        return table;
    }

    /**
     * Adds a value, probing as CPython does; false when it is there already. Nothing is ever
     * removed, so a present value lies on its own probe sequence before any empty slot: the
     * probing that would insert it finds it first.
     */
    private static boolean add(long[] table, long hash) {
        int mask = table.length - 1;
        long perturb = hash;
        int i = (int) (hash & mask);
        while (true) {
            int probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
            for (int j = i; j <= i + probes; j++) {
                if (table[j] == EMPTY) {
                    table[j] = hash;
                    return true;
                }
                if (table[j] == hash) {
                    return false;
                }
            }
            perturb >>>= PERTURB_SHIFT;
            i = (int) ((i * 5L + 1 + perturb) & mask);
        }
    }
}
