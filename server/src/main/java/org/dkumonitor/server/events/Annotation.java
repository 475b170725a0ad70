package org.dkumonitor.server.events;

import java.util.List;
import java.util.Objects;

/**
 * A graphite-web event ("annotation" in Grafana): when it happened, what, its tags and free
 * data. Those posted to {@code /events/} have a number as id; stats-service events shown as
 * annotations keep their {@code entry_} id.
 */
public record Annotation(Object id, long whenMillis, String what, List<String> tags,
        String data) {

    public Annotation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(what, "what");
        tags = List.copyOf(tags);
        data = data == null ? "" : data;
    }

    /** graphite-web's tag filter: every tag (default and "intersection") or any ("union"). */
    boolean matches(List<String> wanted, boolean union) {
        if (wanted.isEmpty()) {
            return true;
        }
        for (String tag : wanted) {
            boolean has = tags.contains(tag);
            if (union && has) {
                return true;
            }
            if (!union && !has) {
                return false;
            }
        }
        return !union;
    }
}
