package org.dkumonitor.server.events;

import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * Event ids as stats-service wrote them, {@code entry_} and 32 hex digits of a version-4 UUID
 * layout, whose first 48 bits are the receive time in milliseconds (as in UUIDv7) and the other
 * 74 free bits random. Clients treat the id as opaque; the time in it lets
 * {@code GET /log/event/<id>} find the event without an index over every id.
 */
public final class EventIds {

    public static final String PREFIX = "entry_";
    private static final HexFormat HEX = HexFormat.of();

    private EventIds() {
    }

    /** 16 id bytes for an event received at {@code millis}. */
    static byte[] next(long millis, RandomGenerator random) {
        byte[] id = new byte[16];
        long low = random.nextLong();
        long high = random.nextLong();
        for (int i = 0; i < 6; i++) {
            id[i] = (byte) (millis >>> (40 - 8 * i));
        }
        for (int i = 6; i < 8; i++) {
            id[i] = (byte) (high >>> (8 * i));
        }
        for (int i = 8; i < 16; i++) {
            id[i] = (byte) (low >>> (8 * (i - 8)));
        }
        id[6] = (byte) (0x40 | (id[6] & 0x0f));
        id[8] = (byte) (0x80 | (id[8] & 0x3f));
        return id;
    }

    /** {@code entry_<32 hex>}. */
    static String text(byte[] id) {
        return PREFIX + HEX.formatHex(id);
    }

    /**
     * The receive time in an id of this server's making (stripped and lower-cased first, as
     * stats-service's GET did); empty for any other text.
     */
    static OptionalLong millis(String id) {
        String text = id.strip().toLowerCase(java.util.Locale.ROOT);
        if (!text.matches("entry_[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(text.substring(6, 18), 16));
    }
}
