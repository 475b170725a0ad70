package org.dkumonitor.server.clickhouse;

import java.util.Arrays;

/**
 * Names as UTF-8 bytes with an int each, looked up straight from a buffer (a record of the
 * write-ahead log) without making a String or an array per point: open addressing, linear
 * probing, the key copied once when it is put. Used by one thread.
 */
final class NameTable {

    static final int MISSING = Integer.MIN_VALUE;

    private byte[][] keys;
    private int[] hashes;
    private int[] values;
    private int size;

    NameTable() {
        allocate(1024);
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        hashes = new int[capacity];
        values = new int[capacity];
        size = 0;
    }

    static int hash(byte[] buffer, int offset, int length) {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + buffer[i];
        }
        return h ^ (h >>> 16);
    }

    int size() {
        return size;
    }

    int get(byte[] buffer, int offset, int length, int hash) {
        int slot = find(buffer, offset, length, hash);
        return keys[slot] == null ? MISSING : values[slot];
    }

    void put(byte[] buffer, int offset, int length, int hash, int value) {
        int slot = find(buffer, offset, length, hash);
        if (keys[slot] == null) {
            keys[slot] = Arrays.copyOfRange(buffer, offset, offset + length);
            hashes[slot] = hash;
            size++;
            values[slot] = value;
            if (size * 2 > keys.length) {
                grow();
            }
            return;
        }
        values[slot] = value;
    }

    void clear() {
        allocate(1024);
    }

    private int find(byte[] buffer, int offset, int length, int hash) {
        int mask = keys.length - 1;
        int slot = hash & mask;
        while (true) {
            byte[] key = keys[slot];
            if (key == null || (hashes[slot] == hash && key.length == length
                    && Arrays.equals(key, 0, length, buffer, offset, offset + length))) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void grow() {
        byte[][] oldKeys = keys;
        int[] oldHashes = hashes;
        int[] oldValues = values;
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = find(oldKeys[i], 0, oldKeys[i].length, oldHashes[i]);
                keys[slot] = oldKeys[i];
                hashes[slot] = oldHashes[i];
                values[slot] = oldValues[i];
                size++;
            }
        }
    }
}
