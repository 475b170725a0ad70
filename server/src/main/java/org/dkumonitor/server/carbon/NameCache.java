package org.dkumonitor.server.carbon;

import java.util.Arrays;

/**
 * The names a connection sent recently, so that a metric sent again is neither decoded,
 * validated nor normalised again: the received bytes map to the stored name and its UTF-8 form.
 * A direct-mapped table: a colliding name replaces the older one. One per connection, not
 * thread-safe.
 */
final class NameCache {

    private static final int SIZE = 4096;

    private final byte[][] received = new byte[SIZE][];
    private final String[] stored = new String[SIZE];
    private final byte[][] storedUtf8 = new byte[SIZE][];
    private int lastSlot;

    /** The stored name for {@code bytes[from, to)}, or null when not cached. */
    String lookup(byte[] bytes, int from, int to) {
        int hash = 1;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + bytes[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (SIZE - 1);
        lastSlot = slot;
        byte[] key = received[slot];
        if (key != null && Arrays.equals(key, 0, key.length, bytes, from, to)) {
            return stored[slot];
        }
        return null;
    }

    /** The UTF-8 bytes of the name the last successful {@link #lookup} returned. */
    byte[] lastUtf8() {
        return storedUtf8[lastSlot];
    }

    /** Remembers the name of the bytes given to the last {@link #lookup}. */
    void put(byte[] bytes, int from, int to, String name) {
        received[lastSlot] = Arrays.copyOfRange(bytes, from, to);
        stored[lastSlot] = name;
        storedUtf8[lastSlot] = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
