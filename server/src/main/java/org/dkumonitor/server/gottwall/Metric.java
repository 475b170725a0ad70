package org.dkumonitor.server.gottwall;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * One GottWall metric as sent: {@code {"n", "ts", "v", "f", "p", "a"}}. {@code action} and
 * {@code project} are null when the message leaves them out (on HTTP the URL gives them).
 * The time is either epoch seconds or, when the client sent {@code YYYY-MM-DDTHH:MM:SS}, a
 * local time read in the project's zone; neither means "now".
 */
record Metric(Action action, String project, String name, long epochSecond,
        LocalDateTime localTime, double value, List<Filter> filters) {

    /** No {@code ts} in the message. */
    static final long NO_TIME = Long.MIN_VALUE;

    Metric {
        Objects.requireNonNull(name, "name");
        filters = filters == null ? List.of() : filters;
    }

    /** One filter and the values this metric counts in (a list value counts in each). */
    record Filter(String name, List<String> values) {
    }

    /** The metric's time in epoch seconds, {@code now} when it has none. */
    long time(ZoneId zone, long now) {
        if (localTime != null) {
            return localTime.atZone(zone).toEpochSecond();
        }
        return epochSecond == NO_TIME ? now : epochSecond;
    }

    /** How many series this metric touches: its own and one per filter value. */
    int seriesCount() {
        int count = 1;
        for (Filter filter : filters) {
            count += filter.values.size();
        }
        return count;
    }
}
