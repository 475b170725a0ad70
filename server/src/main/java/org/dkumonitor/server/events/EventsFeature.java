package org.dkumonitor.server.events;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.logging.Logger;
import org.dkumonitor.server.api.ApiServer;
import org.dkumonitor.server.carbon.LineSink;
import org.dkumonitor.server.events.access.AccessControl;
import org.dkumonitor.server.events.log.EventLog;
import org.dkumonitor.server.ingest.IngestServer;

/**
 * The event log feature put together: the stats-service events log (storage/events/log), the
 * annotations log (storage/events/annotations), the access table (conf/access.json), the
 * counting series, stats-service's API on the ingest server and graphite-web's events API on
 * the Graphite API. {@link #close} writes the last totals; the ingest server is closed first.
 */
public final class EventsFeature implements Closeable {

    private static final Logger LOG = Logger.getLogger(EventsFeature.class.getName());

    private final EventStore store;
    private final Annotations annotations;
    private final AnnotationSource source;
    private final AccessControl access;
    private final InstantSource clock;

    private EventsFeature(EventStore store, Annotations annotations, AccessControl access,
            EventsOptions options, InstantSource clock) {
        this.store = store;
        this.annotations = annotations;
        this.access = access;
        this.clock = clock;
        this.source = new AnnotationSource(annotations, store, options.maxAnnotations());
    }

    /**
     * Opens both logs (cutting torn tails), reads access.json and counts the last
     * {@code recountSeconds} of events into their series again.
     */
    public static EventsFeature start(Path storageDirectory, Path accessFile,
            EventsOptions options, LineSink sink, ToIntFunction<String> stepOf,
            InstantSource clock) throws IOException {
        AccessControl access = new AccessControl(accessFile);
        EventLog events = EventLog.open(storageDirectory.resolve("log"), options.log(), clock);
        EventLog notes;
        try {
            notes = EventLog.open(storageDirectory.resolve("annotations"), options.log(), clock);
        } catch (IOException | RuntimeException e) {
            events.close();
            throw e;
        }
        EventStore store = new EventStore(events, new EventSeries(sink, stepOf, clock),
                options.pointPrefix());
        store.recount(options.recountSeconds());
        return new EventsFeature(store, new Annotations(notes), access, options, clock);
    }

    /** stats-service's paths on the ingest server. */
    public void mountOn(IngestServer ingest) {
        new StatsServiceApi(store, access, clock).mountOn(ingest);
    }

    /** graphite-web's /events/ API and the events() function on the Graphite API. */
    public void serveOn(ApiServer api, ZoneId zone) {
        api.serveEventsWith(new GraphiteEventsApi(source, clock, zone), source);
    }

    /** Totals written every second; retention every minute. */
    public void schedule(ScheduledExecutorService timers) {
        timers.scheduleAtFixedRate(this::flush, 1, 1, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(this::retain, 60, 60, TimeUnit.SECONDS);
    }

    private void flush() {
        try {
            store.flushSeries();
        } catch (RuntimeException e) {
            LOG.warning("event series: " + e);
        }
    }

    /** Applies retention to both logs now. */
    public void retain() {
        try {
            store.log().enforceRetention();
            if (annotations.log().enforceRetention() > 0) {
                annotations.reload();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warning("event log retention: " + e);
        }
    }

    public EventStore store() {
        return store;
    }

    @Override
    public void close() throws IOException {
        try {
            store.close();
        } finally {
            annotations.close();
        }
    }
}
