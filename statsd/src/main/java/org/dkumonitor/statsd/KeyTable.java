package org.dkumonitor.statsd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte strings to dense ids 0..size-1 in the order they were first added: statsd's key maps
 * (whose flush order is a JavaScript object's insertion order) and a set's members.
 *
 * <p>Keys are looked up by their bytes, without making a String per sample: the bytes of every
 * key sit one after another in one arena (a key ends where the next starts), found through an
 * open-addressing table of ids (linear probing, at most three quarters full) that also keeps
 * each key's hash. Per key this costs its bytes plus 8 to 16 bytes of index, against a String,
 * a byte array and a map entry (about 80 bytes of headers and pointers) for a
 * {@code HashMap<String, ...>}.
 *
 * <p>The bytes and offsets of existing ids are never changed in place: growing copies them,
 * and {@link #clear} starts new arrays. So a reader that took {@link #view} under the owner's
 * lock can go on reading ids below its size after the lock is released, while new keys are
 * added. Not thread-safe otherwise.
 */
final class KeyTable {

    private byte[] arena;
    private int arenaUsed;
    /** Where each key starts in the arena; it ends at the next key's start, or arenaUsed. */
    private int[] starts;
    private int[] hashes;
    /** id + 1 per slot, 0 for a free slot. */
    private int[] slots;
    private int size;

    KeyTable(int expectedKeys) {
        int capacity = Math.max(4, expectedKeys);
        arena = new byte[capacity * 16];
        starts = new int[capacity];
        hashes = new int[capacity];
        slots = new int[slotsFor(capacity)];
    }

    /** A power of two that holds {@code keys} at most three quarters full. */
    private static int slotsFor(int keys) {
        return Math.max(8, Integer.highestOneBit((keys * 4 / 3) | 1) * 2);
    }

    int size() {
        return size;
    }

    static int hash(byte[] key, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + key[i];
        }
        return h ^ (h >>> 16);
    }

    /** The id of {@code key[from, to)}, or -1. */
    int find(byte[] key, int from, int to, int hash) {
        int mask = slots.length - 1;
        for (int slot = hash & mask;; slot = (slot + 1) & mask) {
            int id = slots[slot] - 1;
            if (id < 0) {
                return -1;
            }
            if (hashes[id] == hash && equalsAt(id, key, from, to)) {
                return id;
            }
        }
    }

    /** The id of {@code key[from, to)}, added (as the newest) when it was absent. */
    int add(byte[] key, int from, int to, int hash) {
        int found = find(key, from, to, hash);
        if (found >= 0) {
            return found;
        }
        int length = to - from;
        if (size == starts.length) {
            int capacity = size * 2;
            starts = Arrays.copyOf(starts, capacity);
            hashes = Arrays.copyOf(hashes, capacity);
        }
        if (arenaUsed + length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + length));
        }
        System.arraycopy(key, from, arena, arenaUsed, length);
        int id = size++;
        starts[id] = arenaUsed;
        hashes[id] = hash;
        arenaUsed += length;
        if (size * 4 > slots.length * 3) {
            rehash(slots.length * 2);
        } else {
            insertSlot(id);
        }
        return id;
    }

    private void insertSlot(int id) {
        int mask = slots.length - 1;
        int slot = hashes[id] & mask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = id + 1;
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        for (int id = 0; id < size; id++) {
            insertSlot(id);
        }
    }

    private int end(int id) {
        return id + 1 < size ? starts[id + 1] : arenaUsed;
    }

    private boolean equalsAt(int id, byte[] key, int from, int to) {
        int start = starts[id];
        int end = end(id);
        return end - start == to - from && Arrays.equals(arena, start, end, key, from, to);
    }

    /** Forgets every key; the arrays a {@link View} holds are left as they were. */
    void clear() {
        int capacity = Math.max(4, Math.min(starts.length, size * 2));
        arena = new byte[Math.max(64, Math.min(arena.length, arenaUsed * 2))];
        arenaUsed = 0;
        starts = new int[capacity];
        hashes = new int[capacity];
        slots = new int[slotsFor(capacity)];
        size = 0;
    }

    /**
     * Forgets every key and keeps the arrays, in place (unless they are over four times what
     * the last use needed: then smaller ones): for a table of which no {@link #view} was taken,
     * as a set's members, refilled every interval.
     */
    void reset() {
        if (starts.length > 64 && size < starts.length / 4) {
            clear();
            return;
        }
        Arrays.fill(slots, 0);
        arenaUsed = 0;
        size = 0;
    }

    /**
     * Keeps the keys whose {@code keep[id]} is true, in their order (their new ids are their
     * ranks among the kept); new arrays, as {@link #clear}.
     */
    void retain(boolean[] keep) {
        View old = view();
        clear();
        for (int id = 0; id < old.size(); id++) {
            if (keep[id]) {
                add(old.arena(), old.start(id), old.start(id) + old.length(id),
                        hash(old.arena(), old.start(id), old.start(id) + old.length(id)));
            }
        }
    }

    /** Bytes held, for the memory figures. */
    long bytes() {
        return arena.length + 8L * starts.length + 4L * slots.length;
    }

    /** The keys as they are now: ids below {@code size}, readable after the lock. */
    View view() {
        return new View(arena, starts, size, arenaUsed);
    }

    /**
     * A frozen look at a table's first {@code size} keys, the last of which ends at
     * {@code end} (keys added later start there).
     */
    record View(byte[] arena, int[] starts, int size, int end) {

        static final View EMPTY = new View(new byte[0], new int[0], 0, 0);

        int start(int id) {
            return starts[id];
        }

        int length(int id) {
            return (id + 1 < size ? starts[id + 1] : end) - starts[id];
        }

        String string(int id) {
            return new String(arena, starts[id], length(id), StandardCharsets.UTF_8);
        }
    }
}
