package org.dkumonitor.server.events;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.ingest.JsonText;
import org.dkumonitor.server.python.PyFormat;

/**
 * JSON bodies of the event log API, written as stats-service's Python printed them
 * ({@code ", "} and {@code ": "} separators, non-ASCII escaped), numbers as they were sent.
 */
public final class EventJson {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern(
            "uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private EventJson() {
    }

    /** InfluxDB's RFC 3339 time with nanoseconds (Go's RFC3339Nano: trailing zeros cut). */
    public static String time(long nanos) {
        long seconds = Math.floorDiv(nanos, 1_000_000_000L);
        int fraction = (int) Math.floorMod(nanos, 1_000_000_000L);
        String text = SECONDS.format(Instant.ofEpochSecond(seconds));
        if (fraction == 0) {
            return text + "Z";
        }
        String digits = String.format("%09d", fraction).replaceAll("0+$", "");
        return text + "." + digits + "Z";
    }

    static String value(JsonScalar scalar) {
        return switch (scalar) {
            case JsonScalar.Text t -> JsonText.quote(t.value());
            case JsonScalar.Number n -> n.literal();
            case JsonScalar.Bool b -> b.value() ? "true" : "false";
            case JsonScalar.Null n -> "null";
        };
    }

    static void members(StringBuilder out, Map<String, JsonScalar> members) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonScalar> member : members.entrySet()) {
            out.append(first ? "" : ", ").append(JsonText.quote(member.getKey())).append(": ")
                    .append(value(member.getValue()));
            first = false;
        }
        out.append('}');
    }

    /**
     * An era-A event as {@code GET /log/event/<id>} gave it: {@code time}, then the fields as
     * sent, with {@code now} (receive time in seconds) and {@code event_id} when the client sent
     * none, as stats-service added them.
     */
    static String storedEvent(EventItem item) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"time\": ").append(JsonText.quote(time(item.timeNanos())));
        for (Map.Entry<String, JsonScalar> field : item.fields().entrySet()) {
            out.append(", ").append(JsonText.quote(field.getKey())).append(": ")
                    .append(value(field.getValue()));
        }
        if (!item.fields().containsKey("now")) {
            out.append(", \"now\": ").append(PyFormat.floatRepr(item.timeNanos() / 1e9));
        }
        if (!item.fields().containsKey("event_id")) {
            out.append(", \"event_id\": ").append(JsonText.quote(item.id()));
        }
        return out.append('}').toString();
    }

    /** The answer of {@code GET /log/events}: an array, newest first. */
    static String items(List<EventItem> items) {
        StringBuilder out = new StringBuilder(items.size() * 200 + 2).append('[');
        for (int i = 0; i < items.size(); i++) {
            EventItem item = items.get(i);
            out.append(i > 0 ? ", " : "").append("{\"id\": ").append(JsonText.quote(item.id()))
                    .append(", \"time\": ").append(JsonText.quote(time(item.timeNanos())))
                    .append(", \"kind\": ").append(item.kind() == StoredEvent.Kind.EVENT
                            ? "\"event\"" : "\"point\"")
                    .append(", \"event\": ").append(JsonText.quote(item.name()))
                    .append(", \"uid\": ").append(JsonText.quote(item.uid()))
                    .append(", \"identity\": ").append(JsonText.quote(item.identity()))
                    .append(", \"fields\": ");
            members(out, item.fields());
            out.append(", \"tags\": ");
            members(out, item.tags());
            out.append('}');
        }
        return out.append(']').toString();
    }

    /** stats-service's error body: {@code {"message": ..., "data": null, "success": false}}. */
    public static String error(String message) {
        return "{\"message\": " + JsonText.quote(message) + ", \"data\": null, \"success\":"
                + " false}";
    }
}
