package org.dkumonitor.server.whisper;

import java.util.ArrayList;
import java.util.List;

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
    static List<Long> of(List<Long> values) {
        long[] table = emptyTable(MIN_SIZE);
        int used = 0;
        java.util.Set<Long> seen = new java.util.HashSet<>();
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
            if (entry != EMPTY) {
                ordered.add(entry);
            }
        }
        return ordered;
    }

    private static long[] emptyTable(int size) {
        long[] table = new long[size];
        java.util.Arrays.fill(table, EMPTY);
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
                insert(table, entry);
            }
        }
        return table;
    }

    /** Inserts a value known to be absent, probing as CPython does. */
    private static void insert(long[] table, long hash) {
        int mask = table.length - 1;
        long perturb = hash;
        int i = (int) (hash & mask);
        while (true) {
            if (table[i] == EMPTY) {
                table[i] = hash;
                return;
            }
            if (i + LINEAR_PROBES <= mask) {
                for (int j = 1; j <= LINEAR_PROBES; j++) {
                    if (table[i + j] == EMPTY) {
                        table[i + j] = hash;
                        return;
                    }
                }
            }
            perturb >>>= PERTURB_SHIFT;
            i = (int) ((i * 5L + 1 + perturb) & mask);
        }
    }
}
