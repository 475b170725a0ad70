package org.dkumonitor.server.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dkumonitor.server.render.functions.EventSource;

/**
 * Graphite's events as Grafana reads them: the annotations posted to {@code /events/}, and the
 * stats-service events as annotations ({@code what} = the event or measurement name, tags from
 * {@link EventItem#annotationTags}, {@code data} = the fields as JSON). Stats-service events can
 * be many: a query takes at most {@code maxEvents} of them, the newest in its window, and reads
 * at most {@value #MAX_SCANNED} records looking for them; the counting series
 * {@code events.<name>.count} is the way to see all of them.
 */
public final class AnnotationSource implements EventSource {

    static final int MAX_SCANNED = 1_000_000;

    private final Annotations annotations;
    private final EventStore events;
    private final int maxEvents;

    public AnnotationSource(Annotations annotations, EventStore events, int maxEvents) {
        this.annotations = annotations;
        this.events = events;
        this.maxEvents = maxEvents;
    }

    public Annotations annotations() {
        return annotations;
    }

    /** Annotations and stats-service events in {@code [from, until]} (ms), oldest first. */
    public List<Annotation> find(long fromMillis, long untilMillis, List<String> tags,
            boolean union) throws IOException {
        List<Annotation> found = new ArrayList<>(annotations.find(fromMillis, untilMillis, tags,
                union));
        int[] scanned = {0};
        List<Annotation> fromEvents = new ArrayList<>();
        events.log().scan(fromMillis * 1_000_000L, untilMillis * 1_000_000L + 999_999L, true,
                (time, payload) -> {
                    if (EventCodec.kind(payload) == StoredEvent.Kind.ANNOTATION) {
                        return true;
                    }
                    for (EventItem item : EventItem.of(EventCodec.decode(time, payload))) {
                        Annotation annotation = new Annotation(item.id(),
                                Math.floorDiv(item.timeNanos(), 1_000_000L), item.name(),
                                item.annotationTags(), fields(item));
                        if (annotation.matches(tags, union)) {
                            fromEvents.add(annotation);
                        }
                    }
                    return fromEvents.size() < maxEvents && ++scanned[0] < MAX_SCANNED;
                });
        found.addAll(fromEvents.size() > maxEvents ? fromEvents.subList(0, maxEvents)
                : fromEvents);
        found.sort(Comparator.comparingLong(Annotation::whenMillis));
        return found;
    }

    private static String fields(EventItem item) {
        StringBuilder out = new StringBuilder();
        EventJson.members(out, item.fields());
        return out.toString();
    }

    @Override
    public long[] times(List<String> tags, long from, long until) {
        try {
            return find(from * 1000, until * 1000 + 999, tags, false).stream()
                    .mapToLong(a -> Math.floorDiv(a.whenMillis(), 1000L)).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
