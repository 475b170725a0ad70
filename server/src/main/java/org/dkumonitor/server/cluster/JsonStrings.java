package org.dkumonitor.server.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON array of strings: what /metrics/index.json and the tag autocompletion answer,
 * on graphite-web and on our servers alike.
 */
final class JsonStrings {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonStrings() {
    }

    static List<String> parse(byte[] body, String contentType) {
        List<String> out = new ArrayList<>();
        try (JsonParser json = FACTORY.createParser(body)) {
            if (json.nextToken() != JsonToken.START_ARRAY) {
                throw bad(body, contentType);
            }
            JsonToken token;
            while ((token = json.nextToken()) == JsonToken.VALUE_STRING) {
                out.add(json.getText());
            }
            if (token != JsonToken.END_ARRAY || json.nextToken() != null) {
                throw bad(body, contentType);
            }
        } catch (IOException e) {
            throw bad(body, contentType);
        }
        return out;
    }

    private static MemberCalls.BadAnswerException bad(byte[] body, String contentType) {
        return new MemberCalls.BadAnswerException("answered " + (contentType == null ? "a body"
                : contentType) + " that is not a JSON list of strings: "
                + MemberCalls.preview(body));
    }
}
