package org.dkumonitor.statsd;

import java.util.Arrays;

/**
 * The samples of one interval for many keys (timers, statsite's key/values), in two parallel
 * arrays in arrival order (key id, value) instead of an array per key: a key costs nothing
 * here until it has samples, and an interval's samples are one allocation that the next
 * intervals reuse (in a small heap, arrays made afresh for every key after every flush were
 * promoted to the old generation, and grew it, by the thousand).
 *
 * <p>For the flush, {@link #group} puts each key's samples side by side (a counting sort by
 * key, stable: each key's samples stay in arrival order), and {@link #samplesOf} hands out
 * one key's. Not thread-safe.
 */
final class SamplePool {

    private static final int INITIAL = 64;

    private int[] ids = new int[INITIAL];
    private double[] values = new double[INITIAL];
    private int size;
    private double[] grouped = new double[0];
    private int[] starts = new int[0];
    private int[] counts = new int[0];
    private double[] scratch = new double[16];

    int size() {
        return size;
    }

    void add(int id, double value) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        ids[size] = id;
        values[size++] = value;
    }

    /**
     * Groups the samples of keys {@code 0..keys-1}, whose sample counts are {@code counts}
     * (every sample's id is below {@code keys}), for {@link #samplesOf}.
     */
    void group(int keys, int[] counts) {
        if (starts.length < keys) {
            starts = new int[Math.max(keys, starts.length * 2)];
        }
        if (grouped.length < size) {
            grouped = new double[Math.max(size, grouped.length * 2)];
        }
        this.counts = counts;
        int at = 0;
        for (int id = 0; id < keys; id++) {
            starts[id] = at;
            at += counts[id];
        }
        // starts[id] moves to the key's end while filling, then back
        for (int i = 0; i < size; i++) {
            grouped[starts[ids[i]]++] = values[i];
        }
        for (int id = 0; id < keys; id++) {
            starts[id] -= counts[id];
        }
    }

    /**
     * After {@link #group}: key {@code id}'s samples in arrival order, at the start of an array
     * that the next call reuses (the caller may sort it).
     */
    double[] samplesOf(int id) {
        int n = counts[id];
        if (scratch.length < n) {
            scratch = new double[Math.max(n, scratch.length * 2)];
        }
        System.arraycopy(grouped, starts[id], scratch, 0, n);
        return scratch;
    }

    /**
     * Forgets the samples, keeping the arrays unless this interval used less than a quarter
     * of them (a burst does not hold its memory for good).
     */
    void clear() {
        if (ids.length > INITIAL && size < ids.length / 4) {
            int capacity = Math.max(INITIAL, size * 2);
            ids = new int[capacity];
            values = new double[capacity];
            grouped = new double[0];
        }
        size = 0;
    }
}
