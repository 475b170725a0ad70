package org.dkumonitor.server.events.access;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** The fields of a token's payload that matter here; a payload is signed, so it is ours. */
record Payload(double expires, String identity, String salt) {

    private static final JsonFactory JSON = new JsonFactory();

    /** Reads the payload; one that is not the JSON object tokenlib writes fails verification. */
    static Payload parse(String json) {
        double expires = Double.NaN;
        String identity = null;
        String salt = null;
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new TokenException("token payload is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (key) {
                    case "expires" -> expires = value.isNumeric() ? parser.getDoubleValue()
                            : Double.NaN;
                    case "identity" -> identity = value == JsonToken.VALUE_STRING
                            ? parser.getText() : null;
                    case "salt" -> salt = value == JsonToken.VALUE_STRING ? parser.getText()
                            : null;
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new TokenException("token payload is not JSON: " + e.getMessage());
        }
        if (Double.isNaN(expires) || identity == null) {
            throw new TokenException("token payload lacks expires or identity");
        }
        return new Payload(expires, identity, salt);
    }
}
