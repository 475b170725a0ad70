package org.dkumonitor.server.events;

import java.util.Objects;

/**
 * One record of the event log, decoded: what kind of request it was, when it was received, its
 * id, who sent it, the event name and uid (era A; empty otherwise) and the body as received.
 */
public record StoredEvent(Kind kind, long timeNanos, String id, String identity, String name,
        String uid, byte[] body) {

    /** The kinds of record; the byte is what the log stores. */
    public enum Kind {
        /** stats-service 1.0: one event object. */
        EVENT(1),
        /** stats-service 1.1: an array of InfluxDB points. */
        POINTS(2),
        /** graphite-web's POST /events/: an annotation. */
        ANNOTATION(3);

        final int code;

        Kind(int code) {
            this.code = code;
        }

        static Kind of(int code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown event record kind " + code);
        }
    }

    public StoredEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(body, "body");
    }

    public long timeMillis() {
        return Math.floorDiv(timeNanos, 1_000_000L);
    }
}
