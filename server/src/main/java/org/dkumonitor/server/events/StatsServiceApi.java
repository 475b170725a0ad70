package org.dkumonitor.server.events;

import java.io.IOException;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dkumonitor.server.api.QueryParameters;
import org.dkumonitor.server.events.access.AccessControl;
import org.dkumonitor.server.events.access.AccessDeniedException;
import org.dkumonitor.server.events.access.AccessUser;
import org.dkumonitor.server.events.log.EventLogException;
import org.dkumonitor.server.ingest.HttpRequest;
import org.dkumonitor.server.ingest.HttpResponse;
import org.dkumonitor.server.ingest.IngestHandler;
import org.dkumonitor.server.ingest.IngestServer;
import org.dkumonitor.server.ingest.JsonText;
import org.dkumonitor.server.render.time.AtTime;
import org.dkumonitor.server.render.time.TimeFormatException;

/**
 * stats-service's REST API on the ingest port, both eras (see the stats-service spec):
 *
 * <ul>
 *   <li>{@code GET|HEAD /}, {@code /ping[/]}: the status object, no token needed;</li>
 *   <li>{@code POST /log/event[/]} with a token: an object (era A) is stored as one event and
 *       answered with its id {@code "entry_<hex>"}; an array of points (era B) is answered
 *       {@code "OK"};</li>
 *   <li>{@code GET /log/event/<id>[/]} with a token: the stored era-A event, or 404;</li>
 *   <li>{@code GET /log/events?event=&uid=&from=&until=&limit=} with a token: events newest
 *       first, at most {@code limit} (100 by default, 10 000 at most); times as graphite-web
 *       takes them ({@code -1h}, epoch seconds, ...), the last day by default.</li>
 * </ul>
 *
 * A wrong method on a route is 404 with Pyramid's "predicate mismatch" text, as the original
 * answered; {@code X-HTTP-Method-Override} on a POST redispatches as that method. Where the
 * original answered 500 or a 200 that stored nothing, this answers 400 with the reason; a
 * missing or bad token is 403 with the reason as JSON (clients test only the status); an event
 * log that cannot write is 503, and nothing of that request is kept. Every error body is the
 * service's own {@code {"message", "data", "success"}} object.
 */
public final class StatsServiceApi implements IngestHandler {

    static final String VERSION = "1.1.1";
    private static final String STATUS = "{\"status\": \"ok\", \"version\": \"" + VERSION
            + "\", \"name\": \"stats-service\"}";
    private static final int DEFAULT_LIMIT = 100;

    private final EventStore store;
    private final AccessControl access;
    private final InstantSource clock;

    public StatsServiceApi(EventStore store, AccessControl access, InstantSource clock) {
        this.store = store;
        this.access = access;
        this.clock = clock;
    }

    /** Mounts the API's paths on the ingest server. */
    public void mountOn(IngestServer server) {
        server.mount("/", this);
        server.mount("/ping", this);
        server.mount("/log", this);
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws IOException {
        String method = method(request);
        String path = request.path();
        try {
            if (path.equals("/") || path.equals("/ping") || path.equals("/ping/")) {
                return method.equals("GET") || method.equals("HEAD")
                        ? HttpResponse.json(200, STATUS)
                        : notFound("predicate mismatch for view status (request_method ="
                                + " GET,HEAD)");
            }
            if (path.equals("/log/event") || path.equals("/log/event/")) {
                return method.equals("POST") ? log(request)
                        : notFound("predicate mismatch for view log_event (request_method ="
                                + " POST)");
            }
            if (path.equals("/log/events") || path.equals("/log/events/")) {
                return method.equals("GET") || method.equals("HEAD") ? query(request)
                        : notFound("predicate mismatch for view log_events (request_method ="
                                + " GET,HEAD)");
            }
            if (path.startsWith("/log/event/")) {
                String id = path.substring("/log/event/".length());
                id = id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
                if (!id.isEmpty() && id.indexOf('/') < 0) {
                    return method.equals("GET") || method.equals("HEAD") ? get(request, id)
                            : notFound("predicate mismatch for view get_event (request_method ="
                                    + " GET,HEAD)");
                }
            }
            return notFound(path);
        } catch (AccessDeniedException e) {
            return HttpResponse.json(403, EventJson.error(e.getMessage()));
        } catch (BadEventException e) {
            return HttpResponse.json(400, EventJson.error(e.getMessage()));
        } catch (EventLogException e) {
            return HttpResponse.json(503, EventJson.error(e.getMessage()))
                    .withHeader("Retry-After", "10");
        }
    }

    /** The method, or the one a POST asks for in {@code X-HTTP-Method-Override}. */
    private static String method(HttpRequest request) {
        String override = request.header("X-HTTP-Method-Override");
        if (request.method().equals("POST") && override != null && !override.isBlank()) {
            return override.strip().toUpperCase(Locale.ROOT);
        }
        return request.method();
    }

    private AccessUser authenticate(HttpRequest request) {
        return access.table().authenticate(request.header("Authorization"));
    }

    private HttpResponse log(HttpRequest request) {
        AccessUser user = authenticate(request);
        StatsBody body = StatsBodyParser.parse(request.body());
        return switch (body) {
            case StatsBody.Event event -> HttpResponse.json(200, JsonText.quote(
                    store.storeEvent(user.username(), event, request.body())));
            case StatsBody.Points points -> {
                store.storePoints(user.username(), points, request.body());
                yield HttpResponse.json(200, "\"OK\"");
            }
        };
    }

    private HttpResponse get(HttpRequest request, String id) throws IOException {
        authenticate(request);
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        Optional<EventItem> found = store.find(wanted);
        return found.map(item -> HttpResponse.json(200, EventJson.storedEvent(item)))
                .orElseGet(() -> notFound(wanted));
    }

    private HttpResponse query(HttpRequest request) throws IOException {
        authenticate(request);
        QueryParameters parameters = request.query();
        long now = clock.instant().getEpochSecond();
        long from = time(parameters.get("from", "-1d"), now, "from");
        long until = time(parameters.get("until", "now"), now, "until");
        int limit;
        try {
            limit = Integer.parseInt(parameters.get("limit", Integer.toString(DEFAULT_LIMIT)));
        } catch (NumberFormatException e) {
            throw new BadEventException("limit must be a number of events, found '"
                    + EventNames.shown(parameters.get("limit", "")) + "'");
        }
        EventQuery query = new EventQuery(parameters.get("event", null),
                parameters.has("uid") ? parameters.all("uid").getLast() : null,
                from * 1_000_000_000L, until * 1_000_000_000L + 999_999_999L, limit);
        List<EventItem> items = store.query(query);
        return HttpResponse.json(200, EventJson.items(items));
    }

    private static long time(String text, long now, String parameter) {
        try {
            return AtTime.parse(text, ZoneOffset.UTC, now);
        } catch (TimeFormatException e) {
            throw new BadEventException(parameter + ": " + e.getMessage());
        }
    }

    private static HttpResponse notFound(String message) {
        return HttpResponse.json(404, EventJson.error(message));
    }
}
