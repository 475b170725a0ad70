package org.dkumonitor.server.events;

import java.time.Duration;
import java.util.Objects;
import org.dkumonitor.server.events.log.LogOptions;

/**
 * The event log's settings: its retention and segment size, the prefix of era-B point series,
 * how many seconds of events are counted again at start, and how many stats-service events one
 * annotation query returns at most.
 */
public record EventsOptions(LogOptions log, String pointPrefix, int recountSeconds,
        int maxAnnotations) {

    public EventsOptions {
        Objects.requireNonNull(log, "log");
        if (!EventNames.isPath(pointPrefix)) {
            throw new IllegalArgumentException("pointPrefix must be a Graphite path: "
                    + pointPrefix);
        }
    }

    public static EventsOptions defaults() {
        return new EventsOptions(new LogOptions(64L << 20, 1L << 30, Duration.ofDays(30)),
                "analytics", 600, 1000);
    }
}
