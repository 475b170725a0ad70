package org.dkumonitor.server.events;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a {@code POST /log/event} carries: one event (era A) or InfluxDB points (era B). */
public sealed interface StatsBody {

    /**
     * stats-service 1.0's event: a flat object with {@code event} and {@code uid}; the fields in
     * the order sent (a repeated key keeps its last value, as Python's json does).
     */
    record Event(String event, String uid, Map<String, JsonScalar> fields) implements StatsBody {

        public Event {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(fields, "fields");
        }

        /** The id the client chose, or null. */
        public String clientEventId() {
            return fields.get("event_id") instanceof JsonScalar.Text t ? t.value() : null;
        }
    }

    /** stats-service 1.1's body: points {@code {"measurement", "tags", "fields"}}. */
    record Points(List<Point> points) implements StatsBody {

        public Points {
            points = List.copyOf(points);
        }
    }

    /** One InfluxDB point; its time is the server's (stats-service dropped the client's). */
    record Point(String measurement, Map<String, JsonScalar> tags,
            Map<String, JsonScalar> fields) {

        public Point {
            Objects.requireNonNull(measurement, "measurement");
            Objects.requireNonNull(tags, "tags");
            Objects.requireNonNull(fields, "fields");
        }
    }
}
