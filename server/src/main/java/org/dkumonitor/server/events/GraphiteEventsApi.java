package org.dkumonitor.server.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import org.dkumonitor.server.api.ApiServer;
import org.dkumonitor.server.api.QueryParameters;
import org.dkumonitor.server.events.log.EventLogException;
import org.dkumonitor.server.ingest.JsonText;
import org.dkumonitor.server.render.time.AtTime;
import org.dkumonitor.server.render.time.TimeFormatException;

/**
 * graphite-web's events API on the Graphite port, what Grafana's Graphite annotations read:
 *
 * <ul>
 *   <li>{@code GET /events/get_data?from=&until=&tags=&set=&jsonp=}: a JSON array of
 *       {@code {"when", "what", "data", "tags", "id"}}, oldest first, {@code when} in epoch
 *       seconds; tags space-separated, all required unless {@code set=union};</li>
 *   <li>{@code POST /events/} with JSON {@code {"what", "tags", "data", "when"}}: stored,
 *       answered 200 with an empty body;</li>
 *   <li>{@code GET /events/}: an HTML list of the events; {@code GET /events/<id>/} one event,
 *       JSON when the request accepts {@code application/json}.</li>
 * </ul>
 * Where graphite-web fails with 500 (a body that is not JSON, no {@code what}), this answers
 * 400 with the reason.
 */
public final class GraphiteEventsApi implements ApiServer.RawEndpoint {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final AnnotationSource source;
    private final InstantSource clock;
    private final ZoneId zone;

    public GraphiteEventsApi(AnnotationSource source, InstantSource clock, ZoneId zone) {
        this.source = source;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public ApiServer.Response handle(String method, String path, QueryParameters parameters,
            byte[] body, String accept) throws IOException {
        String trimmed = path.endsWith("/") && path.length() > 1
                ? path.substring(0, path.length() - 1) : path;
        try {
            if (trimmed.equals("/events/get_data")) {
                return getData(parameters);
            }
            if (trimmed.equals("/events")) {
                return switch (method) {
                    case "POST" -> post(body);
                    case "GET", "HEAD" -> list(parameters);
                    default -> json(405, "{\"error\": \"method not allowed\"}");
                };
            }
            String id = trimmed.substring("/events/".length());
            if (id.matches("[0-9]{1,18}")) {
                return detail(Long.parseLong(id), accept);
            }
            return new ApiServer.Response(404, "text/plain; charset=utf-8",
                    ("no such endpoint: " + path + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (BadEventException e) {
            return json(400, "{\"error\": " + JsonText.quote(e.getMessage()) + "}");
        } catch (EventLogException e) {
            return json(503, "{\"error\": " + JsonText.quote(e.getMessage()) + "}");
        }
    }

    private ApiServer.Response post(byte[] body) {
        long now = clock.millis();
        Annotation posted = AnnotationJson.parsePost(body, now);
        source.annotations().add(posted.whenMillis(), posted.what(), posted.tags(),
                posted.data());
        return new ApiServer.Response(200, "text/html; charset=utf-8", new byte[0]);
    }

    private List<Annotation> fetch(QueryParameters parameters) throws IOException {
        long now = clock.instant().getEpochSecond();
        long from = parameters.get("from", null) == null ? 0
                : time(parameters.get("from", null), now);
        long until = parameters.get("until", null) == null ? now
                : time(parameters.get("until", null), now);
        String tags = parameters.get("tags", null);
        List<String> wanted = tags == null ? List.of()
                : Arrays.stream(tags.split(" ")).filter(t -> !t.isEmpty()).toList();
        boolean union = "union".equals(parameters.get("set", null));
        return source.find(from * 1000, until * 1000 + 999, wanted, union);
    }

    private long time(String text, long now) {
        try {
            return AtTime.parse(text, zone, now);
        } catch (TimeFormatException e) {
            throw new BadEventException(e.getMessage());
        }
    }

    private ApiServer.Response getData(QueryParameters parameters) throws IOException {
        List<Annotation> found = fetch(parameters);
        StringBuilder out = new StringBuilder(found.size() * 120 + 2).append('[');
        for (int i = 0; i < found.size(); i++) {
            Annotation a = found.get(i);
            out.append(i > 0 ? ", " : "").append("{\"when\": ")
                    .append(Math.floorDiv(a.whenMillis(), 1000L))
                    .append(", \"what\": ").append(JsonText.quote(a.what()))
                    .append(", \"data\": ").append(JsonText.quote(a.data()))
                    .append(", \"tags\": ").append(tagList(a.tags()))
                    .append(", \"id\": ").append(a.id() instanceof Long n ? n.toString()
                            : JsonText.quote(a.id().toString()))
                    .append('}');
        }
        out.append(']');
        String jsonp = parameters.get("jsonp", null);
        if (jsonp != null) {
            if (!jsonp.matches("[A-Za-z_$][A-Za-z0-9_$.]*")) {
                throw new BadEventException("jsonp must be a JavaScript identifier");
            }
            return new ApiServer.Response(200, "text/javascript", (jsonp + "(" + out + ")")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return json(200, out.toString());
    }

    private static String tagList(List<String> tags) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < tags.size(); i++) {
            out.append(i > 0 ? ", " : "").append(JsonText.quote(tags.get(i)));
        }
        return out.append(']').toString();
    }

    private ApiServer.Response detail(long id, String accept) {
        Annotation found = source.annotations().byId(id).orElse(null);
        boolean json = "application/json".equals(accept);
        if (found == null) {
            return json ? json(404, "{\"error\": \"Event matching query does not exist\"}")
                    : new ApiServer.Response(404, "text/html; charset=utf-8",
                            "<h1>Not Found</h1>".getBytes(StandardCharsets.UTF_8));
        }
        if (json) {
            return json(200, "{\"id\": " + id + ", \"when\": " + JsonText.quote(
                    djangoTime(found.whenMillis()))
                    + ", \"what\": " + JsonText.quote(found.what()) + ", \"data\": "
                    + JsonText.quote(found.data()) + ", \"tags\": " + tagList(found.tags())
                    + "}");
        }
        return html(List.of(found), "Event " + id);
    }

    private ApiServer.Response list(QueryParameters parameters) throws IOException {
        return html(fetch(parameters).reversed(), "Events");
    }

    private ApiServer.Response html(List<Annotation> annotations, String title) {
        StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html><head>")
                .append("<meta charset=\"utf-8\"><title>").append(title)
                .append("</title></head><body><h1>").append(title).append("</h1>\n")
                .append("<table>\n<tr><th>when</th><th>what</th><th>tags</th>")
                .append("<th>data</th></tr>\n");
        for (Annotation a : annotations) {
            page.append("<tr><td>").append(escape(ISO.format(java.time.Instant.ofEpochMilli(
                    a.whenMillis()).atZone(zone)))).append("</td><td>").append(escape(a.what()))
                    .append("</td><td>").append(escape(String.join(" ", a.tags())))
                    .append("</td><td>").append(escape(a.data())).append("</td></tr>\n");
        }
        page.append("</table></body></html>\n");
        return new ApiServer.Response(200, "text/html; charset=utf-8",
                page.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Django's JSON encoder's datetime: ISO 8601, milliseconds when any, Z for UTC. */
    private String djangoTime(long millis) {
        java.time.ZonedDateTime time = java.time.Instant.ofEpochMilli(millis).atZone(zone);
        String text = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").format(time);
        if (millis % 1000 != 0) {
            text += String.format(".%03d", Math.floorMod(millis, 1000L));
        }
        String offset = time.getOffset().getId();
        return text + (offset.equals("Z") ? "Z" : offset);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static ApiServer.Response json(int status, String body) {
        return new ApiServer.Response(status, "application/json",
                body.getBytes(StandardCharsets.UTF_8));
    }
}
