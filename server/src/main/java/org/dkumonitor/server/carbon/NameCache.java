package org.dkumonitor.server.carbon;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The names a connection sent, so that a metric sent again is neither decoded, validated nor
 * normalised again: the received bytes map to the stored name and its UTF-8 form. An
 * open-addressing table that grows with the names the connection sends (a sender of 10 000
 * metrics hits on every line after the first round), up to {@value #MAX_SLOTS} slots; a full
 * table at that size starts over. A name stored as received shares one array for both forms.
 * One per connection (or per write-ahead log replay), not thread-safe.
 */
public final class NameCache {

    private static final int FIRST_SLOTS = 1024;
    static final int MAX_SLOTS = 1 << 17;

    private byte[][] received = new byte[FIRST_SLOTS][];
    private String[] stored = new String[FIRST_SLOTS];
    private byte[][] storedUtf8 = new byte[FIRST_SLOTS][];
    private int[] hashes = new int[FIRST_SLOTS];
    private int used;
    private int lastSlot;
    private int lastHash;

    /** The stored name for {@code bytes[from, to)}, or null when not cached. */
    public String lookup(byte[] bytes, int from, int to) {
        int hash = 1;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + bytes[i];
        }
        int mask = received.length - 1;
        int slot = (hash ^ (hash >>> 16)) & mask;
        while (true) {
            byte[] key = received[slot];
            if (key == null) {
                lastSlot = slot;
                lastHash = hash;
                return null;
            }
            if (hashes[slot] == hash && Arrays.equals(key, 0, key.length, bytes, from, to)) {
                lastSlot = slot;
                return stored[slot];
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The UTF-8 bytes of the name the last successful {@link #lookup} returned. */
    public byte[] lastUtf8() {
        return storedUtf8[lastSlot];
    }

    /** Remembers the name of the bytes given to the last {@link #lookup}, which missed. */
    public void put(byte[] bytes, int from, int to, String name) {
        byte[] key = Arrays.copyOfRange(bytes, from, to);
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (Arrays.equals(key, utf8)) {
            utf8 = key;
        }
        if ((used + 1) * 2 > received.length) {
            if (received.length < MAX_SLOTS) {
                grow();
            } else {
                clear();
            }
            lastSlot = free(lastHash);
        }
        received[lastSlot] = key;
        stored[lastSlot] = name;
        storedUtf8[lastSlot] = utf8;
        hashes[lastSlot] = lastHash;
        used++;
    }

    int size() {
        return used;
    }

    private int free(int hash) {
        int mask = received.length - 1;
        int slot = (hash ^ (hash >>> 16)) & mask;
        while (received[slot] != null) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        byte[][] oldReceived = received;
        String[] oldStored = stored;
        byte[][] oldUtf8 = storedUtf8;
        int[] oldHashes = hashes;
        int slots = oldReceived.length * 2;
        received = new byte[slots][];
        stored = new String[slots];
        storedUtf8 = new byte[slots][];
        hashes = new int[slots];
        for (int i = 0; i < oldReceived.length; i++) {
            if (oldReceived[i] != null) {
                int slot = free(oldHashes[i]);
                received[slot] = oldReceived[i];
                stored[slot] = oldStored[i];
                storedUtf8[slot] = oldUtf8[i];
                hashes[slot] = oldHashes[i];
            }
        }
    }

    private void clear() {
        Arrays.fill(received, null);
        Arrays.fill(stored, null);
        Arrays.fill(storedUtf8, null);
        used = 0;
    }
}
