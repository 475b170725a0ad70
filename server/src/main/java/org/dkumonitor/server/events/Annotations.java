package org.dkumonitor.server.events;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.dkumonitor.server.events.log.EventLog;

/**
 * The events posted to graphite-web's {@code POST /events/}: few (deploys, incidents), so all
 * of them are held in memory, sorted by time, and each is a durable record of a log of its own
 * (storage/events/annotations), read back at start. Ids count up from 1 as graphite-web's.
 */
public final class Annotations implements Closeable {

    private final EventLog log;
    private final List<Annotation> all = new ArrayList<>();
    private long lastId;

    /** Reads every annotation of the log. */
    public Annotations(EventLog log) throws IOException {
        this.log = log;
        reload();
    }

    /** Reads the log again (after retention deleted segments of it). */
    public synchronized void reload() throws IOException {
        all.clear();
        log.scan(Long.MIN_VALUE, Long.MAX_VALUE, false, (time, payload) -> {
            StoredEvent stored = EventCodec.decode(time, payload);
            Annotation annotation = AnnotationJson.read(stored.body());
            all.add(annotation);
            lastId = Math.max(lastId, (Long) annotation.id());
            return true;
        });
        all.sort(Comparator.comparingLong(Annotation::whenMillis));
    }

    /** Stores an annotation durably; returns it with its id. */
    public Annotation add(long whenMillis, String what, List<String> tags, String data) {
        synchronized (this) {
            Annotation annotation = new Annotation(lastId + 1, whenMillis, what, tags, data);
            byte[] body = AnnotationJson.write(annotation).getBytes(StandardCharsets.UTF_8);
            byte[] id = EventIds.next(whenMillis, ThreadLocalRandom.current());
            log.append(log.now(), List.of(EventCodec.encode(StoredEvent.Kind.ANNOTATION, id,
                    "", what, "", body)));
            lastId++;
            int at = 0;
            while (at < all.size() && all.get(at).whenMillis() <= whenMillis) {
                at++;
            }
            all.add(at, annotation);
            return annotation;
        }
    }

    /** Those in {@code [fromMillis, untilMillis]} matching the tags, oldest first. */
    public synchronized List<Annotation> find(long fromMillis, long untilMillis,
            List<String> tags, boolean union) {
        List<Annotation> found = new ArrayList<>();
        for (Annotation annotation : all) {
            if (annotation.whenMillis() >= fromMillis && annotation.whenMillis() <= untilMillis
                    && annotation.matches(tags, union)) {
                found.add(annotation);
            }
        }
        return found;
    }

    public synchronized java.util.Optional<Annotation> byId(long id) {
        return all.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    public EventLog log() {
        return log;
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
