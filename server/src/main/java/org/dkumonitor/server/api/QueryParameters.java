package org.dkumonitor.server.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parameters of a request: the query string and, for a form POST, the body. Repeatable. */
public final class QueryParameters {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    public static QueryParameters parse(String... encodedParts) {
        QueryParameters parameters = new QueryParameters();
        for (String encoded : encodedParts) {
            if (encoded == null || encoded.isEmpty()) {
                continue;
            }
            for (String pair : encoded.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String key = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                parameters.values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("malformed URL encoding in '" + text + "'");
        }
    }

    public List<String> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    /** The last value given for the key, or the default when absent or empty. */
    public String get(String key, String defaultValue) {
        List<String> given = values.get(key);
        if (given == null || given.isEmpty() || given.get(given.size() - 1).isEmpty()) {
            return defaultValue;
        }
        return given.get(given.size() - 1);
    }
}
