package org.dkumonitor.server.render.functions;

import java.util.List;

/** Where the {@code events()} function finds events: their times, by tag. */
@FunctionalInterface
public interface EventSource {

    /** No events at all. */
    EventSource NONE = (tags, from, until) -> new long[0];

    /**
     * The epoch seconds of the events in {@code [from, until]} carrying every tag ({@code "*"}
     * alone: all events), in any order.
     */
    long[] times(List<String> tags, long from, long until);
}
