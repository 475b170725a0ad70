package org.dkumonitor.server.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One event as the query API and the annotations show it: an era-A event, or one point of an
 * era-B request (its id is the request's, a dot and the point's index), with its time, who sent
 * it, its name (event or measurement), uid (era A's, or an era-B point's {@code uid} tag), and
 * its fields and tags as sent.
 */
public record EventItem(String id, long timeNanos, StoredEvent.Kind kind, String identity,
        String name, String uid, Map<String, JsonScalar> fields, Map<String, JsonScalar> tags) {

    public EventItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uid, "uid");
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
    }

    /** The events of a stored record; none when its body no longer parses. */
    static List<EventItem> of(StoredEvent stored) {
        StatsBody body;
        try {
            body = StatsBodyParser.parse(stored.body());
        } catch (BadEventException e) {
            return List.of();
        }
        return switch (body) {
            case StatsBody.Event event -> List.of(new EventItem(
                    event.clientEventId() != null ? event.clientEventId() : stored.id(),
                    stored.timeNanos(), stored.kind(), stored.identity(), event.event(),
                    event.uid(), event.fields(), Map.of()));
            case StatsBody.Points points -> {
                List<EventItem> items = new ArrayList<>(points.points().size());
                for (int i = 0; i < points.points().size(); i++) {
                    StatsBody.Point point = points.points().get(i);
                    JsonScalar uid = point.tags().get("uid");
                    items.add(new EventItem(stored.id() + "." + i, stored.timeNanos(),
                            stored.kind(), stored.identity(), point.measurement(),
                            uid == null ? "" : uid.text(), point.fields(), point.tags()));
                }
                yield items;
            }
        };
    }

    /** Graphite annotation tags: stats-service, the name, uid=..., and key=value per tag. */
    public List<String> annotationTags() {
        List<String> words = new ArrayList<>();
        words.add("stats-service");
        words.add(name);
        if (!uid.isEmpty()) {
            words.add("uid=" + uid.replace(' ', '_'));
        }
        tags.forEach((key, value) -> {
            if (!key.equals("uid")) {
                words.add(key + "=" + value.text().replace(' ', '_'));
            }
        });
        return words;
    }
}
