package org.dkumonitor.server.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dkumonitor.server.ingest.JsonText;

/**
 * graphite-web's event JSON: what {@code POST /events/} takes ({@code what}, {@code tags} as
 * an array or a space-separated string, {@code data}, {@code when} in epoch seconds, now when
 * absent) and how an annotation is stored in its record.
 */
final class AnnotationJson {

    private static final JsonFactory JSON = new JsonFactory();

    private AnnotationJson() {
    }

    /** A posted event, with the time to use when it has no {@code when}. */
    static Annotation parsePost(byte[] body, long nowMillis) {
        StatsBodyParser.requireUtf8(body);
        String what = null;
        List<String> tags = List.of();
        String data = "";
        long when = nowMillis;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadEventException("the body must be a JSON object {\"what\", \"tags\","
                        + " \"data\", \"when\"}");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (key) {
                    case "what" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw new BadEventException("\"what\" must be a string");
                        }
                        what = parser.getText();
                    }
                    case "tags" -> tags = tags(parser, value);
                    case "data" -> data = value == JsonToken.VALUE_NULL ? ""
                            : value.isScalarValue() ? parser.getText() : text(parser);
                    case "when" -> {
                        if (!value.isNumeric()) {
                            throw new BadEventException("\"when\" must be a number of seconds"
                                    + " since the epoch");
                        }
                        BigDecimal seconds = parser.getDecimalValue();
                        if (seconds.abs().compareTo(BigDecimal.valueOf(253_402_300_799L)) > 0) {
                            throw new BadEventException("\"when\" is outside the years 1..9999");
                        }
                        when = seconds.movePointRight(3).longValue();
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new BadEventException("text after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new BadEventException("invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadEventException("cannot read the body: " + e.getMessage());
        }
        if (what == null || what.isEmpty()) {
            throw new BadEventException("\"what\" is required: what happened, e.g."
                    + " \"deploy of app 1.2\"");
        }
        if (what.length() > 255) {
            throw new BadEventException("\"what\" is over 255 characters (graphite-web's"
                    + " limit)");
        }
        return new Annotation(0L, when, what, tags, data);
    }

    private static List<String> tags(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (value == JsonToken.VALUE_STRING) {
            return words(parser.getText());
        }
        if (value == JsonToken.START_ARRAY) {
            List<String> tags = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (!parser.currentToken().isScalarValue()) {
                    throw new BadEventException("\"tags\" must be an array or space-separated"
                            + " string");
                }
                tags.addAll(words(parser.getText()));
            }
            return tags;
        }
        throw new BadEventException("\"tags\" must be an array or space-separated string");
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    /** A nested value as JSON text (graphite-web stores data as text). */
    private static String text(JsonParser parser) throws IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        try (var generator = JSON.createGenerator(out)) {
            generator.copyCurrentStructure(parser);
        }
        return out.toString();
    }

    static String write(Annotation annotation) {
        StringBuilder out = new StringBuilder("{\"id\": ").append(annotation.id())
                .append(", \"when\": ").append(annotation.whenMillis())
                .append(", \"what\": ").append(JsonText.quote(annotation.what()))
                .append(", \"tags\": [");
        for (int i = 0; i < annotation.tags().size(); i++) {
            out.append(i > 0 ? ", " : "").append(JsonText.quote(annotation.tags().get(i)));
        }
        return out.append("], \"data\": ").append(JsonText.quote(annotation.data()))
                .append('}').toString();
    }

    static Annotation read(byte[] body) {
        long id = 0;
        long when = 0;
        String what = "";
        String data = "";
        List<String> tags = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(body)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                switch (key) {
                    case "id" -> id = parser.getLongValue();
                    case "when" -> when = parser.getLongValue();
                    case "what" -> what = parser.getText();
                    case "data" -> data = parser.getText();
                    case "tags" -> {
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            tags.add(parser.getText());
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("an annotation record does not parse: " + e, e);
        }
        return new Annotation(id, when, what, tags, data);
    }
}
