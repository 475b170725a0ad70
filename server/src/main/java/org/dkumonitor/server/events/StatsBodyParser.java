package org.dkumonitor.server.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one parser of stats-service request bodies: UTF-8 JSON, an object (era A: one event) or
 * an array (era B: InfluxDB points), told apart by the top-level type as the spec recommends.
 * Where the original answered 500 or stored nothing behind a 200, this refuses with a reason:
 *
 * <ul>
 *   <li>era A: {@code event} must be a non-empty string that is a Graphite path, {@code uid}
 *       present (it may be empty) and a string or number; every key a path node and not
 *       {@code time} (the server stamps events); values flat (string, number, boolean or null:
 *       stats-client flattens nested objects to {@code a_b_c}); a client {@code event_id}
 *       1..200 characters of letters, digits and {@code _.-};</li>
 *   <li>era B: each point an object with a {@code measurement} that is a Graphite path, a
 *       {@code fields} object with at least one flat value, and an optional {@code tags} object
 *       of flat values; keys are path nodes; other keys ({@code time}, ...) are ignored, as the
 *       original dropped them.</li>
 * </ul>
 */
public final class StatsBodyParser {

    static final int MAX_FIELDS = 1000;
    private static final JsonFactory JSON = new JsonFactory();

    private StatsBodyParser() {
    }

    public static StatsBody parse(byte[] body) {
        if (body.length == 0) {
            throw new BadEventException("empty body: send a JSON object (one event with uid and"
                    + " event) or an array of points");
        }
        requireUtf8(body);
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken first = parser.nextToken();
            StatsBody parsed = switch (first) {
                case START_OBJECT -> event(parser);
                case START_ARRAY -> points(parser);
                case null -> throw new BadEventException("empty body: send a JSON object or"
                        + " array");
                default -> throw new BadEventException("the body is a JSON "
                        + kind(first) + ": send an object (one event with uid and event) or an"
                        + " array of points ({measurement, tags, fields})");
            };
            if (parser.nextToken() != null) {
                throw new BadEventException("text after the JSON value at "
                        + where(parser));
            }
            return parsed;
        } catch (JsonProcessingException e) {
            throw new BadEventException("invalid JSON at line " + e.getLocation().getLineNr()
                    + " column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadEventException("cannot read the body: " + e.getMessage());
        }
    }

    private static StatsBody.Event event(JsonParser parser) throws IOException {
        Map<String, JsonScalar> fields = flatObject(parser, "field");
        if (fields.containsKey("time")) {
            throw new BadEventException("field 'time' is reserved: the server stamps each event"
                    + " with the time it received it");
        }
        JsonScalar event = fields.get("event");
        if (event == null) {
            throw new BadEventException("the event lacks 'event' (its name, e.g."
                    + " \"pnc.user.login\"); an event needs 'event' and 'uid'");
        }
        if (!(event instanceof JsonScalar.Text name) || name.value().isEmpty()) {
            throw new BadEventException("'event' must be a non-empty string");
        }
        EventNames.requirePath("event name", name.value());
        JsonScalar uid = fields.get("uid");
        if (uid == null) {
            throw new BadEventException("the event lacks 'uid' (who or what it is about; it may"
                    + " be empty but must be there)");
        }
        if (!(uid instanceof JsonScalar.Text) && !(uid instanceof JsonScalar.Number)) {
            throw new BadEventException("'uid' must be a string or a number");
        }
        JsonScalar id = fields.get("event_id");
        if (id != null && !(id instanceof JsonScalar.Text t && t.value().matches(
                "[A-Za-z0-9_.-]{1,200}"))) {
            throw new BadEventException("'event_id' must be 1..200 letters, digits or _.- (or"
                    + " left out: the server makes one)");
        }
        return new StatsBody.Event(name.value(), uid.text(), fields);
    }

    private static StatsBody.Points points(JsonParser parser) throws IOException {
        List<StatsBody.Point> points = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            String where = "point " + points.size();
            if (token != JsonToken.START_OBJECT) {
                throw new BadEventException(where + " is a JSON " + kind(token) + ": each point"
                        + " is an object {measurement, tags, fields}");
            }
            String measurement = null;
            Map<String, JsonScalar> tags = Map.of();
            Map<String, JsonScalar> fields = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (key) {
                    case "measurement" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw new BadEventException(where + ": 'measurement' must be a"
                                    + " string");
                        }
                        measurement = parser.getText();
                    }
                    case "tags" -> tags = objectOf(parser, value, where + " tag");
                    case "fields" -> fields = objectOf(parser, value, where + " field");
                    default -> parser.skipChildren();
                }
            }
            if (measurement == null) {
                throw new BadEventException(where + " lacks 'measurement'");
            }
            EventNames.requirePath(where + " measurement", measurement);
            if (fields == null || fields.isEmpty()) {
                throw new BadEventException(where + " (" + measurement + ") has no 'fields': a"
                        + " point needs at least one field value");
            }
            points.add(new StatsBody.Point(measurement, tags, fields));
        }
        return new StatsBody.Points(points);
    }

    private static Map<String, JsonScalar> objectOf(JsonParser parser, JsonToken value,
            String what) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        if (value != JsonToken.START_OBJECT) {
            throw new BadEventException(what + "s must be an object of name: value");
        }
        return flatObject(parser, what);
    }

    /** The members of the object just opened, each a path-node name and a flat value. */
    private static Map<String, JsonScalar> flatObject(JsonParser parser, String what)
            throws IOException {
        Map<String, JsonScalar> members = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            EventNames.requireNode(what + " name", name);
            JsonToken value = parser.nextToken();
            JsonScalar scalar = switch (value) {
                case VALUE_STRING -> new JsonScalar.Text(parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new JsonScalar.Number(
                        parser.getText(), parser.getValueAsDouble());
                case VALUE_TRUE -> new JsonScalar.Bool(true);
                case VALUE_FALSE -> new JsonScalar.Bool(false);
                case VALUE_NULL -> new JsonScalar.Null();
                default -> throw new BadEventException(what + " '" + name + "' is a JSON "
                        + kind(value) + ": values must be flat (string, number, boolean or"
                        + " null); flatten nested objects to a_b_c as stats-client does");
            };
            members.remove(name);
            members.put(name, scalar);
            if (members.size() > MAX_FIELDS) {
                throw new BadEventException("more than " + MAX_FIELDS + " " + what + "s");
            }
        }
        return members;
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    private static String where(JsonParser parser) {
        return "line " + parser.currentTokenLocation().getLineNr() + " column "
                + parser.currentTokenLocation().getColumnNr();
    }

    /** Refuses bytes that are not UTF-8, saying where. */
    static void requireUtf8(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(body));
                } catch (CharacterCodingException e) {
                    throw new BadEventException("the body is not UTF-8: "
                            + firstBadByte(body));
                }
                return;
            }
        }
    }

    private static String firstBadByte(byte[] body) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        var out = java.nio.CharBuffer.allocate(body.length);
        var result = decoder.decode(in, out, true);
        int at = in.position();
        return result.isError() ? String.format("byte 0x%02x at offset %d", body[at] & 0xff, at)
                : "a sequence cut short at the end";
    }
}
