package org.dkumonitor.server.events;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The payload of an event-log record, big-endian:
 *
 * <pre>
 * size   field
 *  1     kind: 1 event (era A), 2 points (era B), 3 annotation
 * 16     id (era A: the one answered, see EventIds)
 *  1     n, then n bytes: identity (the access.json username) in UTF-8
 *  2     n, then n bytes: event name (era A), annotation what; else empty
 *  2     n, then n bytes: uid (era A); else empty
 *  rest  the request body as received (validated UTF-8 JSON)
 * </pre>
 *
 * Name and uid are kept outside the body so that queries filter without parsing JSON.
 */
final class EventCodec {

    private static final HexFormat HEX = HexFormat.of();

    private EventCodec() {
    }

    static byte[] encode(StoredEvent.Kind kind, byte[] id, String identity, String name,
            String uid, byte[] body) {
        byte[] who = cut(identity.getBytes(StandardCharsets.UTF_8), 255);
        byte[] what = cut(name.getBytes(StandardCharsets.UTF_8), 65_535);
        byte[] about = cut(uid.getBytes(StandardCharsets.UTF_8), 65_535);
        ByteBuffer out = ByteBuffer.allocate(1 + 16 + 1 + who.length + 2 + what.length + 2
                + about.length + body.length);
        out.put((byte) kind.code).put(id).put((byte) who.length).put(who)
                .putShort((short) what.length).put(what)
                .putShort((short) about.length).put(about).put(body);
        return out.array();
    }

    /** The kind alone (cheap filters). */
    static StoredEvent.Kind kind(MemorySegment payload) {
        return StoredEvent.Kind.of(payload.get(ValueLayout.JAVA_BYTE, 0));
    }

    static StoredEvent decode(long timeNanos, MemorySegment payload) {
        byte[] bytes = payload.toArray(ValueLayout.JAVA_BYTE);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        StoredEvent.Kind kind = StoredEvent.Kind.of(in.get());
        byte[] id = new byte[16];
        in.get(id);
        String identity = string(in, in.get() & 0xff);
        String name = string(in, in.getShort() & 0xffff);
        String uid = string(in, in.getShort() & 0xffff);
        byte[] body = new byte[in.remaining()];
        in.get(body);
        return new StoredEvent(kind, timeNanos, EventIds.PREFIX + HEX.formatHex(id), identity,
                name, uid, body);
    }

    private static String string(ByteBuffer in, int length) {
        String text = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }

    private static byte[] cut(byte[] bytes, int max) {
        return bytes.length <= max ? bytes : java.util.Arrays.copyOf(bytes, max);
    }
}
