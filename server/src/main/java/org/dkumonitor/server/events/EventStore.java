package org.dkumonitor.server.events;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import org.dkumonitor.server.events.log.EventLog;

/**
 * The stats-service events: each accepted request is one durable record of the event log
 * (acknowledged only once synced) and is then counted into series. Reads: one event by id, and
 * queries by name, uid and time, newest first.
 */
public final class EventStore implements Closeable {

    private static final Logger LOG = Logger.getLogger(EventStore.class.getName());
    /** How far after the time in an id its record may be (appends waiting on each other). */
    private static final long ID_SLACK_NANOS = 10_000_000_000L;

    private final EventLog log;
    private final EventSeries series;
    private final EventCounting counting;
    private final java.util.concurrent.atomic.LongAdder storedRequests =
            new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder storedEvents =
            new java.util.concurrent.atomic.LongAdder();

    public EventStore(EventLog log, EventSeries series, String pointPrefix) {
        this.log = log;
        this.series = series;
        this.counting = new EventCounting(series, pointPrefix);
    }

    /**
     * Stores one era-A event durably and counts it; returns its id: the client's
     * {@code event_id} when it sent one (stats-service kept it), else a new one.
     *
     * @throws org.dkumonitor.server.events.log.EventLogException when it could not be stored
     */
    public String storeEvent(String identity, StatsBody.Event event, byte[] body) {
        long time = log.now();
        byte[] id = EventIds.next(Math.floorDiv(time, 1_000_000L), ThreadLocalRandom.current());
        log.append(time, List.of(EventCodec.encode(StoredEvent.Kind.EVENT, id, identity,
                event.event(), event.uid(), body)));
        counting.count(event, Math.floorDiv(time, 1_000_000_000L), Long.MIN_VALUE);
        storedRequests.increment();
        storedEvents.increment();
        return event.clientEventId() != null ? event.clientEventId() : EventIds.text(id);
    }

    /** Stores an era-B request's points durably (one record) and counts them. */
    public void storePoints(String identity, StatsBody.Points points, byte[] body) {
        if (points.points().isEmpty()) {
            return;
        }
        long time = log.now();
        byte[] id = EventIds.next(Math.floorDiv(time, 1_000_000L), ThreadLocalRandom.current());
        log.append(time, List.of(EventCodec.encode(StoredEvent.Kind.POINTS, id, identity, "",
                "", body)));
        counting.count(points, Math.floorDiv(time, 1_000_000_000L), Long.MIN_VALUE);
        storedRequests.increment();
        storedEvents.add(points.points().size());
    }

    /** Requests and events stored since start, for the server's own metrics. */
    public java.util.Map<String, Long> totals() {
        return java.util.Map.of("storedRequests", storedRequests.sum(), "storedEvents",
                storedEvents.sum());
    }

    /**
     * The era-A event with this id (stripped, compared case-blind), found by the time in ids
     * of this server's making, else by reading the log newest first.
     */
    public Optional<EventItem> find(String id) throws IOException {
        String wanted = id.strip();
        OptionalLong millis = EventIds.millis(wanted);
        long from = millis.isPresent() ? millis.getAsLong() * 1_000_000L : Long.MIN_VALUE;
        long until = millis.isPresent() ? from + ID_SLACK_NANOS : Long.MAX_VALUE;
        byte[] needle = wanted.toLowerCase(java.util.Locale.ROOT)
                .getBytes(StandardCharsets.UTF_8);
        List<EventItem> found = new ArrayList<>(1);
        log.scan(from, until, millis.isEmpty(), (time, payload) -> {
            if (EventCodec.kind(payload) != StoredEvent.Kind.EVENT) {
                return true;
            }
            if (millis.isEmpty() && !containsIgnoringCase(payload, needle)) {
                return true;
            }
            for (EventItem item : EventItem.of(EventCodec.decode(time, payload))) {
                if (item.id().equalsIgnoreCase(wanted)) {
                    found.add(item);
                    return false;
                }
            }
            return true;
        });
        return found.stream().findFirst();
    }

    /** The events the query asks for, newest first. */
    public List<EventItem> query(EventQuery query) throws IOException {
        List<EventItem> found = new ArrayList<>();
        log.scan(query.fromNanos(), query.untilNanos(), true, (time, payload) -> {
            StoredEvent stored = EventCodec.decode(time, payload);
            if (stored.kind() == StoredEvent.Kind.EVENT && query.name() != null
                    && !query.name().equals(stored.name())) {
                return true;
            }
            List<EventItem> items = EventItem.of(stored);
            for (int i = items.size() - 1; i >= 0; i--) {
                if (query.matches(items.get(i))) {
                    found.add(items.get(i));
                    if (found.size() >= query.limit()) {
                        return false;
                    }
                }
            }
            return true;
        });
        return found;
    }

    /**
     * Counts the events received in the last {@code seconds} before the newest one again, so
     * that totals the write-ahead log had not synced before a crash are whole; buckets that
     * began before that window are left as they were written.
     */
    public void recount(long seconds) throws IOException {
        long[] newest = {Long.MIN_VALUE};
        log.scan(Long.MIN_VALUE, Long.MAX_VALUE, true, (time, payload) -> {
            newest[0] = time;
            return false;
        });
        if (newest[0] == Long.MIN_VALUE) {
            return;
        }
        long floor = Math.floorDiv(newest[0], 1_000_000_000L) - seconds;
        long[] counted = {0};
        log.scan(floor * 1_000_000_000L, Long.MAX_VALUE, false, (time, payload) -> {
            StoredEvent stored = EventCodec.decode(time, payload);
            try {
                counting.count(StatsBodyParser.parse(stored.body()),
                        Math.floorDiv(time, 1_000_000_000L), floor);
                counted[0]++;
            } catch (BadEventException e) {
                // not a body this version stores; nothing to count
            }
            return true;
        });
        series.flush();
        LOG.info("event log: recounted " + counted[0] + " requests of the last " + seconds
                + " s into their series");
    }

    /** Writes grown totals (every second). */
    public void flushSeries() {
        series.flush();
    }

    public EventLog log() {
        return log;
    }

    private static boolean containsIgnoringCase(MemorySegment payload, byte[] lowerNeedle) {
        byte[] bytes = payload.toArray(ValueLayout.JAVA_BYTE);
        outer:
        for (int i = 0; i + lowerNeedle.length <= bytes.length; i++) {
            for (int j = 0; j < lowerNeedle.length; j++) {
                byte b = bytes[i + j];
                if (b >= 'A' && b <= 'Z') {
                    b += 32;
                }
                if (b != lowerNeedle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        try {
            log.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        series.flush();
    }
}
