package org.dkumonitor.server.events;

/**
 * Which events {@code GET /log/events} returns: by name (event or measurement; null for all),
 * by uid (null for all), received in {@code [fromNanos, untilNanos]}, at most {@code limit},
 * newest first.
 */
public record EventQuery(String name, String uid, long fromNanos, long untilNanos, int limit) {

    public static final int MAX_LIMIT = 10_000;

    public EventQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadEventException("limit must be 1.." + MAX_LIMIT + ", found " + limit);
        }
        if (fromNanos > untilNanos) {
            throw new BadEventException("from is after until");
        }
    }

    boolean matches(EventItem item) {
        return (name == null || name.equals(item.name()))
                && (uid == null || uid.equals(item.uid()));
    }
}
