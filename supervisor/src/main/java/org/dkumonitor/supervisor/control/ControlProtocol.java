package org.dkumonitor.supervisor.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The control socket's wire format: one request as a line of JSON from dkm, one response as a
 * line of JSON from the supervisor, then the connection closes.
 */
public final class ControlProtocol {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ControlProtocol() {
    }

    public static String encode(Object message) {
        try {
            return JSON.writeValueAsString(message) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message, e);
        }
    }

    public static <T> T decode(String line, Class<T> type) {
        try {
            return JSON.readValue(line, type);
        } catch (JsonProcessingException e) {
            throw new ControlException("malformed control message: " + e.getOriginalMessage());
        }
    }
}
